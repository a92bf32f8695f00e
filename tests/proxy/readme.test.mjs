// The documentation of the proxy ("Writes: the proxy", in README.md and in the package's PROXY.md) is
// the API as built: the same text in both, every option of the declarations in its table and
// nothing else, every code of the declarations explained, and its Node example runs as written
// (only the target's address and the port substituted) against the local server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP, TOKEN, assertNoSecrets, backend, pageClient, pkgDir, root, sleep } from "./helpers.mjs";

/** The section, from its heading to the next `## `. */
function section(text, heading) {
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `no ${heading}`);
  const end = text.indexOf("\n## ", at + heading.length);
  return text.slice(at + heading.length, end === -1 ? undefined : end);
}
const repoSection = section(readFileSync(join(root, "README.md"), "utf8"), "## Writes: the proxy\n");
const npmSection = section(readFileSync(join(pkgDir, "PROXY.md"), "utf8"), "## Writes: the proxy (`bk-itsm-tickets/proxy`)\n");
const dts = readFileSync(join(pkgDir, "proxy.d.ts"), "utf8");

let srv, work;
before(async () => {
  srv = await backend();
  work = mkdtempSync(join(tmpdir(), "bk-itsm-proxy-readme-"));
});
after(async () => {
  await srv?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("README.md and the package's PROXY.md carry the same section", () => {
  assert.equal(npmSection, repoSection);
});

test("the options table lists every option the declarations have, and no other", () => {
  const body = /export interface ItsmProxyOptions \{([\s\S]*?)\n\}/.exec(dts)[1];
  const declared = [...body.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]).sort();
  const table = section(npmSection, "### Options\n");
  const documented = [...table.matchAll(/^\| ((?:`\w+`(?:, )?)+) \|/gm)].flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((x) => x[1])).sort();
  assert.deepEqual(documented, declared);
});

test("every code of the proxy's own answers is explained", () => {
  const union = /export type ItsmProxyCode =([\s\S]*?);/.exec(dts)[1];
  const codes = [...union.matchAll(/\|\s*("?[\w]+"?)/g)].map((m) => m[1].replace(/"/g, ""));
  assert.ok(codes.length >= 10);
  for (const c of codes) assert.ok(npmSection.includes(`\`${c}\``), `${c} is not in the README`);
});

/** A port nothing listens on yet. */
async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

test("the Node example runs as written: the page's client reads and writes through it", async () => {
  const marker = "<!-- proxy-example: node -->";
  const at = npmSection.indexOf(marker);
  assert.ok(at >= 0, `no ${marker}`);
  let code = /```js\n([\s\S]*?)```/.exec(npmSection.slice(at))[1];
  const port = await freePort();
  const substitute = (from, to) => {
    assert.ok(code.includes(from), `the example no longer has ${from}`);
    code = code.split(from).join(to);
  };
  substitute('target: "https://paas.example.com"', `target: ${JSON.stringify(srv.url)}`);
  substitute(".listen(8080)", `.listen(${port}, "127.0.0.1")`);
  const app = join(work, "portal");
  mkdirSync(join(app, "node_modules"), { recursive: true });
  symlinkSync(pkgDir, join(app, "node_modules", "bk-itsm-tickets"), "dir");
  writeFileSync(join(app, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(app, "server.js"), code);
  const child = spawn(process.execPath, ["server.js"], { cwd: app, env: { ...process.env, BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret }, stdio: ["ignore", "inherit", "inherit"] });
  try {
    const site = `http://127.0.0.1:${port}`;
    // Ready when the proxy answers (the example leaves every other path to the portal's pages).
    for (let i = 0; ; i++) {
      try {
        await fetch(`${site}/itsm/`);
        break;
      } catch (e) {
        if (i > 100 || child.exitCode !== null) throw e;
        await sleep(50);
      }
    }
    const page = pageClient(site, TOKEN.alice);
    assert.equal((await page.getTickets({ page_size: 2 })).items.length, 2);
    const { sn } = await page.createTicket({ service_id: 1, fields: { title: "Two test servers", apply_content: "load test" } });
    await page.waitForSteps(sn); // ITSM starts the flow asynchronously
    assert.deepEqual(await page.operateTicket({ sn, action_type: "WITHDRAW", action_message: "not needed" }), []);
    assert.equal((await page.getTicketInfo({ sn })).creator, "alice");
  } finally {
    child.kill("SIGTERM");
  }
  assertNoSecrets({ logs: false });
});
