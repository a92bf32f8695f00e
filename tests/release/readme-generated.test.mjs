// The npm README's generated sections are what the generator makes of the descriptions now
// (scripts/gen/readme.mjs): a new endpoint, parameter, result member, reason or code, or a
// changed doc string, fails here until `node scripts/gen/readme.mjs --write` has rewritten them.
// The release package carries the same README (make pkg copies pkg-template/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { DOCS, README, SECTIONS, current, describe, sections, stale } from "../../scripts/gen/readme.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));

const d = describe(root);
const generated = sections(d);
// The README and its reference, together (each section is in one of them).
const readme = readFileSync(README, "utf8");
const text = DOCS.map((file) => readFileSync(file, "utf8")).join("\n");

test("the README's generated sections are the generator's output now", () => {
  const bad = stale(text, generated);
  assert.deepEqual(bad, [], `pkg-template/README.md is out of date in ${bad.join(", ")}: run node scripts/gen/readme.mjs --write`);
});

test("every endpoint, function, reason and code is in the README", () => {
  const missing = [];
  const has = (s) => text.includes(s);
  for (const e of d.endpoints) {
    for (const name of [e.js, e.walk, e.collect].filter(Boolean)) if (!has(`${name}(`)) missing.push(name);
    if (!e.gatewayOnly && !has(`/api/c/compapi/v2/itsm/${e.esbName}/`)) missing.push(`ESB path of ${e.name}`);
    if (!has(`/api/bk-itsm/prod/v2/itsm/${e.apigwName}/`)) missing.push(`gateway path of ${e.name}`);
  }
  for (const p of d.polls) if (!has(`${p.js}(`)) missing.push(p.js);
  for (const r of d.reasons) if (!has(`\`${r}\``)) missing.push(`reason ${r}`);
  for (const c of d.codes) if (!has(`\`${c.name}\``) || !has(String(c.code))) missing.push(`code ${c.name}`);
  for (const p of [...d.config, ...d.options, ...d.walkOptions, ...d.pollOptions]) if (!has(`\`${p.key}\``)) missing.push(`option ${p.key}`);
  assert.deepEqual(missing, []);
});

test("every section has its markers once, and the hand-written sections the issues ask for are there", () => {
  for (const name of SECTIONS) {
    assert.equal(text.split(`<!-- generated:${name} -->`).length, 2, `one <!-- generated:${name} -->`);
    assert.equal(text.split(`<!-- /generated:${name} -->`).length, 2, `one <!-- /generated:${name} -->`);
    assert.ok(current(text, name).length > 0, `section ${name} is empty`);
  }
  for (const heading of ["## Install", "## Paging", "## The form", "## Acting on tickets", "## What is sent where", "## Errors",
    "## Retries and timeouts", "## Hooks", "## Security", "## Writes from a browser: the proxy", "## What the package sends, and where",
    "## Browser and runtime support"]) {
    assert.ok(readme.includes(`\n${heading}\n`), `no "${heading}" section in the README`);
  }
  // The default entry inlines the module: the README must not say it fetches a .wasm.
  const sends = readme.slice(readme.indexOf("## What the package sends, and where"));
  const table = sends.slice(0, sends.indexOf("\n\n", sends.indexOf("| when |")));
  assert.doesNotMatch(table, /\.wasm/, "the default entry's requests list no .wasm");
});

test("the README stays under the 64 KiB npm keeps of it; the reference holds the long tables", () => {
  assert.ok(Buffer.byteLength(readme) < 64 * 1024, `README.md is ${Buffer.byteLength(readme)} bytes`);
  assert.match(readme, /\]\(\.\/REFERENCE\.md/);
});

test("the release package carries this README and the reference", { skip: !existsSync(join(pkgDir, "README.md")) && "no package: run make pkg" }, () => {
  for (const file of DOCS) {
    const name = file.split(/[\\/]/).pop();
    assert.equal(readFileSync(join(pkgDir, name), "utf8"), readFileSync(file, "utf8"), `pkg/${name} differs from pkg-template/${name}: run make pkg`);
  }
  assert.ok(JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).files.includes("REFERENCE.md"));
});
