// A webpack 5 app (plain JavaScript, webpack-cli, html-webpack-plugin) that imports the package
// from the tarball `npm pack` makes, served with the local ITSM server and run in headless
// Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, workDir } from "./helpers.mjs";

test("a webpack app built with webpack --mode production lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const work = workDir("webpack");
  const { tarball } = await pack(t, work);
  const app = await install(t, "webpack-app", work, tarball);
  const build = await mustRun(t, "npm run build (webpack --mode production)", "npm", ["run", "build"], { cwd: app });
  // webpack exits 0 on warnings; a warning here (size limits aside) would be ours to fix.
  const warnings = `${build.stdout}${build.stderr}`.split("\n").filter((l) => /WARNING/.test(l) && !/size limit|performance/i.test(l));
  assert.deepEqual(warnings, []);
  const dist = readdirSync(join(app, "dist"));
  assert.equal(dist.filter((f) => f.endsWith(".wasm")).length, 1, `dist: ${dist}`);
  await checkAppRun(t, join(app, "dist"));
});
