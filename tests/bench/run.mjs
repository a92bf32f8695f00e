// make bench: the package against the floor it is measured by (the browser's own fetch +
// response.json()), side by side in one headless Chromium page, against the local ITSM server.
// Prints the table and writes it, with the method and the machine, into BENCHMARKS.md between
// the `bench:results` markers (the hand-written design notes around them are kept).
//
//   node tests/bench/run.mjs            PKG_DIR=/path/to/pkg (default: <repo>/pkg)
//   BENCH_ROUNDS=10 node tests/bench/run.mjs    a quicker, noisier run (default 30)
//   BENCH_MEMORY_CALLS=200 ...                  fewer calls for the memory row (default 2000)
//   BENCH_OUT=/tmp/x.md ...                     write elsewhere than <repo>/BENCHMARKS.md
//
// Benchmarks print figures: nothing here fails on a slow number. It fails only when a
// contender gives a wrong answer or the two contenders do not send the same request.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";

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
const TARGETS = { ratio10: 1.1, ratio10000: 1.25, gzipKB: 65.4, memoryGrowth: 0.1 };
const BENCH_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  // window.gc() and unquantised performance.memory, for the memory row.
  "--js-flags=--expose-gc", "--enable-precise-memory-info",
];

const started = Date.now();
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
const met = (ok) => (ok ? "met" : "**missed**");

if (!existsSync(join(pkgDir, "bk_itsm_tickets_bg.wasm"))) {
  console.error(`no package in ${pkgDir}: run make pkg (or set PKG_DIR)`);
  process.exit(1);
}

// ------------------------------------------------------------------ package size (no browser)

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// What a bundler ships for each entry: the default entry is one self-contained file (the
// module inlined), in each of its two formats; the asset entry is its own file, the glue, the
// snippet and the .wasm.
function packageSize() {
  const measure = (files) => {
    const bytes = files.map((f) => readFileSync(f));
    return {
      raw: bytes.reduce((a, b) => a + b.length, 0),
      gzip: bytes.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0),
      files: files.map((f) => relative(pkgDir, f)),
    };
  };
  const snippets = existsSync(join(pkgDir, "snippets"))
    ? listFiles(join(pkgDir, "snippets")).filter((f) => f.endsWith(".js")).sort()
    : [];
  const asset = {
    wasm: measure([join(pkgDir, "bk_itsm_tickets_bg.wasm")]),
    glue: measure([join(pkgDir, "bk_itsm_tickets.js")]),
    snippets: measure(snippets),
    entry: measure([join(pkgDir, "asset.js")]),
  };
  const parts = Object.values(asset);
  asset.total = { raw: parts.reduce((a, r) => a + r.raw, 0), gzip: parts.reduce((a, r) => a + r.gzip, 0) };
  return {
    esm: measure([join(pkgDir, "index.js")]),
    cjs: measure([join(pkgDir, "index.cjs")]),
    asset,
  };
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

async function coldLoad(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await page.goto(url);
    return await page.waitForFunction(() => window.__cold, null, { timeout: 30000 }).then((h) => h.jsonValue());
  } finally {
    await context.close();
  }
}

/** `loads` fresh page loads of each entry's cold start, and of the .wasm's download and compile apart, alternating. */
async function coldStarts(browser, serverUrl, loads) {
  const samples = { "index.js": [], "asset.js": [], split: [] };
  for (let i = 0; i < loads; i++) {
    for (const entry of ["index.js", "asset.js"]) samples[entry].push(await coldLoad(browser, `${serverUrl}/cold.html?entry=${entry}`));
    samples.split.push(await coldLoad(browser, `${serverUrl}/cold-compile.html`));
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
log(`package ${pkgDir}: default entry ${kb(size.esm.gzip)} gzip -9, asset entry ${kb(size.asset.total.gzip)}`);
const server = await startServer({ port: 0, staticDir: here, mounts: [["/pkg", pkgDir]], appInDoors: true });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: BENCH_CHROMIUM_ARGS });
const results = { size, pairs: [], chromium: browser.version() };
try {
  await withBenchPage(browser, server.url, async (page) => {
    results.info = await page.evaluate(() => window.bench.info());
    if (!results.info.token) throw new Error("the bench page has no bk_token cookie: did /login work?");
    results.fairness = await checkFairness(page, server.url);
    log("both contenders send", results.fairness.body);
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
  await withBenchPage(browser, server.url, async (page) => {
    const rounds = ROUNDS;
    log(`iterating ${WALK.total} tickets: ${rounds} rounds of 3 walks`);
    results.walkRounds = rounds;
    results.walk = await page.evaluate(
      ([p, n, w, t]) => window.bench.iterate(p, n, w, t),
      [WALK.pageSize, rounds, 1, WALK.total],
    );
  });
  await withBenchPage(browser, server.url, async (page) => {
    log(`memory: ${MEMORY.calls} calls of page_size ${MEMORY.pageSize}`);
    results.memory = await page.evaluate(([p, n]) => window.bench.memory(p, n), [MEMORY.pageSize, MEMORY.calls]);
  });
  log(`cold start: ${COLD_LOADS} fresh page loads (and as many timing download and compile apart)`);
  results.cold = await coldStarts(browser, server.url, COLD_LOADS);
} finally {
  await browser.close();
  await server.close();
}

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
  const wasmHash = createHash("sha256").update(readFileSync(join(pkgDir, "bk_itsm_tickets_bg.wasm"))).digest("hex");
  return [
    `- CPU: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory; ${os.type()} ${os.release()}`,
    `- Chromium ${results.chromium} (headless=new), Node ${process.version}`,
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

  push("### 1. One page: `getTickets` vs `fetch` + `response.json()`", "");
  push("| page_size | answer | fetch + json (median) | getTickets (median) | ratio (median of pairs) | pairs | target |");
  push("|---:|---:|---:|---:|---:|---:|---|");
  for (const r of results.pairs) {
    const target = r.pageSize === 10 ? TARGETS.ratio10 : r.pageSize === 10000 ? TARGETS.ratio10000 : null;
    const verdict = target ? `<= ${target.toFixed(2)}: ${met(r.ratio <= target)}` : "";
    if (target) targets.push([`ratio at page_size ${r.pageSize} <= ${target.toFixed(2)}`, r.ratio <= target, r.ratio.toFixed(3)]);
    push(`| ${r.pageSize.toLocaleString("en")} | ${r.bytes >= 1 << 20 ? mb(r.bytes) : kb(r.bytes)} | ${ms(median(r.fetch))} ms | ${ms(median(r.client))} ms | ${r.ratio.toFixed(3)} | ${r.rounds} | ${verdict} |`);
  }

  const i = results.infoPairs;
  push("", "### 1b. One ticket: `getTicketInfo` vs `fetch` + `response.json()` (a GET through ESB)", "");
  push("| fetch + json (median) | getTicketInfo (median) | ratio (median of pairs) | pairs |", "|---:|---:|---:|---:|");
  push(`| ${ms(median(i.fetch))} ms | ${ms(median(i.client))} ms | ${i.ratio.toFixed(3)} | ${i.rounds} |`);

  const w = results.walk;
  const walkRatio = (k) => median(w[k].map((t, i) => t / w.fetch[i]));
  push("", `### 2. Iterating ${WALK.total.toLocaleString("en")} tickets (page_size ${WALK.pageSize.toLocaleString("en")}, ${WALK.total / WALK.pageSize} pages)`, "");
  push("| contender | median | tickets/s | ratio to the fetch loop (median of rounds) |", "|---|---:|---:|---:|");
  push(`| sequential fetch + json loop | ${ms(median(w.fetch))} ms | ${Math.round(WALK.total / (median(w.fetch) / 1000)).toLocaleString("en")} | 1 |`);
  push(`| \`iterTickets\`, concurrency 1 | ${ms(median(w.c1))} ms | ${Math.round(WALK.total / (median(w.c1) / 1000)).toLocaleString("en")} | ${walkRatio("c1").toFixed(3)} |`);
  push(`| \`iterTickets\`, concurrency 4 | ${ms(median(w.c4))} ms | ${Math.round(WALK.total / (median(w.c4) / 1000)).toLocaleString("en")} | ${walkRatio("c4").toFixed(3)} |`);
  push("", `${results.walkRounds} rounds after 1 warm-up round; each round runs the three walks, rotating which goes first.`);

  const s = results.size;
  const sizeOk = s.esm.gzip <= TARGETS.gzipKB * 1024;
  targets.push([`default entry <= ${TARGETS.gzipKB} KB gzip -9 (issue 11: 50.4 KB before + 15 KB)`, sizeOk, kb(s.esm.gzip)]);
  push("", "### 3. Package size: what a bundler ships for each entry", "", "| entry | file | raw | gzip -9 |", "|---|---|---:|---:|");
  push(`| \`bk-itsm-tickets\` (import) | \`index.js\`, the module inlined | ${kb(s.esm.raw)} | **${kb(s.esm.gzip)}** |`);
  push(`| \`bk-itsm-tickets\` (require) | \`index.cjs\`, the module inlined | ${kb(s.cjs.raw)} | **${kb(s.cjs.gzip)}** |`);
  push(`| \`bk-itsm-tickets/asset\` | \`bk_itsm_tickets_bg.wasm\` | ${kb(s.asset.wasm.raw)} | ${kb(s.asset.wasm.gzip)} |`);
  push(`| | \`bk_itsm_tickets.js\` (wasm-bindgen glue) | ${kb(s.asset.glue.raw)} | ${kb(s.asset.glue.gzip)} |`);
  push(`| | \`snippets/**\` (\`src/imports.js\`) | ${kb(s.asset.snippets.raw)} | ${kb(s.asset.snippets.gzip)} |`);
  push(`| | \`asset.js\` | ${kb(s.asset.entry.raw)} | ${kb(s.asset.entry.gzip)} |`);
  push(`| | **sum** | **${kb(s.asset.total.raw)}** | **${kb(s.asset.total.gzip)}** |`);
  push("", `Target: the default entry <= ${TARGETS.gzipKB} KB gzip -9: ${met(sizeOk)}.`);

  const cold = (entry) => results.cold[entry].map((x) => x.import + x.firstCall);
  const split = results.cold.split;
  push("", `### 4. Cold start: import until the first call is made (${results.cold["index.js"].length} fresh page loads of each)`, "", "| entry | median | p90 |", "|---|---:|---:|");
  push(`| \`index.js\` (default): download, decode the inlined module, compile and instantiate synchronously | ${ms(median(cold("index.js")))} ms | ${ms(quantile(cold("index.js"), 0.9))} ms |`);
  push(`| \`asset.js\`: download the JavaScript, then fetch, compile and instantiate the .wasm | ${ms(median(cold("asset.js")))} ms | ${ms(quantile(cold("asset.js"), 0.9))} ms |`);
  push(`| measured apart: downloading the .wasm | ${ms(median(split.map((x) => x.fetch)))} ms | ${ms(quantile(split.map((x) => x.fetch), 0.9))} ms |`);
  push(`| measured apart: \`WebAssembly.compile\` of its bytes | ${ms(median(split.map((x) => x.compile)))} ms | ${ms(quantile(split.map((x) => x.compile), 0.9))} ms |`);
  push("", "No target: this measure (issue 11) includes downloading the JavaScript, which issue 5's `init()` <= 15 ms did not; the old entry's `init()` alone measured 14.7 ms, after a 49.7 ms import of its glue.");

  const m = results.memory;
  const grow = (k) => m.many[k] / m.one[k] - 1;
  const memOk = grow("wasm") <= TARGETS.memoryGrowth && grow("heap") <= TARGETS.memoryGrowth;
  targets.push([`memory flat from 1 to ${MEMORY.calls} calls (within 10 %)`, memOk, `wasm ${pct(grow("wasm"))}, JS heap ${pct(grow("heap"))}`]);
  push("", `### 5. Memory (page_size ${MEMORY.pageSize.toLocaleString("en")}, after full GCs)`, "");
  push(`| | before any call | after 1 call | after ${MEMORY.calls.toLocaleString("en")} calls | growth 1 → ${MEMORY.calls.toLocaleString("en")} |`, "|---|---:|---:|---:|---:|");
  push(`| wasm linear memory | ${mb(m.start.wasm)} | ${mb(m.one.wasm)} | ${mb(m.many.wasm)} | ${pct(grow("wasm"))} |`);
  push(`| JS heap (\`usedJSHeapSize\`) | ${mb(m.start.heap)} | ${mb(m.one.heap)} | ${mb(m.many.heap)} | ${pct(grow("heap"))} |`);
  if (m.one.externrefs !== null) {
    push(`| wasm-bindgen externref table slots | ${m.start.externrefs} | ${m.one.externrefs} | ${m.many.externrefs} | |`);
  }
  push("", `The ${MEMORY.calls.toLocaleString("en")} calls took ${m.seconds.toFixed(1)} s. Target: flat within 10 %: ${met(memOk)}.`);

  const summary = ["| target | figure | |", "|---|---:|---|", ...targets.map(([t, ok, fig]) => `| ${t} | ${fig} | ${met(ok)} |`)];
  return { table: lines.join("\n"), summary: summary.join("\n") };
}

const { table, summary } = report();
const method = `Each per-call row interleaves the two contenders call by call in one page (A B, then B A, ...),
after ${WARMUP} warm-up pairs, and reports the median time of each and the median of the per-pair ratios
(getTickets / floor). The floor is \`fetch(url, {method: "POST", headers: {"Content-Type":
"application/json"}, body, credentials: "include"})\`, a \`response.ok\` check and
\`response.json()\` (and \`result\` checked), sending the same URL, body, content type and cookie as the
client (checked through the server's request log before timing: \`${JSON.stringify(results.fairness.body).replace(/"bk_token":"[^"]*"/, '"bk_token":"…"')}\`).
The client is \`createClient({baseUrl}).getTickets({page_size})\` with its defaults (30 s timeout,
2 retries, redirects refused, the bk_token cookie read, the answer's shape checked). The server is
tests/server (in the same Node process as this script) on 127.0.0.1 with the 50,000-ticket data set
(\`/__/n=50000\`), logged in through \`/login\` as a portal user would be. Times are
\`performance.now()\` around each awaited call. Cold start: a fresh browser context per load (empty
HTTP and code caches, cache disabled over CDP, \`Cache-Control: no-store\`), timing the glue import
and \`init()\`; as many other fresh loads time the .wasm download and \`WebAssembly.compile\` apart. Memory: \`window.gc()\` (\`--expose-gc\`) three times before each reading of
\`memory.buffer.byteLength\` and \`performance.memory.usedJSHeapSize\` (\`--enable-precise-memory-info\`).`;

const block = [
  "<!-- bench:results:begin (written by tests/bench/run.mjs: edit the notes outside these markers) -->",
  "## Results",
  "",
  `\`make bench\` (tests/bench/run.mjs, ${ROUNDS} rounds${ROUNDS < 30 ? ": a quick run, below the issue's 30 pairs" : ""}), ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "### Targets",
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

const template = `# Benchmarks

The package against the floor it is measured by: the browser's own \`fetch\` + \`response.json()\`
(issue 5). Run \`make bench\`.

${"<!-- bench:results:begin -->\n<!-- bench:results:end -->"}
`;
const current = existsSync(outFile) ? readFileSync(outFile, "utf8") : template;
const pattern = /<!-- bench:results:begin[^]*?<!-- bench:results:end -->/;
const next = pattern.test(current) ? current.replace(pattern, () => block) : `${current.trimEnd()}\n\n${block}\n`;
writeFileSync(outFile, next);

console.log(`\n${summary}\n\n${table}\n\n${machine()}\n`);
log(`wrote ${relative(process.cwd(), outFile) || outFile}`);
