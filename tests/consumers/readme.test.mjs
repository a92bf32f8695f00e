// The npm README's examples, as written there (the blocks after `<!-- readme-test: NAME -->`),
// run against the tarball `npm pack` makes and the local ITSM server. Only addresses and
// ports are substituted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { APP, ESB_PATH, TOKEN, expectedPage, install, mustRun, pack, pkgDir, root, workDir } from "./helpers.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";

// The whitelisted app of the local server: it may name the user with bk_username.
const TRUSTED = { BK_APP_CODE: "bk-itsm-trusted", BK_APP_SECRET: "trusted-secret-8d2e4b6a1f" };

let work;
let tarball;
let readme;

before(async (t) => {
  work = workDir("readme");
  ({ tarball } = await pack(t, work));
  readme = readFileSync(join(pkgDir, "README.md"), "utf8");
});

// node-app with the tarball, installed once for the examples that need a Node project; without
// its devDependencies (the Node binaries node.test.mjs runs), which the examples do not use.
let nodeAppDir;
function nodeApp(t) {
  nodeAppDir ??= install(t, "node-app", work, tarball, ["--omit=dev"]);
  return nodeAppDir;
}

/** The fenced code block that follows `<!-- readme-test: name -->`. */
function example(name) {
  const marker = `<!-- readme-test: ${name} -->`;
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `the README has no ${marker}`);
  const block = /```\w*\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `no code block after ${marker}`);
  return block[1];
}

/** Replaces `from` in `code`, failing if it is not there (the README changed). */
function substitute(code, from, to) {
  assert.ok(code.includes(from), `the example no longer contains ${from}`);
  return code.split(from).join(to);
}

test("the plain <script type=module> page lists tickets", async (t) => {
  // The package's folder as npm installs it, served under /vendor/bk-itsm-tickets/.
  const site = join(work, "site");
  mkdirSync(join(site, "vendor"), { recursive: true });
  await mustRun(t, "tar -xzf", "tar", ["-xzf", tarball, "-C", join(site, "vendor")]);
  writeFileSync(join(site, "index.html"), example("plain-page"));
  const server = await startServer({ port: 0, staticDir: site, mounts: [["/vendor/bk-itsm-tickets", join(site, "vendor", "package")]], appInDoors: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/login?username=admin&next=/`);
    await page.locator("#tickets li").nth(9).waitFor({ timeout: 30_000 });
    const shown = await page.locator("#tickets li").allTextContents();
    const expected = await expectedPage(server.url, { page_size: 10 });
    assert.deepEqual(shown, expected.items.map((i) => `${i.sn} ${i.title}`));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test("the TypeScript example type-checks under --strict", async (t) => {
  // In a project with the tarball installed, the way a Node ESM project resolves it.
  const dir = await nodeApp(t);
  writeFileSync(join(dir, "example.ts"), example("typescript"));
  await mustRun(t, "tsc --strict example.ts", join(root, "node_modules", ".bin", "tsc"), [
    "--strict", "--noEmit", "--pretty", "false", "--target", "es2022", "--module", "nodenext",
    "--moduleResolution", "nodenext", "--lib", "es2022,dom", "example.ts",
  ], { cwd: dir });
});

test("the Node example lists running tickets", async (t) => {
  const server = await startServer({ port: 0 });
  try {
    const app = await nodeApp(t);
    writeFileSync(join(app, "readme-node.mjs"), substitute(example("node"), "https://paas.example.com", server.url));
    const r = await mustRun(t, "node readme-node.mjs", process.execPath, ["readme-node.mjs"], { cwd: app, env: TRUSTED });
    const expected = await expectedPage(server.url, { current_status__in: ["RUNNING"], page_size: 50 });
    assert.equal(expected.items.length, 50);
    assert.equal(r.stdout, `${expected.items.map((i) => `${i.sn} ${i.title}`).join("\n")}\n`);
  } finally {
    await server.close();
  }
});

test("the Node proxy example forwards the reads by prefix, adds the app in a header, takes the user from the cookie only", async (t) => {
  const server = await startServer({ port: 0 }); // ESB as it is: no app added
  let proxy;
  try {
    let code = example("node-proxy");
    code = substitute(code, "https://paas.example.com", server.url.replace(/\/$/, ""));
    code = substitute(code, ".listen(8080);", '.listen(0, "127.0.0.1", function () { console.log(`port ${this.address().port}`); });');
    const file = join(work, "readme-proxy.mjs");
    writeFileSync(file, code);
    const env = { ...process.env, BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret };
    delete env.NODE_TEST_CONTEXT;
    proxy = spawn(process.execPath, [file], { env });
    const port = await new Promise((done, fail) => {
      let out = "";
      proxy.stdout.on("data", (d) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) done(Number(m[1]));
      });
      proxy.stderr.on("data", (d) => fail(new Error(`the proxy failed: ${d}`)));
      proxy.on("exit", (c) => fail(new Error(`the proxy exited with ${c}`)));
    });
    const prefix = `http://127.0.0.1:${port}/itsm/api/c/compapi/v2/itsm/`;
    const send = (path, { method = "POST", body, cookie, header = true } = {}) =>
      fetch(`${prefix}${path}`, {
        method,
        headers: {
          ...(body ? { "Content-Type": "application/json" } : {}),
          ...(header ? { "X-Bk-Itsm-Tickets": "1" } : {}),
          ...(cookie ? { Cookie: cookie } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    const call = (body, cookie) => send("get_tickets/", { body, cookie }).then((r) => r.json());

    const expected = await expectedPage(server.url, { page_size: 5 });
    await fetch(`${server.url}/__log?tag=`, { method: "DELETE" });

    // The browser's POST: filters, and the login cookie.
    const ok = await call({ page_size: 5, bk_username: "alice" }, `other=1; bk_token=${TOKEN}`);
    assert.equal(ok.result, true, JSON.stringify(ok));
    assert.deepEqual(ok.data.items.map((i) => i.sn), expected.items.map((i) => i.sn));

    // No cookie, no user: a bk_username from the browser does not stand in for one.
    const anonymous = await call({ page_size: 5, bk_username: "admin" });
    assert.equal(anonymous.result, false);
    assert.equal(anonymous.code, 1306000);

    // A GET as the package's ESB client sends it: the cookie's token in the query string too.
    const sn = expected.items[0].sn;
    const info = await send(`get_ticket_info/?bk_token=${TOKEN}&sn=${sn}`, { method: "GET", cookie: `bk_token=${TOKEN}` }).then((r) => r.json());
    assert.equal(info.result, true, JSON.stringify(info));
    assert.equal(info.data.sn, sn);

    // Writes, unknown paths, and requests without the package's header are not forwarded.
    const refused = [
      await send("create_ticket/", { body: { service_id: 1, fields: [] }, cookie: `bk_token=${TOKEN}` }),
      await send("operate_ticket/", { body: { sn, action_type: "WITHDRAW" }, cookie: `bk_token=${TOKEN}` }),
      await send("get_tickets", { body: {}, cookie: `bk_token=${TOKEN}` }),
      await send("get_tickets/", { body: {}, cookie: `bk_token=${TOKEN}`, header: false }),
    ].map((r) => r.status);
    assert.deepEqual(refused, [404, 404, 404, 403]);

    // What reached ESB: the parameters without any bk_*, the app from the proxy and the user's
    // token from the cookie in the X-Bkapi-Authorization header, nothing in a URL.
    const forwarded = (await (await fetch(`${server.url}/__log?tag=`)).json()).filter((e) => e.path.startsWith("/api/c/compapi/"));
    assert.deepEqual(forwarded.map((e) => [e.method, e.path]), [
      ["POST", ESB_PATH],
      ["POST", ESB_PATH],
      ["GET", "/api/c/compapi/v2/itsm/get_ticket_info/"],
    ]);
    assert.deepEqual(forwarded[0].body, { page_size: 5 });
    assert.deepEqual(forwarded[0].auth, { ...APP, bk_token: TOKEN });
    assert.deepEqual(forwarded[1].auth, { ...APP });
    assert.deepEqual(forwarded[2].query, { sn });
    assert.deepEqual(forwarded[2].auth, { ...APP, bk_token: TOKEN });
  } finally {
    proxy?.kill();
    await server.close();
  }
});

test("Works with: the versions the README names are the versions the consumer tests pin", () => {
  const at = readme.indexOf("### Works with");
  assert.ok(at >= 0, "the README has no Works with section");
  const rows = [...readme.slice(at).matchAll(/^\| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => m.slice(1).map((c) => c.trim()));
  const pins = (app, names) => {
    const manifest = JSON.parse(readFileSync(join(root, "tests", "consumers", app, "package.json"), "utf8"));
    const deps = { ...manifest.dependencies, ...manifest.devDependencies };
    return names.map((n) => deps[n].replace(/^npm:[^@]+@/, ""));
  };
  // The stacks these consumer tests cover (the other bundlers' rows are pinned by their own tests).
  const vites = ["vite5-app", "vite6-app", "vite-app", "vite8-app"].flatMap((app) => pins(app, ["vite"]));
  const stacks = [
    ["Vite build", vites],
    ["Vite dev server", vites],
    ["Next.js", pins("next-app", ["next"])],
    ["Jest", pins("jest-app", ["jest", "jest-environment-jsdom"])],
    ["Vitest", pins("vitest-app", ["vitest"])],
    ["Node", pins("node-app", ["node18", "node20"])],
    ["Building on Node 16", pins("node16-tools", ["node16"])],
    ["TypeScript", pins("ts-app", ["typescript", "typescript6"])],
  ];
  const covers = (named, pinned) => pinned === named || pinned.startsWith(`${named}.`);
  for (const [stack, pinned] of stacks) {
    const row = rows.find(([name]) => name.startsWith(stack));
    assert.ok(row, `no Works with row for ${stack}`);
    const named = row[1].split(/,\s*/);
    // Every version named is one the tests run, and every version they run is named.
    for (const v of named) assert.ok(pinned.some((p) => covers(v, p)), `${stack}: the README names ${v}, the tests pin ${pinned}`);
    for (const p of pinned) assert.ok(named.some((v) => covers(v, p)), `${stack}: the tests pin ${p}, the README names ${named}`);
    assert.equal(row[2], "none", `${stack}: configuration needed`);
  }
});
