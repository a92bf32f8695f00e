// A webpack 5.82 app (webpack-cli 5, html-webpack-plugin, plain JavaScript) importing the
// package from the tarball `npm pack` makes; served with the local ITSM server and run in
// headless Chromium. Before 5.83 webpack leaves top-level await off unless configured
// (experiments.topLevelAwait), so the default entry must not use it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, wasmFiles, workDir } from "./helpers.mjs";

test("a webpack 5.82 app built with webpack --mode production lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const work = workDir("webpack582");
  const { tarball } = await pack(t, work);
  const app = await install(t, "webpack582-app", work, tarball);
  const build = await mustRun(t, "npm run build (webpack 5.82 --mode production)", "npm", ["run", "build"], { cwd: app });
  const warnings = `${build.stdout}${build.stderr}`.split("\n").filter((l) => /WARNING/.test(l) && !/size limit|performance/i.test(l));
  assert.deepEqual(warnings, []);
  const dist = join(app, "dist");
  assert.deepEqual(wasmFiles(dist), []);
  await checkAppRun(t, dist);
});
