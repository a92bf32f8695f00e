// Reading tsc's diagnostics and the `// @expect TSnnnn text` markers of the misuse files, shared
// by types.test.mjs and tests/consumers/typescript.test.mjs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const typesDir = dirname(fileURLToPath(import.meta.url));
export const misuseDir = join(typesDir, "misuse");
export const misuseFiles = readdirSync(misuseDir).filter((f) => f.endsWith(".ts")).sort();

/** `file(line,col): error TSnnnn: text` lines (--pretty false), with their continuation lines. */
export function parseDiagnostics(output) {
  const list = [];
  for (const line of output.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) list.push({ file: m[1], line: Number(m[2]), code: m[4], text: m[5] });
    else if (line.startsWith("  ") && list.length) list[list.length - 1].text += `\n${line.trim()}`;
  }
  return list;
}

/** The markers of a misuse file: each expects an error on the line below it. */
export function markers(file) {
  return readFileSync(join(misuseDir, file), "utf8")
    .split("\n")
    .flatMap((line, i) => {
      const m = /^\s*\/\/ @expect (TS\d+) (.+)$/.exec(line);
      return m ? [{ file, line: i + 2, code: m[1], text: m[2].trim() }] : [];
    });
}

/**
 * Asserts that tsc failed on the misuse files with exactly the marked errors: every error is
 * one a marker expects, and every marker got its error. `file` names in the diagnostics are
 * the bare file names (tsc ran in the folder holding copies of them).
 */
export function assertOnlyMarkedErrors({ code, output }) {
  const diagnostics = parseDiagnostics(output);
  assert.notEqual(code, 0, `tsc accepted the misuse files:\n${output}`);
  const expected = misuseFiles.flatMap(markers);
  assert.ok(expected.length >= 20, `only ${expected.length} markers found`);
  for (const file of misuseFiles) {
    assert.ok(expected.some((e) => e.file === file), `${file} has no // @expect marker`);
  }
  const matches = (d, e) => e.file === d.file && e.line === d.line && e.code === d.code && d.text.includes(e.text);
  for (const d of diagnostics) {
    assert.ok(expected.some((e) => matches(d, e)), `unexpected error ${d.file}(${d.line}) ${d.code}: ${d.text}\n\nfull output:\n${output}`);
  }
  for (const e of expected) {
    assert.ok(diagnostics.some((d) => matches(d, e)), `${e.file}:${e.line}: expected ${e.code} containing ${JSON.stringify(e.text)}\n\nfull output:\n${output}`);
  }
  assert.equal(diagnostics.length, expected.length, output);
}
