// Function sizes of a WebAssembly module by name (a small `twiggy top`): the code bytes of
// each function, with names from the module's name section (keep it: build with
// `wasm-opt --debuginfo`, or without --strip-debug), and the data section's size.
//
//   node scripts/size/top.mjs module.wasm [count]
import { readFileSync } from "node:fs";

const bytes = readFileSync(process.argv[2]);
const count = Number(process.argv[3] ?? 40);
let at = 8;
const u32 = () => {
  let n = 0, shift = 0, b;
  do { b = bytes[at++]; n |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  return n >>> 0;
};
const sizes = [], names = new Map();
let imports = 0, dataSize = 0, codeSize = 0;
while (at < bytes.length) {
  const id = bytes[at++], size = u32(), end = at + size;
  if (id === 2) {
    const n = u32();
    for (let i = 0; i < n; i++) {
      { const l = u32(); at += l; } { const l = u32(); at += l; } const kind = bytes[at++];
      if (kind === 0) { u32(); imports++; } else if (kind === 1) { at++; const f = bytes[at++]; u32(); if (f & 1) u32(); } else if (kind === 2) { const f = bytes[at++]; u32(); if (f & 1) u32(); } else { at += 2; }
    }
  } else if (id === 10) {
    codeSize = size;
    const n = u32();
    for (let i = 0; i < n; i++) { const s = u32(); sizes.push(s); at += s; }
  } else if (id === 11) {
    dataSize = size;
  } else if (id === 0) {
    const nameLen = u32(); const name = bytes.subarray(at, at + nameLen).toString(); at += nameLen;
    if (name === "name") {
      while (at < end) {
        const sub = bytes[at++], subSize = u32(), subEnd = at + subSize;
        if (sub === 1) { const n = u32(); for (let i = 0; i < n; i++) { const idx = u32(); const l = u32(); names.set(idx, bytes.subarray(at, at + l).toString()); at += l; } }
        at = subEnd;
      }
    }
  }
  at = end;
}
const rows = sizes.map((s, i) => [s, names.get(i + imports) ?? `func[${i + imports}]`]).sort((a, b) => b[0] - a[0]);
console.log(`code ${codeSize} bytes in ${sizes.length} functions, data ${dataSize} bytes, ${imports} imports`);
for (const [s, n] of rows.slice(0, count)) console.log(String(s).padStart(7), n.slice(0, 150));
