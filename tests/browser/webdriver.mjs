// A small W3C WebDriver client over HTTP (Node 20's fetch), and the two drivers it talks to:
// chromedriver for Debian's Chromium and geckodriver for Firefox ESR. playwright-core cannot
// drive Debian's Firefox; both drivers speak WebDriver, so one client serves both browsers.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS } from "../chromium.mjs";

export class WebDriverError extends Error {
  constructor(error, message) {
    super(`${error}: ${message}`);
    this.name = "WebDriverError";
    this.error = error;
  }
}

/** A free TCP port on 127.0.0.1 (the kernel's choice, released for the driver to take). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function command(base, method, path, body, timeoutMs = 120_000) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError("bad answer", `HTTP ${res.status} ${text.slice(0, 500)}`);
  }
  const value = json?.value;
  // W3C WebDriver reports its errors with a 4xx or 5xx status (a script's own result may well
  // have an `error` member).
  if (!res.ok) {
    throw new WebDriverError(value?.error ?? `HTTP ${res.status}`, value?.message ?? text.slice(0, 500));
  }
  return value;
}

/** One browser session. */
export class Session {
  constructor(base, id, capabilities) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }
  cmd(method, path, body, timeoutMs) {
    return command(this.base, method, `/session/${this.id}${path}`, body, timeoutMs);
  }
  navigate(url) {
    return this.cmd("POST", "/url", { url }, 60_000);
  }
  setTimeouts(timeouts) {
    return this.cmd("POST", "/timeouts", timeouts);
  }
  /** Runs `script` (a function body) with `args`; its last argument is the callback. */
  executeAsync(script, args = [], timeoutMs = 120_000) {
    return this.cmd("POST", "/execute/async", { script, args }, timeoutMs);
  }
  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }
  quit() {
    return this.cmd("DELETE", "", undefined, 30_000);
  }
}

const GECKODRIVER = [process.env.GECKODRIVER, join(homedir(), ".cargo", "bin", "geckodriver")].find((p) => p && existsSync(p)) ?? "geckodriver";
const CHROMEDRIVER = process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver";

/** The capabilities of a headless session of `browser` ("chrome" or "firefox"). */
export function capabilities(browser) {
  if (browser === "chrome") {
    return {
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
        // gc() and exact performance.memory figures, for the memory checks of load.test.js.
        args: [...CHROMIUM_ARGS, "--js-flags=--expose-gc", "--enable-precise-memory-info", "--window-size=1280,800"],
      },
    };
  }
  return {
    browserName: "firefox",
    "moz:firefoxOptions": {
      binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
      args: ["-headless"],
      prefs: {
        // As webdriver.json: requests to 127.0.0.1 and localhost never go through a proxy.
        "network.proxy.allow_hijacking_localhost": false,
        "app.update.disabledForTesting": true,
        "browser.shell.checkDefaultBrowser": false,
      },
    },
  };
}

/**
 * Starts the driver of `browser` on a free port and waits until it is ready.
 * Resolves to { url, pid, output(), stop() }; stop() ends that process only.
 */
export async function startDriver(browser) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const [cmd, args] =
      browser === "chrome"
        ? [CHROMEDRIVER, [`--port=${port}`]]
        : [GECKODRIVER, ["--host", "127.0.0.1", "--port", String(port), "--websocket-port", String(await freePort()), "--log", "warn"]];
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk) => {
      output = (output + chunk).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let exited = null;
    const exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve((exited = { code, signal }))));
    child.once("error", (e) => {
      exited = { error: e };
      keep(String(e));
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => exited || child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    };
    const deadline = Date.now() + 20_000;
    while (!exited && Date.now() < deadline) {
      try {
        const status = await command(url, "GET", "/status", undefined, 2000);
        if (status?.ready) return { url, pid: child.pid, output: () => output, stop };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await stop();
    lastError = new Error(`${cmd} did not become ready on port ${port}: ${JSON.stringify(exited)}\n${output}`);
  }
  throw lastError;
}

/** Opens a session on a started driver. */
export async function newSession(driver, browser) {
  const value = await command(driver.url, "POST", "/session", { capabilities: { alwaysMatch: capabilities(browser) } }, 90_000);
  return new Session(driver.url, value.sessionId, value.capabilities);
}
