// Node 16, as bk-itsm's own front-ends build on it (node-sass needs it), with the npm it shipped
// with (8.19.4), both pinned in node16-tools/: on a PATH whose `node` and `npm` are those, the
// tarball `npm pack` makes installs into node16-app with `npm install --engine-strict` (no
// EBADENGINE: the package's `engines` allows Node 16), esbuild bundles the app there, and the
// bundle lists tickets in Chromium. The package also runs on Node 16, which has no global fetch,
// when the client is given one (node-fetch), and says what is missing when it is not. And the
// same install refuses a copy of the tarball that asks for Node 18, as the package once did: the
// engine check this test relies on is live.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../server/server.mjs";
import { APP, TOKEN, checkAppRun, expectedPage, install, mustRun, pack, run, workDir } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const NODE = "16.20.2";
const NPM = "8.19.4";

let work;
let tarball;
let env16;
let app;
let server;

before(async (t) => {
  work = workDir("node16");
  ({ tarball } = await pack(t, work));
  const tools = join(work, "node16-tools");
  cpSync(join(here, "node16-tools"), tools, { recursive: true, filter: (src) => basename(src) !== "node_modules" });
  await mustRun(t, "npm ci (node16-tools)", "npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: tools });
  // A PATH as on a Node 16 machine: `node` is Node 16, `npm` its npm run by Node 16 (npm's own
  // launcher looks for npm beside node, where the `node` package has none).
  const bin = join(work, "node16-bin");
  mkdirSync(bin);
  const node = join(tools, "node_modules", "node16", "bin", "node");
  symlinkSync(node, join(bin, "node"));
  writeFileSync(join(bin, "npm"), `#!/bin/sh\nexec "${node}" "${join(tools, "node_modules", "npm8", "bin", "npm-cli.js")}" "$@"\n`, { mode: 0o755 });
  env16 = { PATH: `${bin}:${process.env.PATH}` };
  server = await startServer({ port: 0 });
});

after(() => server?.close());

test(`npm ${NPM} runs on Node ${NODE}`, async (t) => {
  const r = await mustRun(t, "npm version (Node 16)", "npm", ["version", "--json"], { cwd: work, env: env16 });
  const versions = JSON.parse(r.stdout);
  assert.equal(versions.node, NODE);
  assert.equal(versions.npm, NPM);
});

test("npm install --engine-strict on Node 16 installs the tarball and the app's tools", async (t) => {
  app = await install(t, "node16-app", work, tarball, ["--engine-strict"], { env: env16 });
  const installed = JSON.parse(readFileSync(join(app, "node_modules", "bk-itsm-tickets", "package.json"), "utf8"));
  assert.equal(installed.name, "bk-itsm-tickets");
  // (--engine-strict made any engine warning an error.) The tree npm 8 installed is whole.
  const r = await mustRun(t, "npm ls (Node 16)", "npm", ["ls", "--all"], { cwd: app, env: env16 });
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /EBADENGINE|invalid|missing/i);
});

test("esbuild on Node 16 bundles the app, which lists tickets in Chromium", { timeout: 10 * 60_000 }, async (t) => {
  assert.ok(app, "the install failed");
  const build = await mustRun(t, "npm run build (esbuild on Node 16)", "npm", ["run", "build"], { cwd: app, env: env16 });
  assert.doesNotMatch(`${build.stdout}${build.stderr}`, /WARNING/);
  const dist = join(app, "dist");
  copyFileSync(join(app, "src", "index.html"), join(dist, "index.html"));
  await checkAppRun(t, dist);
});

test("on Node 16 the package lists tickets with node-fetch passed to createClient", async (t) => {
  assert.ok(app, "the install failed");
  const node = join(work, "node16-bin", "node");
  const env = { BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret, BK_TOKEN: TOKEN };
  const r = await mustRun(t, "Node 16 list.cjs", node, ["list.cjs", server.url, "6"], { cwd: app, env });
  const expected = await expectedPage(server.url, { page_size: 6 });
  const got = JSON.parse(r.stdout);
  assert.equal(got.page, 1);
  assert.equal(got.count, expected.count);
  assert.deepEqual(got.sns, expected.items.map((i) => i.sn));
  assert.match(got.request_id, /^[0-9a-f]{32}$/);
  assert.equal(r.stderr, "");

  // Without one, the call says what is missing, and sends nothing.
  const none = await run(node, ["list.cjs", server.url, "6"], { cwd: app, env: { ...env, NO_FETCH: "1" } });
  assert.equal(none.code, 1, none.stderr);
  const err = JSON.parse(none.stderr);
  assert.equal(err.kind, "validation");
  assert.equal(err.field, "fetch");
  assert.match(err.message, /fetch/);
});

test("the same install refuses a copy of the package that asks for Node 18", async (t) => {
  // The tarball as the package was before: engines.node ">=18".
  const old = join(work, "engines-18");
  mkdirSync(old);
  await mustRun(t, "tar -xzf", "tar", ["-xzf", tarball, "-C", old]);
  const manifest = join(old, "package", "package.json");
  const fields = JSON.parse(readFileSync(manifest, "utf8"));
  assert.ok(fields.engines, "the package has no engines field");
  writeFileSync(manifest, JSON.stringify({ ...fields, engines: { node: ">=18" } }, null, 2));
  const packed = await mustRun(t, "npm pack (engines >=18)", "npm", ["pack", join(old, "package"), "--pack-destination", old, "--json"]);
  const refused = join(work, "refused");
  mkdirSync(refused);
  writeFileSync(join(refused, "package.json"), JSON.stringify({ name: "refused", private: true }));
  const r = await run("npm", [
    "install", "--engine-strict", "--no-audit", "--no-fund", "--prefer-offline", join(old, JSON.parse(packed.stdout)[0].filename),
  ], { cwd: refused, env: env16 });
  assert.notEqual(r.code, 0, `npm installed a package that asks for Node 18 on Node 16:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /EBADENGINE/, r.stderr);
});
