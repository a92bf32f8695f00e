// Shared by the Vite consumer tests (vite.test.mjs: Vite 7, vite8.test.mjs: Vite 8, the same
// TypeScript app; vite5.test.mjs, vite6.test.mjs: the plain JavaScript app):
// one install of an app with Vite's default configuration (no vite.config), then `vite build`
// served with the local ITSM server, and `vite` (the dev server, what a developer runs all day)
// put behind one origin with the ITSM server as a portal's proxy does (helpers.mjs
// runInBrowser's devServer), both in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, install, mustRun, pack, workDir } from "./helpers.mjs";

/** The installed version of `name` in `app`'s node_modules. */
export function installedVersion(app, name) {
  return JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
}

// eslint-disable-next-line no-control-regex
const plain = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

/**
 * Starts the app's `vite` (the dev server; only the host comes from the command line, so the
 * URL it prints is 127.0.0.1, never ::1) and resolves when it prints that URL. Vite picks the
 * next free port itself when 5173 is taken. Returns {url, exited, output(), stop()}; `exited`
 * resolves with the exit code should the server stop by itself.
 */
export async function startVite(t, app) {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const started = Date.now();
  const child = spawn(join(app, "node_modules", ".bin", "vite"), ["--host", "127.0.0.1"], {
    cwd: app,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((done) => child.on("close", (code, signal) => done(code ?? signal)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  let timer;
  try {
    const url = await new Promise((done, fail) => {
      const look = (d) => {
        output += plain(String(d));
        const m = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) done(m[1]);
      };
      child.stdout.on("data", look);
      child.stderr.on("data", look);
      child.on("error", fail);
      exited.then((code) => fail(new Error(`vite exited (${code}) before serving:\n${output}`)));
      timer = setTimeout(() => fail(new Error(`vite printed no URL in 60 s:\n${output}`)), 60_000);
    }).finally(() => clearTimeout(timer));
    t.diagnostic(`vite dev server up: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { url, exited, stop, output: () => output };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The app under `vite` behind the front proxy: checkAppRun for `entry` ("default": no .wasm
 * requested, none in Vite's pre-bundled dependencies; "asset": the .wasm fetched once), failing
 * with Vite's own output when the page fails or the server exits while it loads.
 */
export async function checkDevRun(t, app, { entry = "default" } = {}) {
  const vite = await startVite(t, app);
  try {
    const dist = entry === "default" ? join(app, "node_modules", ".vite") : undefined;
    await Promise.race([
      checkAppRun(t, { devServer: vite.url }, { entry, dist }).catch((e) => {
        e.message += `\nvite's output:\n${vite.output()}`;
        throw e;
      }),
      vite.exited.then((code) => {
        throw new Error(`the vite dev server exited (${code}) while the page loaded:\n${vite.output()}`);
      }),
    ]);
    // Vite reports what it could not transform or pre-bundle on its console, not the page's.
    assert.doesNotMatch(vite.output(), /error/i, vite.output());
  } finally {
    await vite.stop();
  }
}

/**
 * Switches the app in `app` to `bk-itsm-tickets/asset` as the npm README's table for that entry
 * tells a user to: `from` → `to` in `file` (the one import), and `config` written as the app's
 * vite.config.js.
 */
export function useAssetEntry(app, { file, from, to, config }) {
  const path = join(app, file);
  const source = readFileSync(path, "utf8");
  assert.ok(source.includes(from), `${file} has no ${from}`);
  writeFileSync(path, source.replace(from, to));
  writeFileSync(join(app, "vite.config.js"), `import { defineConfig } from "vite";\n\nexport default defineConfig(${config});\n`);
}

/** vite5.test.mjs and vite6.test.mjs: `vite build`, then the dev server, one install. */
export function viteAppTests(name, major) {
  test(`a Vite ${major} app (default config) builds and runs its dev server with the package`, { timeout: 15 * 60_000 }, async (t) => {
    const work = workDir(name);
    const { tarball } = await pack(t, work);
    const app = await install(t, name, work, tarball);
    const version = installedVersion(app, "vite");
    assert.equal(version.split(".")[0], String(major));

    await t.test(`vite ${version} build: the app lists tickets in Chromium`, async (t) => {
      await mustRun(t, "npm run build (vite build)", "npm", ["run", "build"], { cwd: app });
      // checkAppRun also finds no .wasm in dist: the default entry is one JavaScript module.
      await checkAppRun(t, join(app, "dist"));
    });

    await t.test(`vite ${version} dev server: the app lists tickets in Chromium`, async (t) => {
      await checkDevRun(t, app);
    });

    // The npm README's table for the asset entry: Vite 5/6 builds need an ES2022 target (top-level
    // await), the dev server needs the package left out of pre-bundling.
    await t.test(`vite ${version}, bk-itsm-tickets/asset with the README's configuration: build and dev server`, async (t) => {
      useAssetEntry(app, {
        file: "src/main.js",
        from: 'from "bk-itsm-tickets";',
        to: 'from "bk-itsm-tickets/asset";',
        config: '{ build: { target: "es2022" }, optimizeDeps: { exclude: ["bk-itsm-tickets"] } }',
      });
      await mustRun(t, "vite build --outDir dist-asset", join(app, "node_modules", ".bin", "vite"), ["build", "--outDir", "dist-asset"], { cwd: app });
      await checkAppRun(t, join(app, "dist-asset"), { entry: "asset" });
      await checkDevRun(t, app, { entry: "asset" });
    });
  });
}

/**
 * vite.test.mjs (Vite 7) and vite8.test.mjs (Vite 8): the TypeScript app of vite-app/ (`tsc &&
 * vite build`, no vite.config) built with the default entry (nothing emitted or fetched besides
 * the JavaScript), served by the dev server, built with `bk-itsm-tickets/asset` (the .wasm emitted
 * and fetched once), and served by the dev server with the README's optimizeDeps.exclude. One
 * install for the four.
 */
export function viteTsAppTests(name, major) {
  test(`a Vite ${major} app (default config) builds with either entry and runs its dev server`, { timeout: 15 * 60_000 }, async (t) => {
    const work = workDir(name);
    const { tarball } = await pack(t, work);
    const app = await install(t, name, work, tarball);
    const version = installedVersion(app, "vite");
    assert.equal(version.split(".")[0], String(major));
    const typescript = installedVersion(app, "typescript");

    await t.test(`vite ${version} build (TypeScript ${typescript}), default entry: no .wasm emitted or fetched`, async (t) => {
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
}
