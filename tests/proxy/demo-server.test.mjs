// The demo's server (`make demo`: tests/server/server.mjs --proxy-app): the built package's
// proxy mounted at /itsm in front of the server's own doors, with the demo app and
// `verifyUser: "esb"` through the server's bk_login. The doors themselves add nothing: a
// request without the app is refused there. A test prefix in front of /itsm reaches the doors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../server/server.mjs";
import { APP, assertNoSecrets, pageClient, pathOf, pkgDir, raw, root, sameOrigin, secrets } from "./helpers.mjs";

let srv, token;
before(async () => {
  srv = await startServer({ port: 0, proxyApp: pkgDir, staticDir: join(root, "www"), mounts: [["/pkg", pkgDir]] });
  token = (await (await fetch(`${srv.url}/login?username=alice&format=json`)).json()).bk_token;
  secrets.add(token);
});
after(() => srv?.close());

const log = async (tag) => (await fetch(`${srv.url}/__log?tag=${encodeURIComponent(tag)}`)).json();

describe("the demo server's --proxy-app", () => {
  test("/itsm is the proxy: the page's client, signed in through /login, reads and writes with no secret", async () => {
    const page = pageClient(srv.url, token);
    assert.equal((await page.getTickets({ page_size: 3 })).items.length, 3);
    const { sn } = await page.createTicket({ service_id: 1, fields: { title: "from the demo", apply_content: "x" } });
    assert.equal((await page.getTicketInfo({ sn })).creator, "alice");
    const gw = pageClient(srv.url, token, { door: "apigw" });
    assert.ok((await gw.getTicketsByUser({ user: "alice", view_type: "my_created", page_size: 1 })).items.length <= 1);
  });

  test("the doors add no app any more: without one, ESB and the gateway refuse", async () => {
    const esb = await (await fetch(`${srv.url}/api/c/compapi/v2/itsm/get_tickets/`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ bk_token: token }) })).json();
    assert.equal(esb.code, 1306000);
    const gateway = await fetch(`${srv.url}/api/bk-itsm/prod/v2/itsm/get_tickets/`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    assert.equal(gateway.status, 400);
  });

  test("a test prefix before /itsm reaches the doors (delay, tag), not the login check; the proxy's own request is not logged", async () => {
    const started = Date.now();
    const r = await raw(srv.url, `/__/tag=demo-slow,delay=400${pathOf("get_tickets")}`, { method: "POST", headers: sameOrigin(srv.url, token), body: '{"page_size":1}' });
    assert.equal(r.json.result, true, r.text);
    assert.ok(Date.now() - started >= 400);
    const entries = await log("demo-slow");
    assert.deepEqual(entries.map((e) => e.path), ["/api/c/compapi/v2/itsm/get_tickets/"]);
    assert.equal(entries[0].body.bk_app_code, APP.bk_app_code, "the proxy's app reached the door");
    assert.equal(entries[0].body.bk_token, token);
    const fault = await raw(srv.url, `/__/tag=demo-fault,fault=html502${pathOf("get_tickets")}`, { method: "POST", headers: sameOrigin(srv.url, token), body: "{}" });
    assert.equal(fault.status, 502);
    assert.match(fault.text, /<html>/);
  });

  test("the proxy refuses what it refuses elsewhere: cross-site, no login", async () => {
    const cross = await raw(srv.url, pathOf("get_tickets"), { method: "POST", headers: { ...sameOrigin(srv.url, token), Origin: "https://evil.example" }, body: "{}" });
    assert.equal(cross.status, 403);
    const { Cookie, ...headers } = sameOrigin(srv.url, token);
    const anonymous = await raw(srv.url, pathOf("get_tickets"), { method: "POST", headers, body: "{}" });
    assert.equal(anonymous.status, 401);
  });

  test("a proxyApp without a built package fails to start, saying what to run", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-pkg-"));
    try {
      await assert.rejects(startServer({ port: 0, proxyApp: empty }), /no .*proxy\.js \(run make pkg, or set PKG_DIR\)/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("the command `make demo` runs: --proxy-app mounts the proxy; SIGTERM stops it with code 0", async () => {
    const child = spawn(process.execPath, ["tests/server/server.mjs", "--port", "0", "--proxy-app", "--static", "www", "--mount", `/pkg=${pkgDir}`], {
      cwd: root,
      env: { ...process.env, PKG_DIR: pkgDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise((done, fail) => {
        let out = "";
        child.stdout.on("data", (c) => {
          out += c;
          const m = /listening (http:\/\/\S+)/.exec(out);
          if (m) done(m[1]);
        });
        child.once("exit", (code) => fail(new Error(`exited with ${code}`)));
      });
      const r = await raw(url, `${pathOf("get_ticket_info")}?sn=PBI20261013000001`, { headers: sameOrigin(url, "test-token-admin") });
      assert.equal(r.json.result, true, r.text);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once("exit", (code) => done(code)));
        child.kill("SIGTERM");
        assert.equal(await exited, 0);
      }
    }
  });

  test("no answer held a secret", () => assertNoSecrets({ logs: false }));
});
