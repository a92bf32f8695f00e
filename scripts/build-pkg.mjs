// make pkg: the release npm package in pkg/.
//
// 1. cargo builds the crate for wasm32 (release profile: opt-level "z", LTO, one codegen unit,
//    panic = "abort"; the crate is no_std there), with every path of the build machine remapped
//    (see `rustflags`).
// 2. wasm-opt -Oz from npm's binaryen shrinks the module (never Debian's binaryen: it emits
//    broken modules), and the module is checked: no formatting machinery, no panic strings, no
//    source paths (checkModule()).
// 3. The generated files (scripts/gen/gen.mjs, from `cargo run --bin describe`): constants.js,
//    api.js (every function and Client method), index.d.ts.
// 4. The driver and its bindings (src/js/) join them; terser minifies the JavaScript (names of
//    functions and classes kept, so stack traces read).
// 5. The default entry, index.js (ES module) and index.cjs (CommonJS), is bundled by esbuild with
//    the module inlined as text (scripts/inline/codec.js) and compiled on first use, in syntax
//    webpack 4's parser reads (ES2018). See scripts/inline/entry.js.
// 6. pkg-template/ is merged in: the `bk-itsm-tickets/asset` entry, the package.json fields, the
//    npm README.
//
// The output depends only on the sources: no timestamps, no absolute paths, fixed key order.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { minify } from "terser";
import { decode, encode } from "./inline/codec.js";
import { apiJs, assetJs, constantsJs, declarations, describe } from "./gen/gen.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// PKG_DIR builds elsewhere (an absolute path), so parallel work never clobbers pkg/.
const pkg = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(root, "pkg");
const template = join(root, "pkg-template");
// npm's binaryen first on PATH, whoever calls this.
const env = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}` };
const run = (cmd, args, extraEnv = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
const capture = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: "utf8", env }).trim();

// Every path of the build machine a source location could carry is remapped: the cargo registry
// (dependencies), the standard library's sources when `rust-src` is installed (which every
// rust-analyzer user has: without the remap they name the builder's home), and the project. The
// module should carry no location at all (checkModule() makes sure); the remap is the second
// guard, and what keeps the build the same with and without `rust-src`. The flags are passed
// encoded (0x1f-separated), so a home with spaces stays one argument; the caller's RUSTFLAGS
// are kept.
const cargoHome = resolve(process.env.CARGO_HOME || join(homedir(), ".cargo"));
const sysroot = capture("rustc", ["--print", "sysroot"]);
const commit = /commit-hash: (\w+)/.exec(capture("rustc", ["-vV"]))?.[1] ?? "unknown";
const rustflags = [
  ...(process.env.CARGO_ENCODED_RUSTFLAGS
    ? process.env.CARGO_ENCODED_RUSTFLAGS.split("\x1f")
    : (process.env.RUSTFLAGS || "").split(/\s+/)),
  `--remap-path-prefix=${cargoHome}=/cargo`,
  `--remap-path-prefix=${join(sysroot, "lib", "rustlib", "src", "rust")}=/rustc/${commit}`,
  `--remap-path-prefix=${root}=/bk-itsm-tickets`,
].filter(Boolean);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, "target");
run("cargo", ["build", "--lib", "--release", "--target", "wasm32-unknown-unknown"], {
  CARGO_ENCODED_RUSTFLAGS: rustflags.join("\x1f"),
  // Names kept in the built module (stripped by wasm-opt below), for checkModule().
  CARGO_PROFILE_RELEASE_STRIP: "none",
});
const built = join(target, "wasm32-unknown-unknown", "release", "bk_itsm_tickets.wasm");
const wasm = join(pkg, "bk_itsm_tickets_bg.wasm");
// The features wasm-bindgen's output uses; all are in every browser this package supports.
const features = [
  "--enable-reference-types", "--enable-bulk-memory", "--enable-sign-ext",
  "--enable-nontrapping-float-to-int", "--enable-mutable-globals", "--enable-multivalue",
];
// The same optimisation with the names kept, beside cargo's output (not in the package): what
// checkModule() reads, and scripts/size/where.mjs ("Where the bytes go" in BENCHMARKS.md).
const named = join(target, "wasm32-unknown-unknown", "release", "bk_itsm_tickets.named.wasm");
const optimise = ["-Oz", "--converge", ...features];
run("wasm-opt", [...optimise, "--debuginfo", built, "-o", named]);
checkModule(named);
run("wasm-opt", [...optimise, "--strip-debug", "--strip-producers", built, "-o", wasm]);

// The generated files, the driver and its bindings.
const d = describe(root);
writeFileSync(join(pkg, "constants.js"), constantsJs(d));
writeFileSync(join(pkg, "api.js"), apiJs(d));
for (const file of ["driver.js", "bindings.js", "snapshot.js"]) copyFileSync(join(root, "src", "js", file), join(pkg, file));

for (const file of listFiles(pkg).filter((f) => f.endsWith(".js"))) {
  const path = join(pkg, file);
  const { code } = await minify(readFileSync(path, "utf8"), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    // ItsmError's class name shows in stack traces; functions' names cost bytes, and esbuild's
    // keepNames would wrap every function made in a loop in a defineProperty call (measured:
    // 10^7 items took 22 s to probe with it, 0.3 s without).
    keep_classnames: true,
    format: { comments: false },
  });
  writeFileSync(path, code + "\n");
}

for (const name of readdirSync(template)) {
  if (name === "package.json") continue;
  cpSync(join(template, name), join(pkg, name), { recursive: true });
}
// The asset entry's export list, from the descriptions.
writeFileSync(join(pkg, "asset.js"), assetJs(d, readFileSync(join(template, "asset.js"), "utf8").trimEnd()));

// The declarations: one text for both formats (it imports nothing), so TypeScript reads
// index.d.ts as an ES module and index.d.cts as CommonJS, each matching the file it describes
// under every moduleResolution (tests/consumers/package.test.mjs: attw).
const dts = declarations(d);
writeFileSync(join(pkg, "index.d.ts"), dts);
writeFileSync(join(pkg, "index.d.cts"), dts);
copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));
const { version } = JSON.parse(capture("cargo", ["metadata", "--no-deps", "--format-version", "1"])).packages[0];
await buildInlineEntries(version);
// The `bk-itsm-tickets/proxy` entry: proxy.js, proxy.cjs (the module inlined), proxy.d.ts (scripts/gen/proxy.mjs).
await (await import("./gen/proxy.mjs")).buildProxyEntry({ root, pkg, wasm, version, d });

// package.json: name and version from Cargo.toml, the rest from the template.
const fields = JSON.parse(readFileSync(join(template, "package.json"), "utf8"));
const files = ["LICENSE", "README.md", ...listFiles(pkg).filter((f) => !/^(package\.json|README\.md|LICENSE)$/.test(f))];
const manifest = { name: "bk-itsm-tickets", version, ...fields, files: files.sort() };
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

function listFiles(dir, prefix = "") {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const wasmBytes = readFileSync(wasm);
const entry = readFileSync(join(pkg, "index.js"));
console.log(`${pkg}: ${manifest.name}@${manifest.version}`);
console.log(`  .wasm     ${kb(wasmBytes.length)} raw, ${kb(gz(wasmBytes))} gzip -9`);
console.log(`  index.js  ${kb(entry.length)} raw, ${kb(gz(entry))} gzip -9 (the default entry, module inlined)`);

// The release module must carry no formatting machinery, no panic path and no path of the build
// machine: the crate is no_std with a panic handler that formats nothing, and denies unwrap,
// indexing and the rest (src/lib.rs); a function that could still panic or format shows here by
// name, and a source path in the data. Checked on a build that keeps the names, with the code of
// the shipped one.
function checkModule(path) {
  const bytes = readFileSync(path);
  const { names, data } = sections(bytes);
  const bad = names.filter((n) => /core::fmt|core.*fmt|panicking|panic_|unwrap_failed|expect_failed|slice_index_fail|capacity_overflow|handle_alloc_error/.test(n));
  const text = data.toString("latin1");
  const paths = [...new Set(text.match(/[\x20-\x7e]*(?:\.rs\b|\/rustc\/|rustlib|\/home\/|\/root\/|\.cargo\/)[\x20-\x7e]*/g) ?? [])]
    .filter((s) => !/^name$/.test(s));
  const problems = [...bad.map((n) => `function ${n}`), ...paths.map((p) => `path ${JSON.stringify(p.slice(0, 120))}`)];
  if (problems.length && !process.env.ALLOW_PANIC_PATHS) {
    throw new Error(`the module can panic, format or name a path:\n  ${problems.slice(0, 30).join("\n  ")}`);
  }
}

/** The names of a module's functions (its name section), and its data section. */
function sections(bytes) {
  let data = Buffer.alloc(0);
  let at = 8;
  const u32 = () => {
    let n = 0, shift = 0, b;
    do { b = bytes[at++]; n |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return n >>> 0;
  };
  const names = [];
  while (at < bytes.length) {
    const id = bytes[at++], size = u32(), end = at + size;
    if (id === 11) data = bytes.subarray(at, end);
    if (id === 0) {
      const len = u32();
      const name = bytes.subarray(at, at + len).toString();
      at += len;
      if (name === "name") {
        while (at < end) {
          const sub = bytes[at++], subSize = u32(), subEnd = at + subSize;
          if (sub === 1) {
            const n = u32();
            for (let i = 0; i < n; i++) {
              u32();
              const l = u32();
              names.push(bytes.subarray(at, at + l).toString());
              at += l;
            }
          }
          at = subEnd;
        }
      }
    }
    at = end;
  }
  return { names, data };
}

// index.js and index.cjs: one self-contained file each, the module inlined (scripts/inline/).
// esbuild resolves the entry's virtual imports: the package's API (and through it the driver and
// the bindings), and the module as codec.js's text. Checked after the build: no top-level await,
// no `import.meta`, no syntax past ES2018 and no `.wasm` reference.
async function buildInlineEntries(version) {
  const bytes = readFileSync(wasm);
  const { text, order } = encode(bytes);
  if (Buffer.compare(Buffer.from(decode(text, order, bytes.length)), bytes) !== 0) throw new Error("codec.js: the text does not decode to the module");
  const TEXT = "bk-itsm-tickets:module-text";
  const inline = {
    name: "bk-itsm-tickets-inline",
    setup(b) {
      b.onResolve({ filter: /^bk-itsm-tickets:api$/ }, () => ({ path: join(pkg, "api.js") }));
      b.onResolve({ filter: /^bk-itsm-tickets:driver$/ }, () => ({ path: join(pkg, "driver.js") }));
      b.onResolve({ filter: /^bk-itsm-tickets:module$/ }, (a) => ({ path: a.path, namespace: "inline" }));
      // The text goes in after the build (see below): esbuild sees a placeholder.
      b.onLoad({ filter: /.*/, namespace: "inline" }, () => ({
        contents: `export const text = ${JSON.stringify(TEXT)}, order = ${JSON.stringify(order)}, length = ${bytes.length};`,
        loader: "js",
      }));
    },
  };
  for (const [format, file] of [["esm", "index.js"], ["cjs", "index.cjs"]]) {
    const out = join(pkg, file);
    await build({
      entryPoints: [join(root, "scripts", "inline", "entry.js")],
      outfile: out,
      bundle: true,
      format,
      platform: "neutral",
      target: "es2018",
      minify: true,
      // Short lines: Node prints the source line of an uncaught error's first frame, which in a
      // one-line bundle is the whole entry (100 KB on the terminal for a bad createClient
      // configuration). esbuild would cut the module's text too, so it gets the text afterwards.
      lineLimit: 160,
      legalComments: "none",
      plugins: [inline],
      logLevel: "warning",
    });
    const built = readFileSync(out, "utf8");
    for (const [what, pattern] of [["import.meta", /import\.meta/], ["a .wasm file name", /\.wasm\b/], ["`?.` or `??`", /\?\.[^\d]|\?\?/]]) {
      if (pattern.test(built)) throw new Error(`${out}: contains ${what}`);
    }
    // The text, on a line of its own, where the placeholder is: after `=`, `,`, `:` or `(`, where
    // a line break changes nothing (no automatic semicolon).
    const at = built.split(JSON.stringify(TEXT));
    if (at.length !== 2 || !/[=,:(]$/.test(at[0])) throw new Error(`${out}: the module's text has no place of its own`);
    const code = `${at[0]}\n"${text}"\n${at[1]}`;
    writeFileSync(out, `// bk-itsm-tickets ${version}: the default entry (${format === "esm" ? "ES module" : "CommonJS"}), the WebAssembly module inlined. Built by scripts/build-pkg.mjs.\n${code}`);
  }
}
