// A webpack 4.47 app (webpack-cli 3, html-webpack-plugin 4, plain JavaScript), the webpack that
// bk-itsm's own Vue 2 front-ends, bk-sops and vue-cli 4 build with, importing the package from
// the tarball `npm pack` makes; served with the local ITSM server and run in headless Chromium.
// webpack 4 reads no `exports` map: it takes the legacy `module` field, and its parser (acorn 6)
// refuses top-level await, `import.meta`, `??` and `?.` in whatever that resolves to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, wasmFiles, workDir } from "./helpers.mjs";

// webpack-cli 3 loads itself through v8-compile-cache, whose require hook turns Node 20.19+'s
// require() of an ES module (a dependency's require.mjs) into "Cannot use import statement
// outside a module" before anything is built; turning that cache off is what webpack 4
// projects on Node 20 do. No OpenSSL workaround is needed: webpack 4.47 hashes with its own
// md4 when Node's OpenSSL 3 has none.
const env = { DISABLE_V8_COMPILE_CACHE: "1" };

test("a webpack 4 app built with webpack --mode production lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const work = workDir("webpack4");
  const { tarball } = await pack(t, work);
  const app = await install(t, "webpack4-app", work, tarball);
  const build = await mustRun(t, "npm run build (webpack 4 --mode production)", "npm", ["run", "build"], { cwd: app, env });
  // webpack 4 exits 0 on warnings too; one here (size limits aside) would be ours to fix.
  const warnings = `${build.stdout}${build.stderr}`.split("\n").filter((l) => /WARNING/.test(l) && !/size limit|performance/i.test(l));
  assert.deepEqual(warnings, []);
  const dist = join(app, "dist");
  assert.deepEqual(wasmFiles(dist), []);
  await checkAppRun(t, dist);
});
