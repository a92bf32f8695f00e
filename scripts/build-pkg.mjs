// make pkg: the release npm package in pkg/.
//
// 1. wasm-pack builds the crate (release profile: opt-level "z", LTO, one codegen unit,
//    panic = "abort") for --target web, without its own wasm-opt (it would download one).
// 2. wasm-opt -Oz from npm's binaryen shrinks the module (never Debian's binaryen: it emits
//    broken modules).
// 3. pkg-template/ is merged in: the entry points that load the module without an explicit
//    init() call, the package.json fields wasm-pack does not write, and the npm README.
//
// The output depends only on the sources: no timestamps, no absolute paths, fixed key order.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

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
run("wasm-opt", [
  "-Oz", "--strip-debug", "--strip-producers",
  "--enable-reference-types", "--enable-bulk-memory", "--enable-sign-ext",
  "--enable-nontrapping-float-to-int", "--enable-mutable-globals", "--enable-multivalue",
  wasm, "-o", wasm,
]);

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
writeFileSync(dts, declarations);
copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));

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
