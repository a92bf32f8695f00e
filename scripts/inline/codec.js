// How the default entry carries the WebAssembly module: a string of printable ASCII, one
// character for each of the module's 90 most frequent byte values and two for the others
// (a prefix, `~` or `}`, and one of the 90). Unlike base64, which writes 3 bytes as 4
// characters and so scatters a repeated byte sequence over four different spellings, this keeps
// one spelling per byte, so gzip and brotli compress the text as well as the module itself:
// 46.6 KB gzip -9 against 60.5 KB for base64 (BENCHMARKS.md, "How the module is loaded").
// The alphabet leaves out `"`, `\` (no escapes in a string literal, so every bundler prints the
// text as it is) and `<` (no `</script>` when a tool inlines the bundle into a page).
//
// encode() runs in build-pkg.mjs; decode() ships in the entry.

/** The 90 characters of one-character codes, and of the second character of two-character ones. */
export const ALPHABET = " !#$%&'()*+,-./0123456789:;=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|";
const PREFIX_1 = 126; // "~": the byte values ranked 90 to 179
const PREFIX_2 = 125; // "}": ranked 180 to 255

/**
 * The text for `bytes`, and `order`: the byte values from the most frequent down (ties by
 * value, so the output depends only on the bytes).
 */
export function encode(bytes) {
  const count = new Array(256).fill(0);
  for (const b of bytes) count[b] += 1;
  const order = [...Array(256).keys()].sort((a, b) => count[b] - count[a] || a - b);
  const code = [];
  order.forEach((byte, rank) => {
    const n = ALPHABET.length;
    code[byte] = rank < n ? ALPHABET[rank] : (rank < 2 * n ? "~" : "}") + ALPHABET[rank % n];
  });
  let text = "";
  for (const b of bytes) text += code[b];
  return { text, order };
}

/** The `length` bytes that `text` spells, given encode()'s `order`. */
export function decode(text, order, length) {
  const n = ALPHABET.length;
  // The byte each character stands for, alone or after each prefix: three 128-entry tables.
  const table = new Uint8Array(3 * 128);
  for (let i = 0; i < n; i++) {
    const c = ALPHABET.charCodeAt(i);
    table[c] = order[i];
    table[128 + c] = order[n + i];
    if (2 * n + i < 256) table[256 + c] = order[2 * n + i];
  }
  const bytes = new Uint8Array(length);
  for (let i = 0, o = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[o++] =
      c === PREFIX_1 ? table[128 + text.charCodeAt(++i)] : c === PREFIX_2 ? table[256 + text.charCodeAt(++i)] : table[c];
  }
  return bytes;
}
