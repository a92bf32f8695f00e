// A Vite 7 app (TypeScript, `tsc && vite build`, no vite.config) that imports the package from
// the tarball `npm pack` makes, served with the local ITSM server and run in headless Chromium:
// built with the default entry (nothing emitted or fetched besides the JavaScript), built again
// with `bk-itsm-tickets/asset` (the .wasm emitted and fetched once), and served by the `vite` dev
// server behind a same-origin proxy (vite-common.mjs). One install for the three.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, workDir } from "./helpers.mjs";
import { checkDevRun, installedVersion } from "./vite-common.mjs";

test("a Vite 7 app (default config) builds with either entry and runs its dev server", { timeout: 15 * 60_000 }, async (t) => {
  const work = workDir("vite");
  const { tarball } = await pack(t, work);
  const app = await install(t, "vite-app", work, tarball);
  const version = installedVersion(app, "vite");
  assert.equal(version.split(".")[0], "7");

  await t.test(`vite ${version} build, default entry: no .wasm emitted or fetched`, async (t) => {
    // The project's own build script: tsc (strict, the package's .d.ts checked) then vite build.
    await mustRun(t, "npm run build (tsc && vite build)", "npm", ["run", "build"], { cwd: app });
    await checkAppRun(t, join(app, "dist"));
  });

  await t.test(`vite ${version} dev server, default entry`, async (t) => {
    await checkDevRun(t, app);
  });

  await t.test(`vite ${version} build, bk-itsm-tickets/asset: the .wasm emitted and fetched once`, async (t) => {
    // The same app with its page's script switched to src/asset.ts (the one import that differs).
    const html = join(app, "index.html");
    const page = readFileSync(html, "utf8");
    assert.match(page, /src="\/src\/main\.ts"/);
    writeFileSync(html, page.replace('src="/src/main.ts"', 'src="/src/asset.ts"'));
    await mustRun(t, "vite build --outDir dist-asset", join(app, "node_modules", ".bin", "vite"), ["build", "--outDir", "dist-asset"], { cwd: app });
    await checkAppRun(t, join(app, "dist-asset"), { entry: "asset" });
  });

  await t.test(`vite ${version} dev server, bk-itsm-tickets/asset with the README's optimizeDeps.exclude`, async (t) => {
    // index.html runs src/asset.ts since the build above. Pre-bundled into node_modules/.vite/deps,
    // the asset entry's `new URL(".wasm", import.meta.url)` points where no file is (the page
    // gets index.html: "expected magic word"); the npm README says to leave the package out of
    // pre-bundling for this entry.
    writeFileSync(join(app, "vite.config.js"), 'import { defineConfig } from "vite";\n\nexport default defineConfig({ optimizeDeps: { exclude: ["bk-itsm-tickets"] } });\n');
    await checkDevRun(t, app, { entry: "asset" });
  });
});
