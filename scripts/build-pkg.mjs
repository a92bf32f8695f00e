// make pkg: the release npm package in pkg/.
//
// 1. wasm-pack builds the crate (release profile: opt-level "z", LTO, one codegen unit,
//    panic = "abort") for --target web, without its own wasm-opt (it would download one).
// 2. wasm-opt -Oz from npm's binaryen shrinks the module (never Debian's binaryen: it emits
//    broken modules).
// 3. The names between the module and its glue are shortened: wasm-bindgen names each import
//    `__wbg_<name>_<16 hex digits>`, some 80 of them, written in both files, and the hashes
//    do not compress (Emscripten does the same at -O2 and above). See minifyInterface().
// 4. terser minifies wasm-bindgen's JavaScript glue and our snippet, src/imports.js (names of
//    functions and classes kept, so stack traces still read); a page that loads the package
//    as plain ES modules, without a bundler, downloads a third less (see BENCHMARKS.md).
// 5. The default entry, index.js (ES module) and index.cjs (CommonJS), is bundled by esbuild
//    from the glue, the snippet and scripts/inline/entry.js, with the module inlined as text
//    (scripts/inline/codec.js) and compiled synchronously at import, in syntax webpack 4's parser reads (ES2018). See
//    scripts/inline/entry.js for why, and BENCHMARKS.md for what it costs.
// 6. pkg-template/ is merged in: the `bk-itsm-tickets/asset` entry (the module as a separate
//    .wasm file), the package.json fields wasm-pack does not write, and the npm README.
//
// The output depends only on the sources: no timestamps, no absolute paths, fixed key order.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { minify } from "terser";
import { decode, encode } from "./inline/codec.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// PKG_DIR builds elsewhere (an absolute path), so parallel work never clobbers pkg/.
const pkg = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(root, "pkg");
const template = join(root, "pkg-template");
// npm's binaryen first on PATH, whoever calls this.
const env = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}` };
const run = (cmd, args, extraEnv = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });

// Panic locations in dependencies name their sources by absolute path
// (~/.cargo/registry/src/...): remapped, so the module is the same whoever builds it and
// wherever their home is, and the package publishes no local paths. The flags are passed
// encoded (0x1f-separated), so a home with spaces stays one argument; any RUSTFLAGS the caller
// set are kept.
const cargoHome = resolve(process.env.CARGO_HOME || join(homedir(), ".cargo"));
const rustflags = [
  ...(process.env.CARGO_ENCODED_RUSTFLAGS
    ? process.env.CARGO_ENCODED_RUSTFLAGS.split("\x1f")
    : (process.env.RUSTFLAGS || "").split(/\s+/)),
  `--remap-path-prefix=${cargoHome}=/cargo`,
].filter(Boolean);

rmSync(pkg, { recursive: true, force: true });
run("wasm-pack", ["build", "--release", "--target", "web", "--out-dir", pkg, "--mode", "no-install"], {
  CARGO_ENCODED_RUSTFLAGS: rustflags.join("\x1f"),
});

const wasm = join(pkg, "bk_itsm_tickets_bg.wasm");
// The features wasm-bindgen's output uses; all are in every browser this package supports.
const features = [
  "--enable-reference-types", "--enable-bulk-memory", "--enable-sign-ext",
  "--enable-nontrapping-float-to-int", "--enable-mutable-globals", "--enable-multivalue",
];
run("wasm-opt", ["-Oz", "--strip-debug", "--strip-producers", ...features, wasm, "-o", wasm]);
minifyInterface();

// Only wasm-bindgen's output: the entry points from pkg-template/ are a few lines, and stay
// readable. `@ts-self-types` (the glue's first comment) tells Deno and TypeScript where the
// declarations are, so it is kept.
for (const file of listFiles(pkg).filter((f) => f.endsWith(".js"))) {
  const path = join(pkg, file);
  const { code } = await minify(readFileSync(path, "utf8"), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    keep_classnames: true,
    keep_fnames: true,
    format: { comments: /@ts-self-types/ },
  });
  writeFileSync(path, code + "\n");
}

for (const name of readdirSync(template)) {
  if (name === "package.json") continue;
  cpSync(join(template, name), join(pkg, name), { recursive: true });
}
rmSync(join(pkg, ".gitignore"), { force: true });

// The generated declarations, made to type-check in any strict project with skipLibCheck off
// (tests/types, tests/consumers/typescript.test.mjs):
// - the loader's types (InitInput, InitOutput, initSync, the default init) name DOM-only types
//   (RequestInfo, BufferSource, WebAssembly), which a Node project on @types/node lacks. They
//   are internals: the entry points call the loader, and the exports map hides the glue file.
// - `[Symbol.dispose](): void` on Client needs TypeScript's esnext.disposable lib. The method
//   exists at run time where the symbol does; the comment keeps `using client = …` typed for
//   projects on esnext and silences the error for the others.
const dts = join(pkg, "bk_itsm_tickets.d.ts");
let declarations = readFileSync(dts, "utf8");
const loader = declarations.indexOf("\nexport type InitInput");
if (loader < 0) throw new Error(`${dts}: no "export type InitInput": wasm-bindgen's output changed, update build-pkg.mjs`);
declarations = declarations.slice(0, loader + 1).replace(
  /^(\s*)(\[Symbol\.dispose\]\(\): void;)$/gm,
  "$1// @ts-ignore: Symbol.dispose is declared by TypeScript's esnext.disposable lib only\n$1$2",
);
// - The inputs' optional properties also take `undefined`, which the client reads as "not given"
//   (tests/browser.rs undefined_means_not_given): without it, a project on TypeScript's
//   `exactOptionalPropertyTypes` could not pass `{ page: form.page }` where `form.page` may be
//   undefined. tsify writes `name?: T`; this makes it `name?: T | undefined`.
for (const name of ["GetTicketsParams", "TicketInfoParams", "TicketStatusParams", "TicketLogsParams", "TicketsByUserParams", "ClientConfig", "RequestOptions", "IterateOptions"]) {
  const block = new RegExp(`(export interface ${name} \\{\\n)([\\s\\S]*?)(\\n\\}\\n)`);
  if (!block.test(declarations)) throw new Error(`${dts}: no "export interface ${name}": update build-pkg.mjs`);
  declarations = declarations.replace(block, (_, open, body, close) => {
    const widened = body.replace(/^(\s+(?:readonly )?\w+\?: )(.+);$/gm, (line, head, type) =>
      /\bundefined\b/.test(type) ? line : `${head}${type.includes("=>") ? `(${type})` : type} | undefined;`);
    return open + widened + close;
  });
}
writeFileSync(dts, declarations);
// The default entry's declarations: the same text for both formats (it imports nothing), so
// TypeScript reads index.d.ts as an ES module and index.d.cts as CommonJS, each matching the
// file it describes under every moduleResolution (tests/consumers/package.test.mjs: attw).
const header = "// The package's public types: the functions and the types of their arguments, results and\n// errors (the bindings' module-loading internals are not part of the API).\n";
const api = declarations.replace(/^\/\* tslint:disable \*\/\n|^\/\* eslint-disable \*\/\n/gm, "");
writeFileSync(join(pkg, "index.d.ts"), header + api);
writeFileSync(join(pkg, "index.d.cts"), header + api);
copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));
await buildInlineEntries();

// package.json: name and version from Cargo.toml (via wasm-pack), the rest from the template.
const built = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
const fields = JSON.parse(readFileSync(join(template, "package.json"), "utf8"));
const files = ["LICENSE", "README.md", ...listFiles(pkg).filter((f) => !/^(package\.json|README\.md|LICENSE)$/.test(f))];
const manifest = { name: built.name, version: built.version, ...fields, files: files.sort() };
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

function listFiles(dir, prefix = "") {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const wasmBytes = readFileSync(wasm);
const glue = readFileSync(join(pkg, "bk_itsm_tickets.js"));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${pkg}: ${manifest.name}@${manifest.version}`);
console.log(`  .wasm ${kb(wasmBytes.length)} raw, ${kb(gzipSync(wasmBytes, { level: 9 }).length)} gzip -9`);
console.log(`  glue  ${kb(glue.length)} raw, ${kb(gzipSync(glue, { level: 9 }).length)} gzip -9`);

// wasm-opt renames every import (into one module, "a") and every export to one or two
// characters and prints the mapping; the glue is rewritten to match, and every rewrite is
// checked to have happened exactly once, so a change in wasm-bindgen's output stops the build
// rather than shipping a module whose imports do not resolve. The glue is not part of the
// package's API (the exports map hides it), so its export names are free to change.
function minifyInterface() {
  const gluePath = join(pkg, "bk_itsm_tickets.js");
  const map = JSON.parse(
    execFileSync("wasm-opt", ["--minify-imports-and-exports-and-modules", ...features, wasm, "-o", wasm], {
      cwd: root, env, encoding: "utf8",
    }),
  );
  let glue = readFileSync(gluePath, "utf8");
  const fail = (what) => {
    throw new Error(`${gluePath}: ${what}: wasm-bindgen's output changed, update minifyInterface() in build-pkg.mjs`);
  };
  const once = (pattern, replacement, what) => {
    let count = 0;
    glue = glue.replace(pattern, (...m) => {
      count += 1;
      return typeof replacement === "function" ? replacement(...m) : replacement;
    });
    if (count !== 1) fail(`${what} found ${count} times`);
  };
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  // Exports: the glue reads them as `wasm.<name>`.
  const exported = new Map(map.exports);
  glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
    if (!exported.has(name)) fail(`the glue reads wasm.${name}, which the module does not export`);
    return `wasm.${exported.get(name)}`;
  });

  // Imports: the glue's __wbg_get_imports() returns one object per module. The glue's own
  // (import0) are renamed where they are defined; the snippets' come from their namespaces.
  const namespaces = new Map();
  once(/\n    return \{\n        __proto__: null,\n((?:        "[^"]+": import\d+,\n)+)    \};\n\}/, (whole, lines) => {
    for (const [, module, ns] of lines.matchAll(/"([^"]+)": (import\d+),/g)) namespaces.set(module, ns);
    return "\n    return { __proto__: null, a: import0 };\n}";
  }, "the imports object of __wbg_get_imports()");
  const own = namespaces.get("./bk_itsm_tickets_bg.js");
  if (own !== "import0") fail("the glue's own imports are not import0");
  const fromSnippets = [];
  for (const [module, name, short] of map.imports) {
    if (module === "./bk_itsm_tickets_bg.js") {
      once(new RegExp(`\\n        ${escape(name)}: function\\(`, "g"), `\n        ${short}: function(`, `import ${name}`);
    } else if (namespaces.has(module)) {
      fromSnippets.push(`import0.${short} = ${namespaces.get(module)}.${name};`);
    } else {
      fail(`the module imports ${module}, which __wbg_get_imports() does not provide`);
    }
  }
  once("\n    return { __proto__: null, a: import0 };", `\n    ${fromSnippets.join(" ")}\n    return { __proto__: null, a: import0 };`, "the rewritten return");
  writeFileSync(gluePath, glue);
}


// index.js and index.cjs: one self-contained file each, the module inlined (scripts/inline/).
// esbuild resolves the entry's two virtual imports: the glue, and the module as codec.js's text.
// Checked after the build: no top-level await, no `import.meta`, no syntax past ES2018 and no
// `.wasm` reference, the four things that made the old entry fail in half the stacks.
async function buildInlineEntries() {
  const bytes = readFileSync(wasm);
  const { text, order } = encode(bytes);
  if (Buffer.compare(Buffer.from(decode(text, order, bytes.length)), bytes) !== 0) throw new Error("codec.js: the text does not decode to the module");
  const { version } = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const inline = {
    name: "bk-itsm-tickets-inline",
    setup(b) {
      b.onResolve({ filter: /^bk-itsm-tickets:glue$/ }, () => ({ path: join(pkg, "bk_itsm_tickets.js") }));
      b.onResolve({ filter: /^bk-itsm-tickets:module$/ }, (a) => ({ path: a.path, namespace: "inline" }));
      b.onLoad({ filter: /.*/, namespace: "inline" }, () => ({
        contents: `export const text = ${JSON.stringify(text)}, order = ${JSON.stringify(order)}, length = ${bytes.length};`,
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
      keepNames: true,
      legalComments: "none",
      inject: [join(root, "scripts", "inline", "text-codec.js")],
      plugins: [inline],
      logLevel: "warning",
      // The glue's async init() refers to `import.meta.url`; the entry never calls it, so it is
      // dropped from the bundle (checked below) and esbuild's warning about it says nothing.
      logOverride: { "empty-import-meta": "silent" },
    });
    const code = readFileSync(out, "utf8");
    if (!code.includes(`"${text}"`)) throw new Error(`${out}: the module's text was reprinted`);
    for (const [what, pattern] of [["import.meta", /import\.meta/], ["a .wasm file name", /\.wasm\b/], ["`?.` or `??`", /\?\.[^\d]|\?\?/]]) {
      if (pattern.test(code.replace(text, ""))) throw new Error(`${out}: contains ${what}`);
    }
    writeFileSync(out, `// bk-itsm-tickets ${version}: the default entry (${format === "esm" ? "ES module" : "CommonJS"}), the WebAssembly module inlined. Built by scripts/build-pkg.mjs.\n${code}`);
  }
}
