// The package as npm would publish it: the tarball's files, the manifest's fields, the README
// against the declared API, and `make pkg` giving the same bytes twice.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative } from "node:path";
import { cargoVersion, mustRun, pack, pkgDir, root, workDir } from "./helpers.mjs";

let tarball;
let info;
let manifest;
let readme;
let declarations;

before(async (t) => {
  ({ tarball, info } = await pack(t, workDir("pack-a")));
  manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  readme = readFileSync(join(pkgDir, "README.md"), "utf8");
  declarations = readFileSync(join(pkgDir, "bk_itsm_tickets.d.ts"), "utf8");
});

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

test("the tarball holds the package's files and nothing else", (t) => {
  const files = info.files.map((f) => f.path).sort();
  for (const f of info.files) t.diagnostic(`${String(f.size).padStart(8)}  ${f.path}`);
  t.diagnostic(`${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked, ${info.entryCount} files`);
  const expected = [
    "LICENSE",
    "README.md",
    "bk_itsm_tickets.d.ts",
    "bk_itsm_tickets.js",
    "bk_itsm_tickets_bg.wasm",
    "bk_itsm_tickets_bg.wasm.d.ts",
    "index.d.ts",
    "index.js",
    "node.js",
    "package.json",
  ];
  const snippets = files.filter((f) => f.startsWith("snippets/"));
  assert.deepEqual(files.filter((f) => !f.startsWith("snippets/")), expected);
  // One snippet: src/imports.js, all the JavaScript the module imports.
  assert.equal(snippets.length, 1, snippets.join(", "));
  assert.match(snippets[0], /^snippets\/bk-itsm-tickets-[0-9a-f]{16}\/src\/imports\.js$/);
  // Every snippet the glue imports is in the tarball.
  const glue = readFileSync(join(pkgDir, "bk_itsm_tickets.js"), "utf8");
  const imported = [...new Set([...glue.matchAll(/from\s*['"]\.\/(snippets\/[^'"]+)['"]/g)].map((m) => m[1]))].sort();
  assert.deepEqual(snippets, imported);
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
  assert.ok(manifest.engines.node);
  // Conditions are matched in order: types first (TypeScript stops at the first match), node
  // before browser (bundlers that build for Node), default last.
  assert.deepEqual(Object.keys(manifest.exports["."]), ["types", "node", "browser", "default"]);
  assert.equal(manifest.exports["."].node, "./node.js");
  assert.equal(manifest.exports["."].browser, "./index.js");
  assert.equal(manifest.exports["."].default, "./index.js");
  assert.equal(manifest.exports["."].types, "./index.d.ts");
  // Everything the manifest points at is in the tarball.
  const packed = new Set(info.files.map((f) => f.path));
  for (const target of [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.exports["."])]) {
    assert.ok(packed.has(target.replace(/^\.\//, "")), `${target} is not in the tarball`);
  }
  // The entry points instantiate the module at import: bundlers must keep them.
  assert.deepEqual(manifest.sideEffects, ["./index.js", "./node.js"]);
});

/** The property names of an interface in the package's declarations. */
function fields(name) {
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(declarations)?.[1];
  assert.ok(body, `no interface ${name} in the declarations`);
  const names = [...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
  assert.ok(names.length > 0, `no fields found in ${name}`);
  return names;
}

test("the README documents every parameter, setting, option, field and error kind", () => {
  assert.ok(readme.length > 8000, "the README is a placeholder");
  for (const section of ["## Install", "## Security", "## Errors", "## Paging"]) {
    assert.ok(readme.includes(section), `no "${section}" section`);
  }
  const missing = [];
  const types = ["GetTicketsParams", "ClientConfig", "RequestOptions", "IterateOptions", "Progress", "Ticket", "TicketPage", "ValidationIssue"];
  for (const type of types) {
    for (const field of fields(type)) if (!readme.includes(`\`${field}\``)) missing.push(`${type}.${field}`);
  }
  const kinds = [.../export type ItsmErrorKind =([^;]*);/.exec(declarations)?.[1].matchAll(/"(\w+)"/g) ?? []].map((m) => m[1]);
  assert.ok(kinds.length >= 7, `kinds: ${kinds}`);
  for (const kind of kinds) if (!readme.includes(`\`${kind}\``)) missing.push(`kind ${kind}`);
  for (const fn of ["getTickets", "createClient", "validateParams", "isItsmError", "iterTickets", "getAllTickets"]) {
    if (!readme.includes(`${fn}(`)) missing.push(fn);
  }
  assert.deepEqual(missing, []);
});

test("make pkg gives the same bytes twice", { timeout: 20 * 60_000 }, async (t) => {
  const builds = [workDir("build-a"), workDir("build-b")];
  const cargoBin = join(process.env.CARGO_HOME || join(homedir(), ".cargo"), "bin");
  for (const dir of builds) {
    await mustRun(t, `node scripts/build-pkg.mjs (PKG_DIR=${dir})`, process.execPath, ["scripts/build-pkg.mjs"], {
      cwd: root,
      env: { PKG_DIR: dir, PATH: `${join(root, "node_modules", ".bin")}:${cargoBin}:${process.env.PATH}` },
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
  // No local path of the machine that built it (the build remaps ~/.cargo).
  const wasm = readFileSync(join(a, "bk_itsm_tickets_bg.wasm")).toString("latin1");
  for (const local of [homedir(), root].filter((p) => p.length > 1)) {
    assert.ok(!wasm.includes(local), `the module contains ${local}`);
  }
});
