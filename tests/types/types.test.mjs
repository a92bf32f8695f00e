// The package's TypeScript definitions, as a strict consumer meets them (make test-types).
//
// - ok.ts, which uses every export, type-checks under `tsc --strict` with the package's own
//   .d.ts files checked too (skipLibCheck off), resolved through the exports map the way Node
//   (`nodenext`) and the bundlers (`bundler`) resolve it.
// - Each file in misuse/ fails, with exactly the errors its `// @expect CODE text` markers name,
//   each on the line below its marker: a misuse file cannot pass by failing for another reason
//   (a missing module, a typo in the test).
// - No `any` in the public signatures: everything index.d.ts exports, and every type of ours
//   those reach.
// - The values index.d.ts declares are the ones the two entry points export at run time.
//
// The package comes from PKG_DIR (default <repo>/pkg), linked into a throw-away
// node_modules; tsc is the repo's own (root devDependency).
import { createRequire } from "node:module";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { assertOnlyMarkedErrors, misuseFiles } from "./expect.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const pkgDir = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(root, "pkg");
const tsc = join(root, "node_modules", ".bin", "tsc");

// How consumers resolve the package: Node's ESM rules and the bundlers' (through the exports
// map), and the older node10 rules (through the top-level "types" field; ok.ts only).
const MODES = {
  nodenext: ["--module", "nodenext", "--moduleResolution", "nodenext"],
  bundler: ["--module", "esnext", "--moduleResolution", "bundler"],
};
const OK_ONLY_MODES = {
  node10: ["--module", "esnext", "--moduleResolution", "node10"],
  // The strictest optional-property rules: `undefined` must be declared to be passed.
  "nodenext, exactOptionalPropertyTypes": [...MODES.nodenext, "--exactOptionalPropertyTypes"],
};
// A typical browser project's settings; --strict is the point of the exercise.
const COMMON = ["--strict", "--noEmit", "--pretty", "false", "--target", "es2022", "--lib", "es2022,dom"];

let work;
// The tsc runs, started together in before(): each takes seconds, and they overlap.
const runs = {};

before(() => {
  assert.ok(existsSync(join(pkgDir, "index.d.ts")), `no package in ${pkgDir}: run make pkg (or set PKG_DIR)`);
  work = mkdtempSync(join(tmpdir(), "bk-itsm-types-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(pkgDir, join(work, "node_modules", "bk-itsm-tickets"), "dir");
  // An ES module scope, as in any project that writes `import` in .ts files for Node.
  writeFileSync(join(work, "package.json"), JSON.stringify({ private: true, type: "module" }));
  cpSync(join(here, "ok.ts"), join(work, "ok.ts"));
  for (const f of misuseFiles) cpSync(join(here, "misuse", f), join(work, f));
  for (const [mode, flags] of Object.entries({ ...MODES, ...OK_ONLY_MODES })) {
    runs[`ok ${mode}`] = runTsc([...COMMON, ...flags, "ok.ts"]);
    if (mode in MODES) runs[`misuse ${mode}`] = runTsc([...COMMON, ...flags, ...misuseFiles]);
  }
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs tsc in the work folder: its exit code and output. */
function runTsc(args) {
  return new Promise((done) => {
    execFile(tsc, args, { cwd: work, encoding: "utf8" }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      done({ code: error ? error.code : 0, output });
    });
  });
}

for (const mode of Object.keys({ ...MODES, ...OK_ONLY_MODES })) {
  test(`ok.ts type-checks under --strict (${mode} resolution)`, async () => {
    const { code, output } = await runs[`ok ${mode}`];
    assert.equal(code, 0, `tsc failed on ok.ts:\n${output}`);
    assert.equal(output.trim(), "");
  });
}

for (const mode of Object.keys(MODES)) {
  test(`every misuse fails with the expected error, and nothing else (${mode} resolution)`, async () => {
    assertOnlyMarkedErrors(await runs[`misuse ${mode}`]);
  });
}

/** The program of a consumer that imports the package's index.d.ts, and its exports (made once). */
let cached;
function packageExports() {
  cached ??= exportsOf(realpathSync(join(pkgDir, "index.d.ts")));
  return cached;
}

function exportsOf(index) {
  const program = ts.createProgram([index], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index));
  assert.ok(moduleSymbol, `${index} is not a module`);
  return { program, checker, exports: checker.getExportsOfModule(moduleSymbol) };
}

/**
 * Every `any` written in the declarations reachable from `symbols` inside `dir` (the package):
 * the symbols' own declarations, and those of every type they name that the package declares.
 * Private members are not public; lib types (Promise, Error, AbortSignal) are not ours.
 */
function anyIn(checker, symbols, dir = pkgDir) {
  const pkgReal = realpathSync(dir);
  const ours = (node) => !relative(pkgReal, node.getSourceFile().fileName).startsWith("..");
  const seen = new Set();
  const found = [];
  const visit = (symbol, path) => {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (seen.has(symbol)) return;
    seen.add(symbol);
    for (const decl of symbol.declarations ?? []) if (ours(decl)) walk(decl, path);
  };
  const walk = (node, path) => {
    const isPrivate = ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
    if (isPrivate) return;
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const sf = node.getSourceFile();
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path}: any in ${relative(pkgReal, sf.fileName)}:${line + 1}: ${sf.text.split("\n")[line].trim()}`);
    }
    const name = ts.isTypeReferenceNode(node) ? node.typeName
      : ts.isExpressionWithTypeArguments(node) ? node.expression
      : ts.isTypeQueryNode(node) ? node.exprName
      : undefined;
    const target = name && checker.getSymbolAtLocation(name);
    if (target) visit(target, `${path} → ${target.name}`);
    ts.forEachChild(node, (child) => walk(child, path));
  };
  for (const symbol of symbols) visit(symbol, symbol.name);
  return found;
}

test("no any in the public signatures", () => {
  const { checker, exports } = packageExports();
  assert.ok(exports.length >= 10, `index.d.ts exports only ${exports.map((s) => s.name)}`);
  assert.deepEqual(anyIn(checker, exports), []);
});

test("the any check finds an any where there is one", () => {
  // One reached through a type the export names; one in a private member, which is not public.
  const dir = join(work, "sample");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "index.d.ts"),
    [
      "export interface Shown { f(x: Hidden): Promise<number>; }",
      "interface Hidden { y: any; }",
      "export declare class K { private constructor(); private secret: any; ok(): string; }",
      "",
    ].join("\n"),
  );
  const { checker, exports } = exportsOf(join(dir, "index.d.ts"));
  const found = anyIn(checker, exports, dir);
  assert.equal(found.length, 1, found.join("\n"));
  assert.match(found[0], /^Shown → Hidden: any in index\.d\.ts:2:/);
});

test("ok.ts imports every name the package exports", () => {
  const { exports } = packageExports();
  const source = ts.createSourceFile("ok.ts", readFileSync(join(here, "ok.ts"), "utf8"), ts.ScriptTarget.ES2022);
  const imported = source.statements
    .filter((s) => ts.isImportDeclaration(s) && s.moduleSpecifier.text === "bk-itsm-tickets")
    .flatMap((s) => s.importClause?.namedBindings?.elements ?? [])
    .map((e) => (e.propertyName ?? e.name).text);
  assert.deepEqual(imported.sort(), exports.map((s) => s.name).sort());
});

test("the declared values are the ones both entry points export", async () => {
  const { checker, exports } = packageExports();
  const values = exports
    .filter((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value)
    .map((s) => s.name)
    .sort();
  assert.ok(values.includes("getTickets") && values.includes("createClient"), `values: ${values}`);
  // Each entry's run-time exports are exactly the declared values: the default entry in both
  // formats (run), and the asset entry (read, not run: Node's fetch cannot load its file: URL).
  const esm = await import(pathToFileURL(join(pkgDir, "index.js")).href);
  assert.deepEqual(Object.keys(esm).sort(), values);
  const cjs = createRequire(import.meta.url)(join(pkgDir, "index.cjs"));
  assert.deepEqual(Object.keys(cjs).sort(), values);
  const asset = readFileSync(join(pkgDir, "asset.js"), "utf8");
  const listed = [...asset.matchAll(/^export\s*\{([^}]*)\}/gm)].flatMap((m) => m[1].split(",").map((n) => n.trim()).filter(Boolean));
  assert.deepEqual(listed.sort(), values);
});
