// Headless browsers for the real-server tests, driven from Node: Chromium through playwright-core
// (Debian's /usr/bin/chromium, tests/chromium.mjs's arguments) and Firefox ESR through
// geckodriver's W3C WebDriver HTTP API (no client library needed). Each gives a page on `url` and
// `evaluate(fn, arg)`, which runs `fn` (an async function, serialised as text) in the page and
// resolves to its JSON result. Every process started here is stopped by its own pid.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { CHROMIUM_ARGS } from '../chromium.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Chromium: `await withChromium(url, async (page) => page.evaluate(fn, arg))`. */
export async function withChromium(url, use) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    return await use({
      name: 'chromium',
      evaluate: (fn, arg) => page.evaluate(`(${fn.toString()})(${JSON.stringify(arg)})`),
      errors,
    });
  } finally {
    await browser.close();
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/**
 * Firefox ESR through geckodriver: `await withFirefox(url, async (page) => page.evaluate(fn, arg))`.
 * geckodriver is found on PATH or in ~/.cargo/bin (scripts/setup.sh installs it); FIREFOX names
 * the browser binary (default /usr/bin/firefox-esr).
 */
export async function withFirefox(url, use) {
  const port = await freePort();
  const bin = process.env.GECKODRIVER ?? 'geckodriver';
  const env = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
  const driver = spawn(bin, ['--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  driver.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => driver.once('exit', r));
  driver.once('error', () => {});
  const base = `http://127.0.0.1:${port}`;
  const wd = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const out = await res.json();
    if (!res.ok) throw new Error(`geckodriver ${method} ${path}: ${out.value?.error} ${out.value?.message}`);
    return out.value;
  };
  let session;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await wd('GET', '/status')).ready !== undefined) break;
      } catch (err) {
        if (driver.exitCode !== null || i > 100) throw new Error(`geckodriver did not start: ${err.message} ${stderr}`);
        await sleep(100);
      }
    }
    session = await wd('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          'moz:firefoxOptions': { binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr', args: ['-headless'], prefs: { 'app.update.enabled': false } },
          timeouts: { script: 120_000, pageLoad: 60_000 },
        },
      },
    });
    const sid = session.sessionId;
    await wd('POST', `/session/${sid}/url`, { url });
    return await use({
      name: 'firefox',
      // The async script's last argument is WebDriver's callback; errors come back as {error}.
      evaluate: async (fn, arg) => {
        const script = `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
            .then((v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`;
        const out = await wd('POST', `/session/${sid}/execute/async`, { script, args: [arg] });
        if (out && out.error) throw new Error(`in Firefox: ${out.error}`);
        return out?.ok;
      },
      errors: [],
    });
  } finally {
    if (session) await wd('DELETE', `/session/${session.sessionId}`).catch(() => {});
    if (driver.exitCode === null) {
      process.kill(driver.pid, 'SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (driver.exitCode === null) process.kill(driver.pid, 'SIGKILL');
    }
  }
}

// ---------------------------------------------------------------- the scenarios in a page

/** What a page of the doors' origin runs: the package and the scenarios, imported there. */
const pageScript = async (arg) => {
  const pkg = await import('/pkg/index.js');
  const s = await import('/real/scenarios.mjs');
  return s.runScenarios(pkg, { ...arg.cfg, base: location.origin }, arg.names);
};

/**
 * The scenarios (scenarios.mjs) in headless Chromium, on `url`, a page of the doors' origin that
 * serves the package at /pkg/ and tests/real/ at /real/. Resolves to runScenarios' results.
 */
export async function runInChromium(url, cfg, names) {
  return withChromium(url, async (page) => {
    const out = await page.evaluate(pageScript, { cfg, names });
    if (page.errors.length) out.push({ name: 'page errors', ok: false, error: page.errors.join('\n') });
    return out;
  });
}

/**
 * The same in headless Firefox: the one function a shared browser harness replaces (default:
 * geckodriver's W3C WebDriver API, withFirefox above).
 */
export async function runInFirefox(url, cfg, names) {
  return withFirefox(url, (page) => page.evaluate(pageScript, { cfg, names }));
}
