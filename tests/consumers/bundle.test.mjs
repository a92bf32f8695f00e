// One plain-JavaScript app (tests/consumers/bundle-app) bundled four ways from the tarball
// `npm pack` makes: esbuild --bundle as iife (esbuild's default format for the browser) and as
// esm, Rollup + @rollup/plugin-node-resolve as iife and as es. Each bundle is served with the
// local ITSM server and run in headless Chromium (iife with a classic <script>, esm with a
// module script). One install for the four.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, workDir } from "./helpers.mjs";

const installedVersion = (app, name) =>
  JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;

const BUILDS = [
  { script: "esbuild:iife", tool: "esbuild", html: "index.html" },
  { script: "esbuild:esm", tool: "esbuild", html: "index.module.html" },
  { script: "rollup:iife", tool: "rollup", html: "index.html" },
  { script: "rollup:esm", tool: "rollup", html: "index.module.html" },
];

test("esbuild and Rollup bundles (iife and esm) list tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const work = workDir("bundle");
  const { tarball } = await pack(t, work);
  const app = await install(t, "bundle-app", work, tarball);

  for (const { script, tool, html } of BUILDS) {
    await t.test(`${tool} ${installedVersion(app, tool)} (npm run ${script})`, async (t) => {
      const dist = join(app, "dist", script.replace(":", "-"));
      const build = await mustRun(t, `npm run ${script}`, "npm", ["run", script], { cwd: app });
      // Both tools exit 0 on warnings (esbuild's "▲ [WARNING]", Rollup's "(!)"): none is expected.
      assert.doesNotMatch(`${build.stdout}${build.stderr}`, /WARNING|\(!\)/);
      copyFileSync(join(app, html), join(dist, "index.html"));
      // The default entry carries the module in its JavaScript: the bundle is the one file.
      assert.deepEqual(readdirSync(dist, { recursive: true }).sort(), ["app.js", "index.html"]);
      await checkAppRun(t, dist);
    });
  }
});
