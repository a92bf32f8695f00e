// A WebAssembly module's sections and functions by size, for the size scripts (top.mjs,
// where.mjs): no dependency, no validation beyond what walking the sections needs.

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];

/**
 * `bytes` (a Buffer or Uint8Array of a .wasm file) as
 * `{ sections: [{ id, name, start, end }], functions: [{ index, size, name }], imports, codeSize, dataSize }`:
 * each section's payload range, each defined function's body size with its name from the name
 * section (when the module keeps one), the number of imported functions.
 */
export function parse(bytes) {
  let at = 8;
  const u32 = () => {
    let n = 0, shift = 0, b;
    do {
      b = bytes[at++];
      n |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return n >>> 0;
  };
  const str = () => {
    const l = u32();
    const s = Buffer.from(bytes.subarray(at, at + l)).toString();
    at += l;
    return s;
  };
  const limits = () => {
    const flags = bytes[at++];
    u32();
    if (flags & 1) u32();
  };
  const sections = [];
  const sizes = [];
  const names = new Map();
  let imports = 0;
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const start = at;
    const end = at + size;
    const section = { id, name: SECTION_NAMES[id] ?? `section ${id}`, start, end };
    sections.push(section);
    if (id === 2) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        str();
        str();
        const kind = bytes[at++];
        if (kind === 0) {
          u32();
          imports++;
        } else if (kind === 1) {
          at++;
          limits();
        } else if (kind === 2) limits();
        else at += 2;
      }
    } else if (id === 10) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        const s = u32();
        sizes.push(s);
        at += s;
      }
    } else if (id === 0) {
      const name = str();
      section.name = `custom "${name}"`;
      if (name === "name") {
        while (at < end) {
          const sub = bytes[at++];
          const subSize = u32();
          const subEnd = at + subSize;
          if (sub === 1) {
            const n = u32();
            for (let i = 0; i < n; i++) {
              const index = u32();
              names.set(index, str());
            }
          }
          at = subEnd;
        }
      }
    }
    at = end;
  }
  const functions = sizes.map((size, i) => ({ index: i + imports, size, name: names.get(i + imports) ?? `func[${i + imports}]` }));
  const total = (id) => sections.filter((s) => s.id === id).reduce((a, s) => a + (s.end - s.start), 0);
  return { sections, functions, imports, codeSize: total(10), dataSize: total(11) };
}

/**
 * A Rust symbol as a reader wants it: legacy mangling (`_ZN…E`) decoded, the hash dropped
 * (`bk_itsm_tickets::engine::call::plan`). Other names are returned as they are.
 */
export function demangle(name) {
  const m = /^_?_ZN(.*)E$/.exec(name);
  if (!m) return name.replace(/::h[0-9a-f]{16}$/, "");
  const parts = [];
  let rest = m[1];
  while (rest.length) {
    const len = /^(\d+)/.exec(rest);
    if (!len) return name;
    const n = Number(len[1]);
    parts.push(rest.slice(len[1].length, len[1].length + n));
    rest = rest.slice(len[1].length + n);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  const codes = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };
  return parts
    .map((p) =>
      p
        .replace(/^_\$/, "$")
        .replace(/\$([A-Z]{1,2}|u[0-9a-f]+)\$/g, (all, c) => (c[0] === "u" ? String.fromCodePoint(parseInt(c.slice(1), 16)) : codes[c] ?? all))
        .replace(/\.\./g, "::"),
    )
    .join("::");
}
