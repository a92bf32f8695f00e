// A webpack 5 app (plain JavaScript, webpack-cli, html-webpack-plugin) that imports the package
// from the tarball `npm pack` makes, served with the local ITSM server and run in headless
// Chromium: first as published (the default entry, the module inlined in the JavaScript), then
// the same app importing `bk-itsm-tickets/asset` (the .wasm as a separate asset, which webpack
// >= 5.83 handles with its default configuration).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, wasmFiles, workDir } from "./helpers.mjs";

let app;

before(async (t) => {
  const work = workDir("webpack");
  const { tarball } = await pack(t, work);
  app = await install(t, "webpack-app", work, tarball);
});

async function build(t) {
  const build = await mustRun(t, "npm run build (webpack --mode production)", "npm", ["run", "build"], { cwd: app });
  // webpack exits 0 on warnings; a warning here (size limits aside) would be ours to fix.
  const warnings = `${build.stdout}${build.stderr}`.split("\n").filter((l) => /WARNING/.test(l) && !/size limit|performance/i.test(l));
  assert.deepEqual(warnings, []);
  return join(app, "dist");
}

test("a webpack app built with webpack --mode production lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const dist = await build(t);
  assert.deepEqual(wasmFiles(dist), []);
  await checkAppRun(t, dist);
});

test("the same app importing bk-itsm-tickets/asset gets the .wasm emitted and fetched", { timeout: 15 * 60_000 }, async (t) => {
  const main = join(app, "src", "main.js");
  const source = readFileSync(main, "utf8");
  const asset = source.replace('from "bk-itsm-tickets";', 'from "bk-itsm-tickets/asset";');
  assert.notEqual(asset, source, "src/main.js no longer imports from \"bk-itsm-tickets\"");
  writeFileSync(main, asset);
  const dist = await build(t);
  assert.equal(wasmFiles(dist).length, 1, `dist: ${wasmFiles(dist)}`);
  await checkAppRun(t, dist, { entry: "asset" });
});
