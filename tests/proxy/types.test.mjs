// The declarations of bk-itsm-tickets/proxy (proxy.d.ts, proxy.d.cts), as a strict TypeScript
// consumer meets them through the exports map: types/ok.ts type-checks under --strict
// (skipLibCheck off), types/misuse.ts fails with exactly the errors its `// @expect` markers
// name, and no `any` is written anywhere in the declarations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseDiagnostics } from "../types/expect.mjs";
import { pkgDir, root } from "./helpers.mjs";

const here = join(dirname(fileURLToPath(import.meta.url)), "types");
const tsc = join(root, "node_modules", ".bin", "tsc");
const COMMON = ["--strict", "--noEmit", "--pretty", "false", "--target", "es2022", "--lib", "es2022,dom"];
const MODES = {
  nodenext: ["--module", "nodenext", "--moduleResolution", "nodenext"],
  bundler: ["--module", "esnext", "--moduleResolution", "bundler"],
};

let work;
const runs = {};
before(() => {
  work = mkdtempSync(join(tmpdir(), "bk-itsm-proxy-types-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(pkgDir, join(work, "node_modules", "bk-itsm-tickets"), "dir");
  writeFileSync(join(work, "package.json"), JSON.stringify({ private: true, type: "module" }));
  for (const f of ["ok.ts", "misuse.ts"]) cpSync(join(here, f), join(work, f));
  for (const [mode, flags] of Object.entries(MODES)) {
    runs[`ok ${mode}`] = run([...COMMON, ...flags, "ok.ts"]);
    runs[`misuse ${mode}`] = run([...COMMON, ...flags, "misuse.ts"]);
  }
});
after(() => work && rmSync(work, { recursive: true, force: true }));

function run(args) {
  return new Promise((done) => execFile(tsc, args, { cwd: work, encoding: "utf8" }, (error, stdout, stderr) => done({ code: error ? error.code : 0, output: stdout + stderr })));
}

for (const mode of Object.keys(MODES)) {
  test(`types/ok.ts type-checks under --strict (${mode})`, async () => {
    const { code, output } = await runs[`ok ${mode}`];
    assert.equal(code, 0, output);
  });

  test(`types/misuse.ts fails with exactly its marked errors (${mode})`, async () => {
    const { code, output } = await runs[`misuse ${mode}`];
    assert.notEqual(code, 0, "tsc accepted the misuses");
    const expected = readFileSync(join(here, "misuse.ts"), "utf8")
      .split("\n")
      .flatMap((line, i) => {
        const m = /^\s*\/\/ @expect (TS\d+) (.+)$/.exec(line);
        return m ? [{ line: i + 2, code: m[1], text: m[2].trim() }] : [];
      });
    assert.ok(expected.length >= 8);
    const found = parseDiagnostics(output);
    const matches = (d, e) => d.line === e.line && d.code === e.code && d.text.includes(e.text);
    for (const d of found) assert.ok(expected.some((e) => matches(d, e)), `unexpected: line ${d.line} ${d.code} ${d.text}\n${output}`);
    for (const e of expected) assert.ok(found.some((d) => matches(d, e)), `line ${e.line}: expected ${e.code} ${e.text}\n${output}`);
  });
}

test("no any in the declarations; the ESM and CommonJS declarations are one text", () => {
  const text = readFileSync(join(pkgDir, "proxy.d.ts"), "utf8");
  assert.equal(readFileSync(join(pkgDir, "proxy.d.cts"), "utf8"), text);
  const source = ts.createSourceFile("proxy.d.ts", text, ts.ScriptTarget.ES2022, true);
  const anys = [];
  const walk = (node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) anys.push(text.split("\n")[source.getLineAndCharacterOfPosition(node.getStart()).line].trim());
    ts.forEachChild(node, walk);
  };
  walk(source);
  assert.deepEqual(anys, []);
  // It imports nothing: a consumer without @types/node reads it.
  assert.doesNotMatch(text, /^\s*import\b/m);
});

test("the endpoint names are the generated ones: every name of every described endpoint, nothing else", () => {
  const text = readFileSync(join(pkgDir, "proxy.d.ts"), "utf8");
  const union = /export type ItsmEndpointName =([^;]*);/.exec(text)[1];
  const names = [...union.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  for (const n of ["get_tickets", "getTickets", "comment", "comment_ticket", "commentTicket", "approve", "get_tickets_by_user"]) assert.ok(names.includes(n), n);
  for (const n of ["proceed_approval", "edit_field", "add_follower"]) assert.ok(!names.includes(n), n);
  assert.doesNotMatch(text, /@generated/);
});
