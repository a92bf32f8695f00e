// The module's bindings (the other half of src/exports.rs): texts go in and out as UTF-16, so
// no TextEncoder or TextDecoder is needed (Jest's jsdom has neither), and the module's input
// buffer is its own: these functions pass lengths, never addresses.
//
// No exception may leave an import while the module's frames are below it (it would skip the
// module's stack reset): every import here is our own code and catches what could throw.
import { snap } from "./snapshot.js";

let exports;
let memory;
let kept = "";
let answered = "";
/** The answer being settled and its probe records (src/engine/shape.rs reads them). */
let current;

/** The form's patterns, compiled once (src/engine/form.rs). */
const patterns = new Map();
const units = (ptr, len) => new Uint16Array(memory.buffer, ptr, len);
function read(ptr, len) {
  const u = units(ptr, len);
  let out = "";
  for (let i = 0; i < len; i += 4096) out += String.fromCharCode.apply(null, u.subarray(i, i + 4096));
  return out;
}
function write(u, at, s) {
  for (let i = 0; i < s.length; i++) u[at + i] = s.charCodeAt(i);
}
const keep = (s) => ((kept = s), s.length);

const imports = {
  a: {
    answer: (ptr, len) => {
      answered = read(ptr, len);
    },
    number: (n) => keep(String(n)),
    url: (ptr, len) => {
      try {
        const u = new URL(read(ptr, len));
        return keep(`${u.origin}\n${u.hostname}`);
      } catch {
        return -1;
      }
    },
    preview: (ptr, len) => {
      let v = current && current.json;
      try {
        for (const step of JSON.parse(read(ptr, len))) v = v == null ? undefined : v[step];
      } catch {
        v = undefined;
      }
      return keep(snap(v, null, 2, 4000));
    },
    regex: (ptr, split, len) => {
      try {
        const text = read(ptr, len);
        const pattern = text.slice(0, split);
        let r = patterns.get(pattern);
        if (!r) {
          if (patterns.size > 256) patterns.clear();
          patterns.set(pattern, (r = new RegExp(pattern, "uy")));
        }
        r.lastIndex = 0;
        return r.test(text.slice(split)) ? 1 : 0;
      } catch {
        return -1;
      }
    },
    take: (ptr, len) => write(units(ptr, len), 0, kept.slice(0, len)),
    records: (start, ptr, cap) => {
      const part = current && current.records ? current.records.subarray(start, start + cap) : new Uint8Array(0);
      new Uint8Array(memory.buffer, ptr, part.length).set(part);
      return part.length;
    },
  },
};

/** Starts the module (a compiled `WebAssembly.Module`). */
export function start(module) {
  const instance = new WebAssembly.Instance(module, imports);
  exports = instance.exports;
  memory = exports.memory;
}

/** Runs `op` (src/ops.rs) with three texts and the numbers; the answer, parsed. `answer` is the
 * parsed answer and `records` the probe's records being settled, if any. */
export function run(op, id, a, b, c, n, m, now, random, answer) {
  const ptr = exports.input(a.length + b.length + c.length);
  const u = units(ptr, a.length + b.length + c.length);
  write(u, 0, a);
  write(u, a.length, b);
  write(u, a.length + b.length, c);
  current = answer;
  try {
    exports.run(op, id, a.length, b.length, c.length, n, m, now, random);
  } finally {
    current = undefined;
  }
  return JSON.parse(answered);
}
