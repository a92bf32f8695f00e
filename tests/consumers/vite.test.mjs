// A Vite 7 app (TypeScript, `tsc && vite build`) that imports the package from the tarball
// `npm pack` makes, served with the local ITSM server and run in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, workDir } from "./helpers.mjs";

test("a Vite app built with vite build lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const work = workDir("vite");
  const { tarball } = await pack(t, work);
  const app = await install(t, "vite-app", work, tarball);
  // The project's own build script: tsc (strict, the package's .d.ts checked) then vite build.
  await mustRun(t, "npm run build (tsc && vite build)", "npm", ["run", "build"], { cwd: app });
  const assets = readdirSync(join(app, "dist", "assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 1, `assets: ${assets}`);
  await checkAppRun(t, join(app, "dist"));
});
