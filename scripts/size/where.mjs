// Where the bytes of the package go: the module's code and data, its largest functions and
// owners, and the JavaScript's share of the default entry. tests/bench/run.mjs calls
// whereTheBytesGo() and writes its section of BENCHMARKS.md ("Where the bytes go"); run alone,
// this prints the section.
//
//   node scripts/size/where.mjs [pkg dir] [names build]
//
// The sizes are the shipped module's (pkg/bk_itsm_tickets_bg.wasm, which has no names). The
// names come from the build make pkg leaves beside cargo's output with the same optimisation
// and the names kept (target/wasm32-unknown-unknown/release/bk_itsm_tickets.named.wasm): its
// functions are the shipped module's in the same order (checked: the same count, the same data,
// each function's size within a few bytes; keeping names changes how some bodies are encoded),
// so each shipped function takes the name at its position.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { encode } from "../inline/codec.js";
import { demangle, parse } from "./wasm.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pctOf = (a, b) => `${((100 * a) / b).toFixed(0)} %`;

/** Rust names as a reader wants them: c++filt (binutils) reads both manglings; else ours (legacy only). */
function readable(names) {
  let out;
  try {
    out = execFileSync("c++filt", [], { input: names.join("\n"), encoding: "utf8", maxBuffer: 64 << 20 }).split("\n");
  } catch {
    out = names;
  }
  return names.map((n, i) => demangle(out[i] ?? n).replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, ""));
}

/** The owner of a function: `bk_itsm_tickets::area::module`, `core::module`, or the export's name. */
function owner(name) {
  let n = name;
  const impl = /^<(.+?)(?: as .*)?>::/.exec(n);
  if (impl) n = impl[1];
  n = n.replace(/^&(mut )?/, "").replace(/^\[.*\]$/, "core::slice");
  if (/^(str|char|u8|u16|u32|u64|usize|i32|i64|f64|bool)$/.test(n)) return `core::${n === "u8" || /^[iu]/.test(n) ? "num" : n}`;
  const path = n.replace(/<.*$/, "").split("::");
  if (path.length === 1) return `${path[0]} (an export)`;
  return path.slice(0, path[0] === "bk_itsm_tickets" ? 3 : 2).join("::");
}

/** The shipped module's functions with the names build's names, or why not. */
function namedFunctions(shipped, namesBuild) {
  if (!existsSync(namesBuild)) return { why: `no names build at ${namesBuild} (make pkg leaves one)` };
  const bytes = readFileSync(namesBuild);
  const named = parse(bytes);
  const s = shipped.module;
  const dataOf = (m, b) => m.sections.filter((x) => x.id === 11).map((x) => b.subarray(x.start, x.end));
  const sameData = Buffer.compare(Buffer.concat(dataOf(s, shipped.bytes)), Buffer.concat(dataOf(named, bytes))) === 0;
  const close = named.functions.length === s.functions.length && s.functions.every((f, i) => Math.abs(named.functions[i].size - f.size) <= Math.max(16, f.size * 0.1));
  if (!sameData || !close) return { why: `the names build (${namesBuild}) is not the shipped module's (another build?)` };
  const names = readable(named.functions.map((f) => f.name));
  return { functions: s.functions.map((f, i) => ({ ...f, name: names[i] })) };
}

/**
 * The figures and the Markdown of "Where the bytes go" for the package in `pkgDir`, with the
 * names of `namesBuild`.
 */
export async function whereTheBytesGo(pkgDir = join(root, "pkg"), namesBuild = join(root, "target", "wasm32-unknown-unknown", "release", "bk_itsm_tickets.named.wasm")) {
  const wasmBytes = readFileSync(join(pkgDir, "bk_itsm_tickets_bg.wasm"));
  const module = parse(wasmBytes);
  const section = (id) => Buffer.concat(module.sections.filter((s) => s.id === id).map((s) => wasmBytes.subarray(s.start, s.end)));
  const code = section(10);
  const data = section(11);
  const wasm = { raw: wasmBytes.length, gzip: gz(wasmBytes) };
  const parts = {
    code: { raw: code.length, gzip: gz(code) },
    data: { raw: data.length, gzip: gz(data) },
  };
  parts.rest = { raw: wasm.raw - parts.code.raw - parts.data.raw };

  const lines = [];
  const push = (...l) => lines.push(...l);
  push(
    `The module as published: ${kb(wasm.raw)} raw, ${kb(wasm.gzip)} gzip -9, of which (each part compressed alone, so the parts add up to a little more than the whole):`,
    "",
    "| part | raw | gzip -9 | what it is |",
    "|---|---:|---:|---|",
    `| code | ${kb(parts.code.raw)} | ${kb(parts.code.gzip)} | ${module.functions.length} functions |`,
    `| data | ${kb(parts.data.raw)} | ${kb(parts.data.gzip)} | the message table (English and Chinese, with the codes), the endpoints' descriptions: names, parameter and member tables |`,
    `| the rest | ${kb(parts.rest.raw)} | | types, imports (${module.imports}), exports, the table, section headers |`,
  );

  const named = namedFunctions({ module, bytes: wasmBytes }, namesBuild);
  let top = [];
  let owners = [];
  if (named.functions) {
    top = [...named.functions].sort((a, b) => b.size - a.size).slice(0, 12);
    const byOwner = new Map();
    for (const f of named.functions) byOwner.set(owner(f.name), (byOwner.get(owner(f.name)) ?? 0) + f.size);
    owners = [...byOwner].sort((a, b) => b[1] - a[1]);
    const shown = owners.slice(0, 12);
    const rest = owners.slice(12).reduce((a, [, n]) => a + n, 0);
    push("", "Code by owner (functions' bodies, raw; generic functions are counted where they are defined, the export `run` holds what was inlined into it):", "");
    push("| owner | bytes | share of the code |", "|---|---:|---:|");
    for (const [o, n] of shown) push(`| \`${o}\` | ${n.toLocaleString("en")} | ${pctOf(n, parts.code.raw)} |`);
    push(`| ${owners.length - shown.length} others | ${rest.toLocaleString("en")} | ${pctOf(rest, parts.code.raw)} |`);
    push("", "The largest functions:", "", "| function | bytes |", "|---|---:|");
    for (const f of top) push(`| \`${f.name.replace(/\|/g, "\\|").slice(0, 110)}\` | ${f.size.toLocaleString("en")} |`);
  } else {
    push("", `(No function names: ${named.why}.)`);
  }

  // The JavaScript: each file as the package ships it (minified), the decoder of the inlined
  // module as esbuild bundles it, and the default entry split into the module's text and the rest.
  const js = {};
  for (const f of ["driver.js", "bindings.js", "snapshot.js", "api.js", "constants.js", "asset.js"]) {
    if (!existsSync(join(pkgDir, f))) continue; // a package of another layout
    const b = readFileSync(join(pkgDir, f));
    js[f] = { raw: b.length, gzip: gz(b) };
  }
  const codec = (
    await build({
      stdin: { contents: `export { decode } from ${JSON.stringify(join(root, "scripts", "inline", "codec.js"))};`, resolveDir: root, loader: "js" },
      bundle: true, write: false, format: "esm", target: "es2018", minify: true, keepNames: true, legalComments: "none", logLevel: "warning",
    })
  ).outputFiles[0].contents;
  js["codec.js (decode)"] = { raw: codec.length, gzip: gz(codec) };
  const entry = {};
  for (const f of ["index.js", "index.cjs"]) {
    const text = readFileSync(join(pkgDir, f), "utf8");
    const literal = `"${encode(wasmBytes).text}"`;
    if (!text.includes(literal)) continue; // not inlined by scripts/inline/codec.js
    const rest = Buffer.from(text.replace(literal, '""'));
    entry[f] = {
      raw: Buffer.byteLength(text),
      gzip: gz(Buffer.from(text)),
      module: { raw: literal.length, gzip: gz(Buffer.from(literal)) },
      js: { raw: rest.length, gzip: gz(rest) },
    };
  }
  const e = entry["index.js"];
  push("", "The JavaScript, each file as shipped (minified by terser; the asset entry downloads them as they are):", "");
  push("| file | what it does | raw | gzip -9 |", "|---|---|---:|---:|");
  const what = {
    "driver.js": "the loop of every call: fetch, timers, signals, walks, errors",
    "bindings.js": "the module's imports and `run`, texts in and out as UTF-16",
    "snapshot.js": "reads a page's values (parameters, options, configuration) into a text for the module",
    "api.js": "generated: every function and Client method, `ItsmCode`",
    "constants.js": "generated: the numbers the driver and the module share",
    "asset.js": "the asset entry: fetches and compiles the .wasm (top-level await)",
    "codec.js (decode)": "the default entry's decoder of the inlined module (bundled by esbuild)",
  };
  for (const [f, s] of Object.entries(js)) push(`| \`${f}\` | ${what[f]} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
  if (e) push(
    "",
    `The default entry \`index.js\`, ${kb(e.raw)} raw and ${kb(e.gzip)} gzip -9, is the module's text (${kb(e.module.raw)} raw, ${kb(e.module.gzip)} gzip -9 alone, against ${kb(wasm.gzip)} for the .wasm) and ${kb(e.js.raw)} raw / ${kb(e.js.gzip)} gzip -9 of JavaScript (esbuild bundles and minifies it again, without the comments); \`index.cjs\` is ${kb(entry["index.cjs"]?.gzip ?? 0)}.`,
  );
  return {
    markdown: lines.join("\n"),
    figures: { wasm, parts, top: top.map((f) => [f.name, f.size]), owners: owners.slice(0, 20), js, entry, names: named.why ?? "ok" },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { markdown } = await whereTheBytesGo(process.argv[2] ? resolve(process.argv[2]) : undefined, process.argv[3] ? resolve(process.argv[3]) : undefined);
  console.log(markdown);
}
