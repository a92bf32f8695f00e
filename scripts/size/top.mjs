// Function sizes of a WebAssembly module by name (a small `twiggy top`): the code bytes of
// each function, with names from the module's name section (keep it: build with
// `wasm-opt --debuginfo`, or without --strip-debug; make pkg leaves such a build in
// target/wasm32-unknown-unknown/release/bk_itsm_tickets.named.wasm), Rust names demangled,
// and the data section's size.
//
//   node scripts/size/top.mjs module.wasm [count]
import { readFileSync } from "node:fs";
import { demangle, parse } from "./wasm.mjs";

const m = parse(readFileSync(process.argv[2]));
const count = Number(process.argv[3] ?? 40);
const rows = [...m.functions].sort((a, b) => b.size - a.size);
console.log(`code ${m.codeSize} bytes in ${m.functions.length} functions, data ${m.dataSize} bytes, ${m.imports} imports`);
for (const f of rows.slice(0, count)) console.log(String(f.size).padStart(7), demangle(f.name).slice(0, 150));
