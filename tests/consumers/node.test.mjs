// A Node ESM script (node-app/list.mjs) that imports the package from the tarball `npm pack`
// makes, through the exports map's `node` condition, and lists tickets from the local server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer } from "../server/server.mjs";
import { APP, TOKEN, expectedPage, install, mustRun, pack, run, workDir } from "./helpers.mjs";

let server;
let app;

before(async (t) => {
  server = await startServer({ port: 0 });
  const work = workDir("node");
  const { tarball } = await pack(t, work);
  app = await install(t, "node-app", work, tarball);
});

after(() => server?.close());

const env = { BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret, BK_TOKEN: TOKEN };

test("the package resolves to the Node entry", async (t) => {
  const r = await mustRun(t, "import.meta.resolve", process.execPath, [
    "--input-type=module", "-e", 'console.log(import.meta.resolve("bk-itsm-tickets"))',
  ], { cwd: app });
  assert.match(r.stdout.trim(), /\/node_modules\/bk-itsm-tickets\/node\.js$/);
});

test("list.mjs lists a page of tickets", async (t) => {
  const r = await mustRun(t, "node list.mjs", process.execPath, ["list.mjs", server.url, "25"], { cwd: app, env });
  const got = JSON.parse(r.stdout);
  const expected = await expectedPage(server.url, { page_size: 25 });
  assert.equal(got.count, expected.count);
  assert.equal(got.total_page, expected.total_page);
  assert.equal(got.page, 1);
  assert.equal(got.sns.length, 25);
  assert.deepEqual(got.sns, expected.items.map((i) => i.sn));
  assert.match(got.request_id, /^[0-9a-f]{32}$/);
});

test("a wrong secret is an API error that does not show the secret", async (t) => {
  const secret = "wrong-secret-5c1d9e";
  const r = await run(process.execPath, ["list.mjs", server.url], { cwd: app, env: { ...env, BK_APP_SECRET: secret } });
  assert.equal(r.code, 1, r.stderr);
  const err = JSON.parse(r.stderr);
  assert.equal(err.kind, "api");
  assert.equal(err.code, 1306000);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), r.stderr);
});

test("without baseUrl Node gets a validation error naming it", async () => {
  const r = await run(process.execPath, ["list.mjs"], { cwd: app, env });
  assert.equal(r.code, 1, r.stderr);
  const err = JSON.parse(r.stderr);
  assert.equal(err.kind, "validation");
  assert.equal(err.field, "baseUrl");
});

// require() of an ES module without top-level await: Node 20.19+ and 22.12+.
const [major, minor] = process.versions.node.split(".").map(Number);
const requireEsm = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;

test("CommonJS require() loads the Node entry", { skip: !requireEsm && "needs Node 20.19+ or 22.12+" }, async (t) => {
  const script = `
    const { createClient, isItsmError } = require("bk-itsm-tickets");
    createClient({ baseUrl: process.argv[1], ...JSON.parse(process.argv[2]) })
      .getTickets({ page_size: 3 })
      .then((p) => console.log(JSON.stringify(p.items.map((i) => i.sn))), (e) => { console.error(isItsmError(e), e.message); process.exit(1); });`;
  const r = await mustRun(t, "node -e require(...)", process.execPath, [
    "--no-warnings", "-e", script, server.url, JSON.stringify({ ...APP, bk_token: TOKEN }),
  ], { cwd: app });
  const expected = await expectedPage(server.url, { page_size: 3 });
  assert.deepEqual(JSON.parse(r.stdout), expected.items.map((i) => i.sn));
});
