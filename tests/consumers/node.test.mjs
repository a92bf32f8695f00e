// Node scripts that use the package from the tarball `npm pack` makes: node-app/list.mjs
// (`import`) and node-app/list.cjs (`require()`), each under this machine's Node and under the
// oldest Node lines with a global fetch, 18.20 and 20.18 (binaries from the `node` npm package,
// pinned in node-app/package.json; 20.18 is before require() of ES modules, 20.19). Node 16,
// which needs a fetch passed to createClient, is node16.test.mjs's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { startServer } from "../server/server.mjs";
import { APP, TOKEN, expectedPage, install, mustRun, pack, run, workDir } from "./helpers.mjs";

let server;
let app;
let expected;

before(async (t) => {
  server = await startServer({ port: 0 });
  const work = workDir("node");
  const { tarball } = await pack(t, work);
  app = await install(t, "node-app", work, tarball);
  expected = await expectedPage(server.url, { page_size: 25 });
});

after(() => server?.close());

const env = { BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret, BK_TOKEN: TOKEN };

// The Node binaries the scripts run under: this machine's, and the pinned ones in node-app.
const NODES = {
  [`Node ${process.versions.node}`]: () => process.execPath,
  "Node 18.20.8": () => join(app, "node_modules", "node18", "bin", "node"),
  "Node 20.18.3": () => join(app, "node_modules", "node20", "bin", "node"),
};

test("the pinned Node binaries are the versions named", () => {
  // (execFileSync: helpers' run() writes to the child's stdin, which `--version` may have
  // closed already.)
  for (const [name, bin] of Object.entries(NODES)) {
    assert.equal(execFileSync(bin(), ["--version"], { encoding: "utf8" }).trim(), `v${name.slice("Node ".length)}`);
  }
});

test("import resolves to the ES module entry, require() to the CommonJS one", async (t) => {
  const r = await mustRun(t, "resolve", process.execPath, [
    "--input-type=module", "-e",
    'import { createRequire } from "node:module"; console.log(import.meta.resolve("bk-itsm-tickets")); console.log(createRequire(import.meta.url).resolve("bk-itsm-tickets"))',
  ], { cwd: app });
  const [esm, cjs] = r.stdout.trim().split("\n");
  assert.match(esm, /\/node_modules\/bk-itsm-tickets\/index\.js$/);
  assert.match(cjs, /\/node_modules\/bk-itsm-tickets\/index\.cjs$/);
});

for (const [name, bin] of Object.entries(NODES)) {
  for (const script of ["list.mjs", "list.cjs"]) {
    test(`${name}: ${script} lists a page of tickets`, async (t) => {
      const r = await mustRun(t, `${name} ${script}`, bin(), [script, server.url, "25"], { cwd: app, env });
      const got = JSON.parse(r.stdout);
      assert.equal(got.count, expected.count);
      assert.equal(got.total_page, expected.total_page);
      assert.equal(got.page, 1);
      assert.equal(got.sns.length, 25);
      assert.deepEqual(got.sns, expected.items.map((i) => i.sn));
      assert.match(got.request_id, /^[0-9a-f]{32}$/);
      // Nothing on stderr but Node 18's own notice that its fetch is experimental: no warning
      // about how the package loads (require() of an ES module, other experimental features).
      const stderr = r.stderr
        .split("\n")
        .filter((l) => l && !/ExperimentalWarning: The Fetch API is an experimental feature|--trace-warnings/.test(l));
      assert.deepEqual(stderr, []);
    });
  }
}

for (const script of ["list.mjs", "list.cjs"]) {
  test(`${script}: a wrong secret is an API error that does not show the secret`, async () => {
    const secret = "wrong-secret-5c1d9e";
    const r = await run(process.execPath, [script, server.url], { cwd: app, env: { ...env, BK_APP_SECRET: secret } });
    assert.equal(r.code, 1, r.stderr);
    const err = JSON.parse(r.stderr);
    assert.equal(err.kind, "api");
    assert.equal(err.code, 1306000);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), r.stderr);
  });

  test(`${script}: without baseUrl Node gets a validation error naming it`, async () => {
    const r = await run(process.execPath, [script], { cwd: app, env });
    assert.equal(r.code, 1, r.stderr);
    const err = JSON.parse(r.stderr);
    assert.equal(err.kind, "validation");
    assert.equal(err.field, "baseUrl");
  });
}

test("import and require() in one process: two copies whose errors both isItsmError recognise", async (t) => {
  const script = `
    import { createRequire } from "node:module";
    import * as esm from "bk-itsm-tickets";
    const cjs = createRequire(import.meta.url)("bk-itsm-tickets");
    const fromEsm = await esm.getTickets({ page_size: 0 }).catch((e) => e);
    const fromCjs = await cjs.getTickets({ page_size: 0 }).catch((e) => e);
    console.log(JSON.stringify({
      sameFunctions: esm.getTickets === cjs.getTickets,
      kinds: [fromEsm.kind, fromCjs.kind],
      cjsRecognisesEsm: cjs.isItsmError(fromEsm),
      esmRecognisesCjs: esm.isItsmError(fromCjs),
      plainError: [esm.isItsmError(new Error("x")), cjs.isItsmError(new Error("x"))],
    }));`;
  const r = await mustRun(t, "node (import + require)", process.execPath, ["--input-type=module", "-e", script], { cwd: app });
  assert.deepEqual(JSON.parse(r.stdout), {
    sameFunctions: false,
    kinds: ["validation", "validation"],
    cjsRecognisesEsm: true,
    esmRecognisesCjs: true,
    plainError: [false, false],
  });
});

for (const [name, args] of [
  ["require()", ["-e", 'require("bk-itsm-tickets").createClient({ timeoutMs: -1 })']],
  ["import", ["--input-type=module", "-e", 'import { createClient } from "bk-itsm-tickets"; createClient({ timeoutMs: -1 });']],
]) {
  test(`${name}: an uncaught ItsmError's report names the error and fits a terminal`, async () => {
    // Node prints the source line of the error's first frame: a line of the entry, never the
    // whole bundle or the module's text.
    const r = await run(process.execPath, args, { cwd: app });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ItsmError: timeoutMs: -1 is out of range/);
    assert.ok(r.stderr.length < 4000, `${r.stderr.length} characters on stderr:\n${r.stderr.slice(0, 2000)}`);
  });
}
