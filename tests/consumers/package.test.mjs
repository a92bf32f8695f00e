// The package as npm would publish it: the tarball's files, the manifest's fields, the README
// against the declared API, publint and Are the Types Wrong on the tarball, and `make pkg`
// giving the same bytes twice.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cargoVersion, mustRun, pack, pkgDir, root, run, workDir } from "./helpers.mjs";

let tarball;
let info;
let manifest;
let readme;
let declarations;

before(async (t) => {
  ({ tarball, info } = await pack(t, workDir("pack-a")));
  manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  readme = readFileSync(join(pkgDir, "README.md"), "utf8");
  declarations = readFileSync(join(pkgDir, "index.d.ts"), "utf8");
});

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

test("the tarball holds the package's files and nothing else", (t) => {
  const files = info.files.map((f) => f.path).sort();
  for (const f of info.files) t.diagnostic(`${String(f.size).padStart(8)}  ${f.path}`);
  t.diagnostic(`${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked, ${info.entryCount} files`);
  const expected = [
    "LICENSE",
    "README.md",
    "api.js",
    "asset.d.ts",
    "asset.js",
    "bindings.js",
    "bk_itsm_tickets_bg.wasm",
    "constants.js",
    "driver.js",
    "index.cjs",
    "index.d.cts",
    "index.d.ts",
    "index.js",
    "package.json",
    "snapshot.js",
  ];
  assert.deepEqual(files, expected);
  // Every file a packed module imports (or fetches: the asset entry's `new URL(…)`) is in the
  // tarball; the default entries, which inline the module, import nothing at all.
  const packed = new Set(files);
  const relative = (code) => [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|new URL\(\s*)["']\.\/([^"']+)["']/g)].map((m) => m[1]);
  for (const file of files.filter((f) => /\.c?js$/.test(f))) {
    const code = readFileSync(join(pkgDir, file), "utf8");
    const imported = relative(code);
    if (file === "index.js" || file === "index.cjs") {
      // (Outside the module's text, the one long string, which has no quote mark.)
      const js = code.replace(/"[^"]{10000,}"/, '""');
      assert.ok(js.length < code.length - 10000, `${file}: no inlined module`);
      assert.doesNotMatch(js, /\bfrom\s*["'`]|\bimport\s*\(?\s*["'`]|\brequire\s*\(/, `${file} imports something`);
    }
    for (const target of imported) assert.ok(packed.has(target), `${file} imports ./${target}, which is not in the tarball`);
  }
  // The asset entry's module graph, followed from the file: the .wasm and the driver.
  const assetGraph = new Set();
  const follow = (file) => {
    if (assetGraph.has(file)) return;
    assetGraph.add(file);
    if (file.endsWith(".js")) for (const next of relative(readFileSync(join(pkgDir, file), "utf8"))) follow(next);
  };
  follow("asset.js");
  assert.deepEqual([...assetGraph].sort(), ["api.js", "asset.js", "bindings.js", "bk_itsm_tickets_bg.wasm", "constants.js", "driver.js", "snapshot.js"]);
});

test("npm pack gives the same bytes twice", async (t) => {
  const again = await pack(t, workDir("pack-b"));
  assert.equal(sha256(again.tarball), sha256(tarball));
});

test("the manifest: name, Cargo.toml's version, entry points and metadata", () => {
  assert.equal(manifest.name, "bk-itsm-tickets");
  assert.equal(manifest.version, cargoVersion());
  assert.equal(manifest.type, "module");
  assert.equal(manifest.license, "MIT");
  assert.ok(manifest.description.length > 40);
  assert.ok(manifest.keywords.includes("bk-itsm"));
  assert.match(manifest.repository.url, /^git\+https:\/\//);
  // Node 16, not 18: front-ends that only bundle the package build on Node 16 (bk-itsm's own, for
  // node-sass), where npm would warn (EBADENGINE), or refuse to install with engine-strict.
  // Running it in Node needs Node 18's global fetch or a `fetch` passed to createClient, as the
  // README says (node16.test.mjs installs, builds and runs it on Node 16).
  assert.deepEqual(manifest.engines, { node: ">=16" });
  // One default entry for every environment, picked by how it is loaded: `import` (and the
  // legacy `module` field webpack 4 reads) gets the ES module, `require` (and `main`, for
  // resolvers without exports maps) the CommonJS build, each with its own declarations (types
  // first: TypeScript stops at the first match). No node/browser split: both builds inline the
  // module and run anywhere.
  assert.deepEqual(manifest.exports["."], {
    import: { types: "./index.d.ts", default: "./index.js" },
    require: { types: "./index.d.cts", default: "./index.cjs" },
  });
  assert.equal(manifest.module, "./index.js");
  assert.equal(manifest.main, "./index.cjs");
  assert.equal(manifest.types, "./index.d.cts");
  assert.ok(manifest.exports["./asset"], "no bk-itsm-tickets/asset entry");
  assert.equal(manifest.exports["./package.json"], "./package.json");
  // Everything the manifest points at is in the tarball.
  const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
  const packed = new Set(info.files.map((f) => f.path));
  for (const target of [manifest.main, manifest.module, manifest.types, ...targets(manifest.exports)]) {
    assert.ok(packed.has(target.replace(/^\.\//, "")), `${target} is not in the tarball`);
  }
  // The entry points set how the module is loaded when they are imported (the default entries
  // the inlined text, compiled on first use; asset.js fetches the .wasm): bundlers must keep them.
  const entries = targets(manifest.exports).filter((f) => /\.c?js$/.test(f));
  assert.deepEqual([...manifest.sideEffects].sort(), [...new Set(entries)].sort());
});

// publint and @arethetypeswrong/cli, pinned in lint-app/, installed once for both tests.
let lintTools;
function lintApp(t) {
  lintTools ??= (async () => {
    const dir = join(workDir("lint"), "lint-app");
    cpSync(join(dirname(fileURLToPath(import.meta.url)), "lint-app"), dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
    await mustRun(t, "npm ci (lint-app)", "npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir });
    return dir;
  })();
  return lintTools;
}

test("publint finds nothing to say about the tarball", async (t) => {
  const dir = await lintApp(t);
  const r = await run(join(dir, "node_modules", ".bin", "publint"), ["run", tarball, "--level", "suggestion"], { cwd: dir, env: { NO_COLOR: "1" } });
  t.diagnostic(`publint: ${r.seconds.toFixed(1)} s`);
  for (const line of `${r.stdout}${r.stderr}`.split("\n").filter(Boolean)) t.diagnostic(line);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  // Not even a suggestion or a warning (those exit 0 too).
  assert.match(r.stdout, /All good!/, `${r.stdout}${r.stderr}`);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /Suggestions?:|Warnings?:|Errors?:/);
});

test("Are the Types Wrong finds no problem in any resolution mode", async (t) => {
  const dir = await lintApp(t);
  const attw = join(dir, "node_modules", ".bin", "attw");
  const table = await run(attw, [tarball, "--format", "table", "--no-color", "--no-emoji"], { cwd: dir });
  t.diagnostic(`attw: ${table.seconds.toFixed(1)} s`);
  for (const line of `${table.stdout}${table.stderr}`.split("\n").filter(Boolean)) t.diagnostic(line);
  const r = await run(attw, [tarball, "--format", "json"], { cwd: dir });
  const report = JSON.parse(r.stdout);
  const { entrypoints, problems } = report.analysis;
  // Every entry point of the exports map, checked in the four ways TypeScript resolves a
  // package: node10 (the legacy main/types), node16 from CommonJS and from an ES module, and
  // bundler.
  assert.ok(entrypoints["."], `no "." entry point: ${Object.keys(entrypoints)}`);
  for (const [name, entry] of Object.entries(entrypoints)) {
    assert.deepEqual(Object.keys(entry.resolutions).sort(), ["bundler", "node10", "node16-cjs", "node16-esm"], name);
  }
  assert.deepEqual(problems, [], `${table.stdout}`);
  assert.equal(r.code, 0, `${table.stdout}${table.stderr}`);
  assert.equal(table.code, 0, `${table.stdout}${table.stderr}`);
});

/** The property names of an interface in the package's declarations. */
function fields(name) {
  const body = new RegExp(`export interface ${name}(?: extends [\\w, ]+)? \\{([\\s\\S]*?)\\n\\}`).exec(declarations)?.[1];
  assert.ok(body, `no interface ${name} in the declarations`);
  const names = [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
  assert.ok(names.length > 0, `no fields found in ${name}`);
  return names;
}

test("the README documents every parameter, setting, option, field and error kind", () => {
  assert.ok(readme.length > 8000, "the README is a placeholder");
  for (const section of ["## Install", "## Security", "## Errors", "## Paging"]) {
    assert.ok(readme.includes(section), `no "${section}" section`);
  }
  const missing = [];
  const types = [
    "GetTicketsParams", "ClientConfig", "RequestOptions", "IterateOptions", "Progress", "Ticket", "TicketPage", "ValidationIssue",
    // The read endpoints (issue 13).
    "TicketInfoParams", "TicketInfo", "TicketStep", "TicketField", "TicketStatusParams", "TicketStatus", "TicketOperation",
    "TicketLogsParams", "TicketLogs", "TicketLog", "TicketsByUserParams", "UserTicketPage", "UserTicket", "UserTicketStep",
    "TicketStatusStep", "Hooks",
  ];
  for (const type of types) {
    for (const field of fields(type)) if (!readme.includes(`\`${field}\``)) missing.push(`${type}.${field}`);
  }
  const kinds = [.../export type ItsmErrorKind =([^;]*);/.exec(declarations)?.[1].matchAll(/"(\w+)"/g) ?? []].map((m) => m[1]);
  assert.ok(kinds.length >= 7, `kinds: ${kinds}`);
  for (const kind of kinds) if (!readme.includes(`\`${kind}\``)) missing.push(`kind ${kind}`);
  for (const fn of ["getTickets", "createClient", "validateParams", "isItsmError", "iterTickets", "getAllTickets",
    "getTicketInfo", "getTicketStatus", "getTicketLogs", "getTicketsByUser", "iterTicketsByUser", "getAllTicketsByUser", "validate"]) {
    if (!readme.includes(`${fn}(`)) missing.push(fn);
  }
  assert.deepEqual(missing, []);
});

// Twice, and the second time as a machine without the standard library's sources (`rust-src`,
// which every rust-analyzer user has and scripts/setup.sh installs): a sysroot that is the real
// one minus its `lib/rustlib/src`. With `rust-src` present, std's source locations would name
// the builder's home; the module carries none (build-pkg.mjs checks), so the bytes are the same.
test("make pkg gives the same bytes twice, with and without rust-src", { timeout: 20 * 60_000 }, async (t) => {
  const builds = [workDir("build-a"), workDir("build-b")];
  const cargoBin = join(process.env.CARGO_HOME || join(homedir(), ".cargo"), "bin");
  const sysroot = execFileSync("rustc", ["--print", "sysroot"], { encoding: "utf8", env: { ...process.env, PATH: `${cargoBin}:${process.env.PATH}` } }).trim();
  assert.ok(existsSync(join(sysroot, "lib", "rustlib", "src", "rust")), "rust-src is not installed: scripts/setup.sh installs it");
  const bare = workDir("sysroot-without-src");
  mkdirSync(join(bare, "lib", "rustlib"), { recursive: true });
  for (const entry of readdirSync(join(sysroot, "lib", "rustlib"))) {
    if (entry !== "src") symlinkSync(join(sysroot, "lib", "rustlib", entry), join(bare, "lib", "rustlib", entry));
  }
  for (const [i, dir] of builds.entries()) {
    const extra = i === 0 ? {} : { CARGO_ENCODED_RUSTFLAGS: `--sysroot=${bare}`, CARGO_TARGET_DIR: workDir("target-without-src") };
    await mustRun(t, `node scripts/build-pkg.mjs (PKG_DIR=${dir}${i ? ", no rust-src" : ""})`, process.execPath, ["scripts/build-pkg.mjs"], {
      cwd: root,
      env: { PKG_DIR: dir, PATH: `${join(root, "node_modules", ".bin")}:${cargoBin}:${process.env.PATH}`, ...extra },
    });
  }
  const list = (dir) =>
    readdirSync(dir, { recursive: true })
      .filter((f) => statSync(join(dir, f)).isFile())
      .map((f) => relative(dir, join(dir, f)))
      .sort();
  const [a, b] = builds;
  assert.deepEqual(list(a), list(b));
  for (const f of list(a)) assert.equal(sha256(join(a, f)), sha256(join(b, f)), `${f} differs between two builds`);
  assert.equal(JSON.parse(readFileSync(join(a, "package.json"), "utf8")).version, cargoVersion());
  // No path of the machine that built it, nor any source location at all.
  const wasm = readFileSync(join(a, "bk_itsm_tickets_bg.wasm")).toString("latin1");
  for (const local of [homedir(), root, sysroot, "/rustc/", ".rs", "rustlib"].filter((p) => p.length > 1)) {
    assert.ok(!wasm.includes(local), `the module contains ${local}`);
  }
});
