// What one more endpoint costs (issue 17: "endpoints as data"): copies the crate twice to a
// scratch directory, adds to the second copy one description the package does not ship
// (scripts/size/extra-endpoint/get_service_roles.rs) and its line in src/api/mod.rs, builds both
// copies the same way (scripts/build-pkg.mjs, each with its own PKG_DIR and CARGO_TARGET_DIR,
// kept between runs so an unchanged copy is not compiled again), checks that the new function
// works, and reports the difference of the default entry, of the asset entry and of the .wasm,
// and what adding it touched. make bench runs it; tests/bench/run.mjs puts its JSON in
// BENCHMARKS.md.
//
//   node scripts/size/extra-endpoint.mjs [--json out.json]
//   EXTRA_ENDPOINT_DIR=/path   the scratch directory (default: $TMPDIR/bk-itsm-tickets-extra-endpoint-<hash of this tree>)
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DESCRIPTION = join(root, "scripts", "size", "extra-endpoint", "get_service_roles.rs");
const NAME = "get_service_roles";
const FUNCTION = "getServiceRoles";
const work = resolve(
  process.env.EXTRA_ENDPOINT_DIR ?? join(os.tmpdir(), `bk-itsm-tickets-extra-endpoint-${createHash("sha256").update(root).digest("hex").slice(0, 8)}`),
);
const jsonOut = process.argv.includes("--json") ? resolve(process.argv[process.argv.indexOf("--json") + 1]) : null;
// What scripts/build-pkg.mjs reads from the tree.
const COPIED = ["Cargo.toml", "Cargo.lock", "LICENSE", "package.json", "src", "scripts", "pkg-template"];

const started = Date.now();
const log = (...a) => console.error(`[extra-endpoint ${((Date.now() - started) / 1000).toFixed(0)}s]`, ...a);
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const signed = (n) => `${n >= 0 ? "+" : "−"}${Math.abs(n).toLocaleString("en")} B`;

/** A copy of the tree's sources in `dir`, timestamps kept (cargo then sees an unchanged copy as built). */
function copyTree(dir) {
  mkdirSync(dir, { recursive: true });
  for (const name of COPIED) {
    rmSync(join(dir, name), { recursive: true, force: true });
    cpSync(join(root, name), join(dir, name), { recursive: true, preserveTimestamps: true });
  }
  if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
}

/** The endpoint added: its description file and its line in the list. */
function addEndpoint(dir) {
  cpSync(DESCRIPTION, join(dir, "src", "api", `${NAME}.rs`));
  const list = join(dir, "src", "api", "mod.rs");
  const text = readFileSync(list, "utf8");
  const block = /(endpoints!\s*\{[^}]*?)(\n\})/;
  if (!block.test(text) || text.includes(NAME)) throw new Error(`src/api/mod.rs: no endpoints! { … } list to add ${NAME} to`);
  writeFileSync(list, text.replace(block, `$1\n    ${NAME},$2`));
}

function buildPkg(variant) {
  const dir = join(work, variant);
  const out = join(dir, "pkg");
  log(`building ${variant} (${relative(process.cwd(), dir) || dir})`);
  // Its output (cargo's warnings among it) is shown only when it fails.
  const r = spawnSync("node", [join(dir, "crate", "scripts", "build-pkg.mjs")], {
    cwd: join(dir, "crate"),
    encoding: "utf8",
    maxBuffer: 256 << 20,
    env: { ...process.env, PKG_DIR: out, CARGO_TARGET_DIR: join(dir, "target") },
  });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`scripts/build-pkg.mjs failed for the ${variant} copy`);
  }
  const file = (f) => readFileSync(join(out, f));
  const size = (f) => ({ raw: file(f).length, gzip: gz(file(f)) });
  const assetFiles = ["asset.js", "api.js", "driver.js", "bindings.js", "snapshot.js", "constants.js", "bk_itsm_tickets_bg.wasm"];
  const asset = assetFiles.map(size).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
  return { dir: out, esm: size("index.js"), cjs: size("index.cjs"), wasm: size("bk_itsm_tickets_bg.wasm"), asset, dts: size("index.d.ts") };
}

/** Files and lines that differ between the two copies' sources (git diff --numstat). */
function touched() {
  const r = spawnSync("git", ["diff", "--no-index", "--numstat", "--", "base/crate/src", "extra/crate/src"], { cwd: work, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`git diff: ${r.stderr}`);
  return r.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [added, removed, path] = line.split("\t");
      // `extra/crate/src/…`, `{base => extra}/crate/src/…` or `base/… => extra/…`: the path in the tree.
      const file = path.replace(/\{[^}]*=> *([^}]*)\}/, "$1").split(" => ").pop().replace(/^.*?\/crate\//, "");
      return { file, added: Number(added), removed: Number(removed) };
    });
}

/** The new function, called through a stub fetch: it must send the right request and return the answer. */
async function check(pkgDir) {
  const api = await import(pathToFileURL(join(pkgDir, "index.js")).href + `?${Date.now()}`);
  if (typeof api[FUNCTION] !== "function") throw new Error(`the extended package has no ${FUNCTION}`);
  const roles = [{ id: 2, name: "审批", processors: "admin", processors_type: "PERSON", sign_type: "or" }];
  let sent;
  const fetch = async (url) => {
    sent = String(url);
    return new Response(JSON.stringify({ result: true, code: 0, message: "success", data: roles, request_id: "r" }), { headers: { "content-type": "application/json" } });
  };
  const client = api.createClient({ baseUrl: "https://paas.example.com", fetch, bk_app_code: "a", bk_token: "t" });
  const got = await client[FUNCTION]({ service_id: "12" });
  if (JSON.stringify(got) !== JSON.stringify(roles)) throw new Error(`${FUNCTION}: got ${JSON.stringify(got)}`);
  if (!/\/get_service_roles\/\?.*service_id=12/.test(sent)) throw new Error(`${FUNCTION} sent ${sent}`);
  const bad = await client[FUNCTION]({ service_id: 0 }).then(() => null, (e) => e);
  if (!bad || bad.kind !== "validation") throw new Error(`${FUNCTION}({service_id: 0}) did not reject as a validation error`);
  const wrong = await api.createClient({ baseUrl: "https://paas.example.com", fetch: async () => new Response(JSON.stringify({ result: true, code: 0, message: "", data: [{ id: "x" }] })), bk_token: "t" })[FUNCTION]({ service_id: 1 }).then(() => null, (e) => e);
  if (!wrong || wrong.kind !== "decode") throw new Error(`${FUNCTION}: a wrong answer did not reject as a decode error`);
  return sent.replace(/bk_token=[^&]*/, "bk_token=…");
}

mkdirSync(work, { recursive: true });
copyTree(join(work, "base", "crate"));
copyTree(join(work, "extra", "crate"));
addEndpoint(join(work, "extra", "crate"));
const base = buildPkg("base");
const extra = buildPkg("extra");
const sent = await check(extra.dir);
log(`${FUNCTION} works (sent ${sent})`);

const shipped = join(root, "pkg", "bk_itsm_tickets_bg.wasm");
const sameAsPkg = existsSync(shipped) ? Buffer.compare(readFileSync(shipped), readFileSync(join(base.dir, "bk_itsm_tickets_bg.wasm"))) === 0 : null;
const delta = (k) => ({ raw: extra[k].raw - base[k].raw, gzip: extra[k].gzip - base[k].gzip });
const result = {
  endpoint: NAME,
  function: FUNCTION,
  wasmSha256: createHash("sha256").update(readFileSync(join(base.dir, "bk_itsm_tickets_bg.wasm"))).digest("hex"),
  baseIsPkg: sameAsPkg,
  base: { esm: base.esm, cjs: base.cjs, wasm: base.wasm, asset: base.asset, dts: base.dts },
  extra: { esm: extra.esm, cjs: extra.cjs, wasm: extra.wasm, asset: extra.asset, dts: extra.dts },
  delta: { esm: delta("esm"), cjs: delta("cjs"), wasm: delta("wasm"), asset: delta("asset"), dts: delta("dts") },
  touched: touched(),
  sent,
  seconds: (Date.now() - started) / 1000,
};
if (jsonOut) {
  mkdirSync(dirname(jsonOut), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify(result, null, 2) + "\n");
}
const d = result.delta;
console.log(`one more endpoint (${NAME}, as ${FUNCTION}):`);
console.log(`  default entry index.js   ${signed(d.esm.gzip)} gzip -9 (${kb(base.esm.gzip)} → ${kb(extra.esm.gzip)}), ${signed(d.esm.raw)} raw`);
console.log(`  default entry index.cjs  ${signed(d.cjs.gzip)} gzip -9, ${signed(d.cjs.raw)} raw`);
console.log(`  asset entry (sum)        ${signed(d.asset.gzip)} gzip -9, ${signed(d.asset.raw)} raw`);
console.log(`  .wasm                    ${signed(d.wasm.gzip)} gzip -9, ${signed(d.wasm.raw)} raw`);
console.log(`  declarations index.d.ts  ${signed(d.dts.raw)} raw`);
console.log(`  touched: ${result.touched.map((t) => `${t.file} +${t.added} −${t.removed}`).join(", ")}`);
console.log(`  the base build is ${sameAsPkg === null ? "not compared (no pkg/)" : sameAsPkg ? "byte for byte pkg/'s .wasm" : "NOT pkg/'s .wasm (pkg/ built from other sources?)"}; ${result.seconds.toFixed(0)} s`);
