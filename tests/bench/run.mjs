// make bench: the package against the floor it is measured by (the browser's own fetch +
// response.json()), side by side in one headless Chromium page, against the local ITSM server;
// its size, import time, cold start and memory; what one more endpoint costs (from
// scripts/size/extra-endpoint.mjs, which make bench runs first); where its bytes go
// (scripts/size/where.mjs). Prints the tables and writes them, with the method and the machine,
// into BENCHMARKS.md between the `bench:results` and `bench:bytes` markers (the hand-written
// notes around them are kept).
//
//   node tests/bench/run.mjs            PKG_DIR=/path/to/pkg (default: <repo>/pkg)
//   BENCH_ROUNDS=10 node tests/bench/run.mjs    a quicker, noisier run (default 30)
//   BENCH_MEMORY_CALLS=200 ...                  fewer calls for the memory row (default 2000)
//   BENCH_OUT=/tmp/x.md ...                     write elsewhere than <repo>/BENCHMARKS.md
//   BENCH_EXTRA=/path/extra-endpoint.json ...   the extra endpoint's figures (default: target/bench/)
//   BENCH_NAMES=/path/module.named.wasm ...     the names build for "Where the bytes go"
//                                               (default: the one make pkg leaves in target/)
//   BENCH_COMPARE=/path/to/other/pkg ...        also cold-load that build's default entry, in turn
//                                               with this one's (before and after, back to back)
//
// Benchmarks print figures: nothing here fails on a slow number (the targets table says met or
// missed). It fails only when a contender gives a wrong answer or the two contenders do not
// send the same request.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";
import { whereTheBytesGo } from "../../scripts/size/where.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));
const outFile = resolve(process.env.BENCH_OUT ?? join(root, "BENCHMARKS.md"));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 30));
const WARMUP = 5;
const PAGE_SIZES = [10, 100, 1000, 10000];
const WALK = { pageSize: 1000, total: 50000 };
const MEMORY = { pageSize: 1000, calls: Math.max(2, Number(process.env.BENCH_MEMORY_CALLS ?? 2000)) };
const COLD_LOADS = Math.max(5, Math.round(ROUNDS * (2 / 3)) + 5);
// Issue 17's targets.
const TARGETS = {
  ratio: 1.05, // getTickets / (fetch + json), page_size 10 and 10,000
  entryKB: 40, // the default entry, gzip -9, ESM and CommonJS (stretch: 35)
  entryStretchKB: 35,
  assetKB: 40, // the asset entry's files, each gzip -9, summed
  extraKB: 0.5, // one more endpoint: the default entry's growth, gzip -9
  importMs: 2, // the default entry's import, median
  coldMs: 20, // import to the first call's request, median
  memoryGrowth: 0.1, // "flat": within 10 % from 1 to 2,000 calls
};
// Another build whose default entry's import and cold start are measured in turn with this one's.
const compareDir = process.env.BENCH_COMPARE ? resolve(process.env.BENCH_COMPARE) : null;
const TOKEN = "test-token-admin"; // a login the local server always accepts (cold loads)
const extraFile = resolve(process.env.BENCH_EXTRA ?? join(root, "target", "bench", "extra-endpoint.json"));
// BENCH_ONLY=pairs,walk,memory,cold runs only those parts and prints without writing BENCHMARKS.md.
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",") : null;
const want = (part) => !ONLY || ONLY.includes(part);
const namesBuild = resolve(process.env.BENCH_NAMES ?? join(root, "target", "wasm32-unknown-unknown", "release", "bk_itsm_tickets.named.wasm"));
const BENCH_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  // window.gc() and unquantised performance.memory, for the memory row.
  "--js-flags=--expose-gc", "--enable-precise-memory-info",
];

const started = Date.now();
// The machine's load through the run (the 1-minute load average every 5 s): how much other work
// competed for the cores, which is most of the noise.
const loads = [os.loadavg()[0]];
setInterval(() => loads.push(os.loadavg()[0]), 5000).unref();
const log = (...a) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s]`, ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const pct = (x) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;

if (!existsSync(join(pkgDir, "bk_itsm_tickets_bg.wasm"))) {
  console.error(`no package in ${pkgDir}: run make pkg (or set PKG_DIR)`);
  process.exit(1);
}

// ------------------------------------------------------------------ package size (no browser)

// What a bundler ships for each entry: the default entry is one self-contained file (the
// module inlined), in each of its two formats; the asset entry is its own file, the package's
// JavaScript and the .wasm, each compressed alone (as a server sends them).
function packageSize() {
  const measure = (file) => {
    const bytes = readFileSync(join(pkgDir, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const asset = assetFiles().map(measure);
  return {
    esm: measure("index.js"),
    cjs: measure("index.cjs"),
    // The server-side entry (bk-itsm-tickets/proxy, for Node), when the package has one: not a page's.
    proxy: ["proxy.js", "proxy.cjs"].filter((f) => existsSync(join(pkgDir, f))).map(measure),
    asset,
    assetTotal: { raw: asset.reduce((a, r) => a + r.raw, 0), gzip: asset.reduce((a, r) => a + r.gzip, 0) },
  };
}

/**
 * The asset entry's files: what a page that imports `bk-itsm-tickets/asset` unbundled downloads.
 * asset.js and every file it imports, followed through their `import`/`export … from` and
 * `new URL("./…")` references (asset.js, api.js, driver.js, bindings.js, snapshot.js,
 * constants.js and the .wasm since issue 17; a package of another layout is measured the same way).
 */
function assetFiles() {
  const found = [];
  const visit = (file) => {
    if (found.includes(file) || !existsSync(join(pkgDir, file))) return;
    found.push(file);
    if (!file.endsWith(".js")) return;
    const code = readFileSync(join(pkgDir, file), "utf8");
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(posix.normalize(posix.join(posix.dirname(file), m[1])));
    }
  };
  visit("asset.js");
  return [...found.filter((f) => f.endsWith(".js")), ...found.filter((f) => !f.endsWith(".js"))];
}

/** scripts/size/extra-endpoint.mjs's figures, when they were measured on this package's module. */
function extraEndpoint(wasmHash) {
  if (!existsSync(extraFile)) return { why: `no ${relative(root, extraFile)}: make bench runs scripts/size/extra-endpoint.mjs` };
  const r = JSON.parse(readFileSync(extraFile, "utf8"));
  if (r.wasmSha256 !== wasmHash) return { why: `${relative(root, extraFile)} was measured on another module than this package's` };
  return r;
}

// ------------------------------------------------------------------ the browser part

async function withBenchPage(browser, serverUrl, fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  // Cross-origin isolation (COOP + COEP on the page itself) gives performance.now() its 5 µs
  // resolution instead of 100 µs. The interception is removed before anything is measured, so
  // no API request goes through it.
  await page.route(/\/bench\.html$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: {
        ...response.headers(),
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      },
    });
  });
  await page.goto(`${serverUrl}/login?username=admin&next=/bench.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  await page.unrouteAll();
  try {
    return await fn(page);
  } finally {
    await context.close();
    if (problems.length) throw new Error(`the bench page reported: ${problems.join("; ")}`);
  }
}

async function checkFairness(page, serverUrl) {
  const tag = `fair-${process.pid}`;
  await page.evaluate((t) => window.bench.fairness(t), tag);
  const entries = (await (await fetch(`${serverUrl}/__log?tag=${tag}`)).json()).filter((e) => e.method === "POST");
  if (entries.length !== 2) throw new Error(`fairness check: expected 2 requests, saw ${entries.length}`);
  const [client, floor] = entries;
  const same = (k) => JSON.stringify(k(client)) === JSON.stringify(k(floor));
  const checks = {
    url: same((e) => e.rawPath),
    body: same((e) => e.body),
    "content-type": same((e) => e.headers["content-type"]),
    cookie: same((e) => e.headers.cookie),
  };
  const bad = Object.entries(checks).filter(([, ok]) => !ok).map(([k]) => k);
  if (bad.length) {
    throw new Error(`the contenders send different requests (${bad.join(", ")}):\n${JSON.stringify(entries, null, 2)}`);
  }
  return { body: client.body, contentType: client.headers["content-type"] };
}

/**
 * One cold start (cold.html?`query`) in a fresh browser context: empty HTTP and code caches,
 * the cache disabled over CDP, the login cookie set beforehand. The page alone gets COOP and
 * COEP (so performance.now() steps by 5 µs, not 100 µs), added through CDP's Fetch domain for
 * that one URL: no other request is intercepted.
 */
async function coldLoad(browser, serverUrl, query) {
  const context = await browser.newContext();
  try {
    await context.addCookies([{ name: "bk_token", value: TOKEN, url: serverUrl }]);
    const page = await context.newPage();
    const failed = new Promise((_, reject) => page.on("pageerror", (e) => reject(new Error(`cold.html?${query}: ${e}`))));
    failed.catch(() => {});
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*/cold.html?*", requestStage: "Response" }] });
    cdp.on("Fetch.requestPaused", async (e) => {
      const { body, base64Encoded } = await cdp.send("Fetch.getResponseBody", { requestId: e.requestId });
      await cdp.send("Fetch.fulfillRequest", {
        requestId: e.requestId,
        responseCode: e.responseStatusCode,
        responseHeaders: [
          ...e.responseHeaders,
          { name: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { name: "Cross-Origin-Embedder-Policy", value: "require-corp" },
        ],
        body: base64Encoded ? body : Buffer.from(body).toString("base64"),
      });
    });
    await page.goto(`${serverUrl}/cold.html?${query}`);
    const done = page.waitForFunction(() => window.__cold, null, { timeout: 30000 }).then((h) => h.jsonValue());
    return await Promise.race([done, failed]);
  } finally {
    await context.close();
  }
}

/**
 * `loads` rounds of fresh page loads, in turn: the default entry, the asset entry, the default
 * entry after an empty module's import (the floor), with its decode, compile and instantiation
 * timed (a Proxy on the two constructors), and the default entry's import from memory (Blob URLs)
 * between two empty modules'. With BENCH_COMPARE, that build's default entry the same ways.
 */
async function coldStarts(browser, serverUrl, loads) {
  const samples = { "index.js": [], "asset.js": [], detail: [], memory: [], compare: [], compareWarm: [], compareMemory: [] };
  for (let i = 0; i < loads; i++) {
    if (compareDir) {
      samples.compare.push(await coldLoad(browser, serverUrl, "entry=index.js&pkg=/pkg-compare"));
      samples.compareWarm.push(await coldLoad(browser, serverUrl, "entry=index.js&pkg=/pkg-compare&warm=1"));
      samples.compareMemory.push(await coldLoad(browser, serverUrl, "entry=index.js&pkg=/pkg-compare&memory=1"));
    }
    samples.memory.push(await coldLoad(browser, serverUrl, "entry=index.js&memory=1"));
    samples["index.js"].push(await coldLoad(browser, serverUrl, "entry=index.js"));
    samples["asset.js"].push(await coldLoad(browser, serverUrl, "entry=asset.js"));
    samples.detail.push(await coldLoad(browser, serverUrl, "entry=index.js&warm=1&detail=1"));
  }
  return samples;
}

async function answerBytes(serverUrl, pageSize) {
  const response = await fetch(`${serverUrl}/__/n=50000/api/c/compapi/v2/itsm/get_tickets/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ bk_token: "test-token-admin", page_size: pageSize }),
  });
  return (await response.arrayBuffer()).byteLength;
}

// ------------------------------------------------------------------ run

const size = packageSize();
const wasmHash = createHash("sha256").update(readFileSync(join(pkgDir, "bk_itsm_tickets_bg.wasm"))).digest("hex");
log(`package ${pkgDir}: default entry ${kb(size.esm.gzip)} gzip -9, asset entry ${kb(size.assetTotal.gzip)}`);
const server = await startServer({
  port: 0,
  staticDir: here,
  // The browser suites' WebAssembly note-taker (bench-page.mjs finds the module's memory with it).
  mounts: [
    ["/pkg", pkgDir],
    ["/browser-lib", join(root, "tests", "browser", "lib")],
    ...(compareDir ? [["/pkg-compare", compareDir]] : []),
  ],
  appInDoors: true,
});
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: BENCH_CHROMIUM_ARGS });
const results = { size, pairs: [], chromium: browser.version() };
try {
  await withBenchPage(browser, server.url, async (page) => {
    results.info = await page.evaluate(() => window.bench.info());
    if (!results.info.token) throw new Error("the bench page has no bk_token cookie: did /login work?");
    results.fairness = await checkFairness(page, server.url);
    log("both contenders send", results.fairness.body);
    if (!want("pairs")) return;
    for (const pageSize of PAGE_SIZES) {
      const rounds = pageSize <= 100 ? ROUNDS * 2 : ROUNDS;
      log(`getTickets vs fetch, page_size ${pageSize}: ${rounds} pairs`);
      const r = await page.evaluate(([p, n, w]) => window.bench.pairs(p, n, w), [pageSize, rounds, WARMUP]);
      results.pairs.push({ pageSize, rounds, bytes: await answerBytes(server.url, pageSize), ...r });
    }
    log(`getTicketInfo vs fetch: ${ROUNDS * 2} pairs`);
    results.infoPairs = {
      rounds: ROUNDS * 2,
      ...(await page.evaluate(([n, w]) => window.bench.infoPairs(n, w), [ROUNDS * 2, WARMUP])),
    };
  });
  if (want("walk")) {
    await withBenchPage(browser, server.url, async (page) => {
      const rounds = ROUNDS;
      log(`iterating ${WALK.total} tickets: ${rounds} rounds of 3 walks`);
      results.walkRounds = rounds;
      results.walk = await page.evaluate(
        ([p, n, w, t]) => window.bench.iterate(p, n, w, t),
        [WALK.pageSize, rounds, 1, WALK.total],
      );
    });
  }
  if (want("memory")) {
    await withBenchPage(browser, server.url, async (page) => {
      log(`memory: ${MEMORY.calls} calls of page_size ${MEMORY.pageSize}`);
      results.memory = await page.evaluate(([p, n]) => window.bench.memory(p, n), [MEMORY.pageSize, MEMORY.calls]);
    });
  }
  if (want("cold")) {
    log(`cold start: ${COLD_LOADS} rounds of ${compareDir ? 7 : 4} fresh page loads (index.js, asset.js, index.js with its steps timed, index.js from memory${compareDir ? ", and the BENCH_COMPARE build's" : ""})`);
    results.cold = await coldStarts(browser, server.url, COLD_LOADS);
  }
} finally {
  await browser.close();
  await server.close();
}
results.extra = extraEndpoint(wasmHash);
results.bytes = await whereTheBytesGo(pkgDir, namesBuild);

// ------------------------------------------------------------------ report

function machine() {
  const cpus = os.cpus();
  const inRepo = !relative(root, pkgDir).startsWith("..");
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"], {
      cwd: root,
      stdio: ["ignore", "pipe", "ignore"],
    }).toString();
    if (dirty.trim()) commit += " (with uncommitted changes in src/ or Cargo files)";
  } catch {}
  return [
    `- CPU: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory; ${os.type()} ${os.release()}`,
    `- Chromium ${results.chromium} (headless=new), Node ${process.version}`,
    `- Load average (1 min, sampled every 5 s): median ${median(loads).toFixed(1)}, from ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} (the machine is shared: above ${cpus.length}, other work competed for the ${cpus.length} cores)`,
    inRepo
      ? `- Package: ${relative(root, pkgDir)}/, built from commit ${commit}; .wasm sha256 ${wasmHash.slice(0, 16)}…`
      : `- Package: ${pkgDir} (PKG_DIR); .wasm sha256 ${wasmHash.slice(0, 16)}…`,
    `- Timer: performance.now() step ${(results.info.timerStepMs * 1000).toFixed(0)} µs (page cross-origin isolated: ${results.info.crossOriginIsolated})`,
  ].join("\n");
}

function report() {
  const lines = [];
  const targets = [];
  const push = (...l) => lines.push(...l);
  const target = (measure, goal, figure, ok) => targets.push({ measure, goal, figure, ok });
  const spread = (xs, f = ms, unit = " ms") => `${f(quantile(xs, 0.1))}–${f(quantile(xs, 0.9))}${unit}`;
  const r3 = (x) => x.toFixed(3);

  // --- size
  const s = results.size;
  const kbMet = (bytes, limit, stretch) => bytes <= limit * 1024 && (!stretch || bytes <= stretch * 1024);
  for (const [k, label] of [["esm", "index.js"], ["cjs", "index.cjs"]]) {
    const b = s[k].gzip;
    target(`default entry \`${label}\`, gzip -9`, `<= ${TARGETS.entryKB} KB (stretch ${TARGETS.entryStretchKB} KB)`, kb(b),
      b <= TARGETS.entryKB * 1024 ? (kbMet(b, TARGETS.entryStretchKB) ? "met, stretch met" : "met, stretch missed") : false);
  }
  target("asset entry, its files' gzip -9 summed", `<= ${TARGETS.assetKB} KB`, kb(s.assetTotal.gzip), s.assetTotal.gzip <= TARGETS.assetKB * 1024);
  const x = results.extra;
  if (x.delta) {
    const worst = Math.max(x.delta.esm.gzip, x.delta.cjs.gzip);
    target(`one more endpoint (\`${x.endpoint}\`): the default entry's growth, gzip -9`, `<= ${TARGETS.extraKB} KB`, `+${x.delta.esm.gzip} B (ESM), +${x.delta.cjs.gzip} B (CJS)`, worst <= TARGETS.extraKB * 1024);
  } else {
    target("one more endpoint: the default entry's growth, gzip -9", `<= ${TARGETS.extraKB} KB`, "not measured", null);
  }
  const c = results.cold;
  if (c) {
    const own = c.memory.map((l) => l.entry - l.emptyAfter);
    target("import of the default entry in a fresh page, from memory, over an empty module's (its parse and evaluation), median", `<= ${TARGETS.importMs} ms`, `${ms(median(own))} ms`, median(own) <= TARGETS.importMs);
    const cold = c["index.js"].map((l) => l.fetch);
    target("cold start: import to the first call's request, median", `<= ${TARGETS.coldMs} ms`, `${ms(median(cold))} ms`, median(cold) <= TARGETS.coldMs);
  }
  for (const size of [10, 10000]) {
    const r = results.pairs.find((p) => p.pageSize === size);
    if (r) target(`\`getTickets\` / (\`fetch\` + \`json()\`), page_size ${size.toLocaleString("en")}`, `<= ${TARGETS.ratio.toFixed(2)}`, r3(r.ratio), r.ratio <= TARGETS.ratio);
  }
  const m = results.memory;
  if (m) {
    const grow = (k) => m.many[k] / m.one[k] - 1;
    target(`memory from 1 to ${MEMORY.calls.toLocaleString("en")} calls`, "flat (within 10 %)", `wasm ${pct(grow("wasm"))}, JS heap ${pct(grow("heap"))}`,
      grow("wasm") <= TARGETS.memoryGrowth && grow("heap") <= TARGETS.memoryGrowth);
  }

  // --- 1. per call
  if (results.pairs.length) {
    push("### 1. One page: `getTickets` vs `fetch` + `response.json()`", "");
    push("| page_size | answer | fetch + json (median) | getTickets (median) | ratio (median of pairs) | ratios p10–p90 | pairs |");
    push("|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of results.pairs) {
      const ratios = r.client.map((t, i) => t / r.fetch[i]);
      push(`| ${r.pageSize.toLocaleString("en")} | ${r.bytes >= 1 << 20 ? mb(r.bytes) : kb(r.bytes)} | ${ms(median(r.fetch))} ms | ${ms(median(r.client))} ms | **${r3(r.ratio)}** | ${spread(ratios, r3, "")} | ${r.rounds} |`);
    }
    const i = results.infoPairs;
    push("", "### 1b. One ticket: `getTicketInfo` vs `fetch` + `response.json()` (a GET through ESB)", "");
    push("| fetch + json (median) | getTicketInfo (median) | ratio (median of pairs) | ratios p10–p90 | pairs |", "|---:|---:|---:|---:|---:|");
    push(`| ${ms(median(i.fetch))} ms | ${ms(median(i.client))} ms | ${r3(i.ratio)} | ${spread(i.client.map((t, k) => t / i.fetch[k]), r3, "")} | ${i.rounds} |`);
  }

  // --- 2. walk
  const w = results.walk;
  if (w) {
    const walkRatio = (k) => median(w[k].map((t, i) => t / w.fetch[i]));
    const rate = (k) => Math.round(WALK.total / (median(w[k]) / 1000)).toLocaleString("en");
    push("", `### 2. Iterating ${WALK.total.toLocaleString("en")} tickets (page_size ${WALK.pageSize.toLocaleString("en")}, ${WALK.total / WALK.pageSize} pages)`, "");
    push("| contender | median | p10–p90 | tickets/s | ratio to the fetch loop (median of rounds) |", "|---|---:|---:|---:|---:|");
    push(`| sequential fetch + json loop | ${ms(median(w.fetch))} ms | ${spread(w.fetch)} | ${rate("fetch")} | 1 |`);
    push(`| \`iterTickets\`, concurrency 1 | ${ms(median(w.c1))} ms | ${spread(w.c1)} | ${rate("c1")} | ${r3(walkRatio("c1"))} |`);
    push(`| \`iterTickets\`, concurrency 4 | ${ms(median(w.c4))} ms | ${spread(w.c4)} | ${rate("c4")} | ${r3(walkRatio("c4"))} |`);
    push("", `${results.walkRounds} rounds after 1 warm-up round; each round runs the three walks, rotating which goes first.`);
  }

  // --- 3. size
  push("", "### 3. Package size: what a bundler ships for each entry", "", "| entry | file | raw | gzip -9 |", "|---|---|---:|---:|");
  push(`| \`bk-itsm-tickets\` (import) | \`index.js\`: the module inlined, the JavaScript bundled | ${kb(s.esm.raw)} | **${kb(s.esm.gzip)}** |`);
  push(`| \`bk-itsm-tickets\` (require) | \`index.cjs\`: the same as CommonJS | ${kb(s.cjs.raw)} | **${kb(s.cjs.gzip)}** |`);
  s.asset.forEach((f, k) => push(`| ${k === 0 ? "`bk-itsm-tickets/asset`" : ""} | \`${f.file}\` | ${kb(f.raw)} | ${kb(f.gzip)} |`));
  push(`| | **sum** | **${kb(s.assetTotal.raw)}** | **${kb(s.assetTotal.gzip)}** |`);
  s.proxy.forEach((f, k) => push(`| ${k === 0 ? "`bk-itsm-tickets/proxy` (Node, not a page's)" : ""} | \`${f.file}\`: the module inlined | ${kb(f.raw)} | ${kb(f.gzip)} |`));
  push("", "KB = 1,024 bytes. Each file is compressed alone (`gzip -9`), as a server sends it; the asset entry's sum is what a page that imports it unbundled downloads. Where the bytes go: see the section of that name below.");
  push("", "#### One more endpoint", "");
  if (x.delta) {
    const row = (label, k) => `| ${label} | ${kb(x.base[k].raw)} | ${kb(x.extra[k].raw)} | ${x.delta[k].raw >= 0 ? "+" : ""}${x.delta[k].raw} B | ${kb(x.base[k].gzip)} | ${kb(x.extra[k].gzip)} | **${x.delta[k].gzip >= 0 ? "+" : ""}${x.delta[k].gzip} B** |`;
    push(`The package built again with one more description, \`${x.endpoint}\` (its function \`${x.function}\`, a GET with an id parameter and an array of objects as its result), by scripts/size/extra-endpoint.mjs: both packages built the same way from copies of the tree (the copy without it is byte for byte this package's .wasm: ${x.baseIsPkg ? "yes" : "**no**"}). The new function was called through a stub \`fetch\` (it sent \`${x.sent}\`, and rejected a bad parameter and a wrong answer).`, "");
    push("| | raw before | raw after | raw | gzip -9 before | gzip -9 after | gzip -9 |", "|---|---:|---:|---:|---:|---:|---:|");
    push(row("`index.js`", "esm"), row("`index.cjs`", "cjs"), row("asset entry, sum", "asset"), row("`.wasm`", "wasm"));
    push("", `Adding it touched ${x.touched.length} file${x.touched.length === 1 ? "" : "s"}: ${x.touched.map((t) => `\`${t.file}\` (+${t.added} −${t.removed} lines)`).join(", ")}; the declarations grew by ${x.delta.dts.raw.toLocaleString("en")} bytes (its types and documentation, which the module does not carry).`);
  } else {
    push(`Not measured: ${x.why}.`);
  }

  // --- 4. import and cold start
  if (c) {
    const col = (loads, f) => loads.map(f).filter((v) => v !== null && Number.isFinite(v));
    const row = (label, xs) => push(`| ${label} | **${ms(median(xs))} ms** | ${spread(xs)} |`);
    const idx = c["index.js"];
    const asset = c["asset.js"];
    const d = c.detail;
    push("", `### 4. Import and cold start (${idx.length} rounds of ${compareDir ? 7 : 4} fresh page loads)`, "");
    push("| in a fresh page (new context, nothing cached), from the `import()` to | median | p10–p90 |", "|---|---:|---:|");
    row("`index.js` (default entry): the import done", col(idx, (l) => l.import));
    row("`index.js`: the first call's request leaves (`fetch` called): **cold start**", col(idx, (l) => l.fetch));
    row("`index.js`: the first call's result (page_size 10)", col(idx, (l) => l.result));
    row("`asset.js` (asset entry): the import done (the JavaScript, then the .wasm fetched and compiled)", col(asset, (l) => l.import));
    row("`asset.js`: the first call's request leaves", col(asset, (l) => l.fetch));
    row("an empty module (`tests/bench/empty.mjs`): the import done: **the floor** of any import here", col(d, (l) => l.empty));
    row("`index.js` imported after that empty module: its import on an open connection", col(d, (l) => l.import));
    row("`index.js` from memory (a Blob URL of its text), after an empty module's", col(c.memory, (l) => l.entry));
    row("an empty module from memory, after it: the floor of an import from memory", col(c.memory, (l) => l.emptyAfter));
    row("&nbsp;&nbsp;the difference, load by load: **`index.js`'s parse and evaluation**", col(c.memory, (l) => l.entry - l.emptyAfter));
    if (compareDir) {
      const name = relative(root, compareDir).startsWith("..") ? compareDir : relative(root, compareDir);
      row(`\`${name}/index.js\` (BENCH_COMPARE, loaded in turn with these): the import done`, col(c.compare, (l) => l.import));
      row("&nbsp;&nbsp;its first call's request leaves: cold start", col(c.compare, (l) => l.fetch));
      row("&nbsp;&nbsp;its import on an open connection, after an empty module's", col(c.compareWarm, (l) => l.import));
      row("&nbsp;&nbsp;its parse and evaluation from memory (the difference, as above)", col(c.compareMemory, (l) => l.entry - l.emptyAfter));
    }
    push("", "Where the default entry's import and cold start go, in the third kind of load (after the empty module's import; `new WebAssembly.Module` and `new WebAssembly.Instance` timed through a Proxy):", "");
    push("| step | median | p10–p90 |", "|---|---:|---:|");
    row("downloading `index.js` (to Resource Timing's `responseEnd`)", col(d, (l) => l.downloaded));
    row("then evaluating it, to the import's end", col(d, (l) => l.import - l.downloaded));
    row("the first call, to `new WebAssembly.Module` (`createClient`, decoding the inlined text)", col(d, (l) => l.moduleStart - l.import));
    row("`new WebAssembly.Module` (compiling)", col(d, (l) => l.moduleEnd - l.moduleStart));
    row("`new WebAssembly.Instance`", col(d, (l) => l.instanceEnd - l.instanceStart));
    row("after instantiating, to `fetch` (the client, the call's checks, the request)", col(d, (l) => l.fetch - l.instanceEnd));
    row("in all, from the `import()` to the request", col(d, (l) => l.fetch));
  }

  // --- 5. memory
  if (m) {
    const grow = (k) => m.many[k] / m.one[k] - 1;
    push("", `### 5. Memory (page_size ${MEMORY.pageSize.toLocaleString("en")}, after full GCs)`, "");
    push(`| | before any call | after 1 call | after ${MEMORY.calls.toLocaleString("en")} calls | growth 1 → ${MEMORY.calls.toLocaleString("en")} |`, "|---|---:|---:|---:|---:|");
    push(`| wasm linear memory | ${m.start.wasm === null ? "no instance yet" : mb(m.start.wasm)} | ${mb(m.one.wasm)} | ${mb(m.many.wasm)} | ${pct(grow("wasm"))} |`);
    push(`| JS heap (\`usedJSHeapSize\`) | ${mb(m.start.heap)} | ${mb(m.one.heap)} | ${mb(m.many.heap)} | ${pct(grow("heap"))} |`);
    push("", `The ${MEMORY.calls.toLocaleString("en")} calls took ${m.seconds.toFixed(1)} s.`);
  }

  const verdict = (ok) => (ok === null ? "not measured" : ok === true ? "met" : ok === false ? "**missed**" : ok);
  const summary = [
    "| measure | target | figure | |",
    "|---|---|---:|---|",
    ...targets.map((t) => `| ${t.measure} | ${t.goal} | ${t.figure} | ${verdict(t.ok)} |`),
  ];
  return { table: lines.join("\n"), summary: summary.join("\n") };
}

const { table, summary } = report();
const method = `Each per-call row interleaves the two contenders call by call in one page (A B, then B A, ...),
after ${WARMUP} warm-up pairs, and reports the median time of each, the median of the per-pair ratios
(getTickets / floor) and the 10th to 90th percentile of those ratios (how noisy the row was). The
floor is \`fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body,
credentials: "include"})\`, a \`response.ok\` check and \`response.json()\` (and \`result\` checked),
sending the same URL, body, content type and cookie as the client (checked through the server's
request log before timing: \`${results.fairness ? JSON.stringify(results.fairness.body).replace(/"bk_token":"[^"]*"/, '"bk_token":"…"') : "not checked"}\`).
The client is the default entry's \`createClient({baseUrl, bk_token}).getTickets({page_size})\`
with its defaults (30 s timeout, 2 retries, redirects refused, the answer's shape checked), given
the login cookie's token (a client without the app's secret leaves the cookie to a same-origin
proxy; here both contenders talk to the server's doors and send the token in the body). The server is tests/server (in the same Node process as this script) on 127.0.0.1 with
the 50,000-ticket data set (\`/__/n=50000\`), logged in through \`/login\` as a portal user would be.
Times are \`performance.now()\` around each awaited call. Import and cold start: a fresh browser
context per load (empty HTTP and code caches, cache disabled over CDP, \`Cache-Control: no-store\`,
the login cookie set beforehand, the page alone cross-origin isolated for the 5 µs timer); the page
wraps \`window.fetch\` to note when the package calls it, then times \`await import()\` of the entry
and, right after it, \`createClient({baseUrl, bk_token}).getTickets({page_size: 10})\` to its request and its
result; a third kind of load imports an empty module first (the floor of any import in a fresh page)
and times the steps of the first call (a Proxy on \`WebAssembly.Module\` and \`WebAssembly.Instance\`,
the entry file's Resource Timing \`responseEnd\`); a fourth fetches the entry's text, then imports an
empty module, the entry and another empty module from Blob URLs: the entry's time less the second
empty module's, load by load, is its parse and evaluation (the import target's figure). The kinds of
load take turns (with BENCH_COMPARE, the other build's default entry too, the same ways). Memory: the page notes the WebAssembly.Memory of the instance the package
makes (tests/browser/lib/wasm-memory.js), and calls \`window.gc()\` (\`--expose-gc\`) three times before
each reading of \`memory.buffer.byteLength\` and \`performance.memory.usedJSHeapSize\`
(\`--enable-precise-memory-info\`). Sizes: \`gzip -9\` (zlib level 9) of each file alone; the extra
endpoint by scripts/size/extra-endpoint.mjs, the bytes' owners by scripts/size/where.mjs.`;

const block = [
  "<!-- bench:results:begin (written by tests/bench/run.mjs: edit the notes outside these markers) -->",
  "## Results",
  "",
  `\`make bench\` (tests/bench/run.mjs, ${ROUNDS} rounds${ROUNDS < 30 ? ": a quick run, below the issue's 30 pairs" : ""}), ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "### Targets (issue 17)",
  "",
  summary,
  "",
  table,
  "",
  "### Machine",
  "",
  machine(),
  "",
  "### Method",
  "",
  method,
  "<!-- bench:results:end -->",
].join("\n");

const bytesBlock = [
  "<!-- bench:bytes:begin (written by tests/bench/run.mjs from scripts/size/where.mjs) -->",
  results.bytes.markdown,
  "<!-- bench:bytes:end -->",
].join("\n");

const template = `# Benchmarks

The package against the floor it is measured by: the browser's own \`fetch\` + \`response.json()\`
(issue 5). Run \`make bench\`.

${"<!-- bench:results:begin -->\n<!-- bench:results:end -->"}

## Where the bytes go

${"<!-- bench:bytes:begin -->\n<!-- bench:bytes:end -->"}
`;
if (ONLY) {
  console.log(`\n${summary}\n\n${table}\n\n${results.bytes.markdown}\n\n${machine()}\n`);
  log(`BENCH_ONLY=${ONLY.join(",")}: ${relative(process.cwd(), outFile) || outFile} left as it was`);
} else {
  let next = existsSync(outFile) ? readFileSync(outFile, "utf8") : template;
  for (const [name, text] of [["results", block], ["bytes", bytesBlock]]) {
    const pattern = new RegExp(`<!-- bench:${name}:begin[^]*?<!-- bench:${name}:end -->`);
    next = pattern.test(next) ? next.replace(pattern, () => text) : `${next.trimEnd()}\n\n${text}\n`;
  }
  writeFileSync(outFile, next);
  console.log(`\n${summary}\n\n${table}\n\n${results.bytes.markdown}\n\n${machine()}\n`);
  log(`wrote ${relative(process.cwd(), outFile) || outFile}`);
}
