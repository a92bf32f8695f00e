// A Parcel 2 app (plain JavaScript, no configuration) importing the package from the tarball
// `npm pack` makes: first under Parcel's dev server (`parcel src/index.html`, what a developer
// runs all day; its development bundles wrap each module in a function, so a package's
// top-level await is "Unexpected reserved word" there), put behind one origin with the local
// ITSM server as a portal's proxy does, then built with `parcel build`; both run in headless
// Chromium.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { checkAppRun, freePort, install, mustRun, pack, wasmFiles, workDir } from "./helpers.mjs";

let app;

before(async (t) => {
  const work = workDir("parcel");
  const { tarball } = await pack(t, work);
  app = await install(t, "parcel-app", work, tarball);
});

// eslint-disable-next-line no-control-regex
const plain = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

/**
 * Starts `npm start` (parcel src/index.html) on a free port in its own process group and
 * resolves once Parcel says the first build is done; rejects with Parcel's output when the
 * build fails or the server exits.
 */
async function startDevServer(t) {
  const port = await freePort();
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const started = Date.now();
  const child = spawn("npm", ["start", "--", "--port", String(port)], { cwd: app, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((done) => child.on("close", done));
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    let timer;
    await new Promise((done, fail) => {
      const look = (d) => {
        output += plain(String(d));
        if (/Built in/.test(output)) done();
        else if (/Build failed|🚨/.test(output)) setTimeout(() => fail(new Error(`parcel dev server build failed:\n${output}`)), 500);
      };
      child.stdout.on("data", look);
      child.stderr.on("data", look);
      exited.then((code) => fail(new Error(`parcel dev server exited (${code}):\n${output}`)));
      timer = setTimeout(() => fail(new Error(`parcel dev server not ready in 180 s:\n${output}`)), 180_000);
    }).finally(() => clearTimeout(timer));
  } catch (e) {
    await stop();
    throw e;
  }
  t.diagnostic(`parcel dev server ready: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Parcel moves to another port when the asked one was taken meanwhile: use the one it says.
  const said = /Server running at https?:\/\/[^:\s]+:(\d+)/.exec(output)?.[1] ?? String(port);
  return { url: `http://127.0.0.1:${said}`, stop, output: () => output };
}

test("the Parcel dev server serves an app that lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  const dev = await startDevServer(t);
  try {
    await checkAppRun(t, { devServer: dev.url }, { dist: join(app, "dist") });
  } finally {
    await dev.stop();
  }
  assert.doesNotMatch(dev.output(), /🚨|⚠️/, dev.output());
});

test("a Parcel app built with parcel build lists tickets in Chromium", { timeout: 15 * 60_000 }, async (t) => {
  rmSync(join(app, "dist"), { recursive: true, force: true });
  const build = await mustRun(t, "npm run build (parcel build)", "npm", ["run", "build"], { cwd: app });
  assert.doesNotMatch(plain(`${build.stdout}${build.stderr}`), /⚠️|WARNING/i);
  const dist = join(app, "dist");
  assert.deepEqual(wasmFiles(dist), []);
  await checkAppRun(t, dist);
});
