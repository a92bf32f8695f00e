// TextEncoder and TextDecoder for wasm-bindgen's glue in the inlined entries, injected by
// build-pkg.mjs (esbuild `inject`): the glue creates both at import, and some environments
// users run the package in lack them (Jest 29's jsdom environment has neither), where the
// import itself would throw. The platform's own are used wherever they exist; these UTF-8
// fallbacks only do what the glue asks of them (decode a Uint8Array, encode a string, encodeInto).

class Utf8Decoder {
  decode(bytes) {
    if (bytes === undefined) return "";
    let out = "";
    const n = bytes.length;
    for (let i = 0; i < n; ) {
      const b = bytes[i++];
      let c;
      if (b < 0x80) c = b;
      else if (b >= 0xc0 && b < 0xe0) c = ((b & 0x1f) << 6) | (bytes[i++] & 0x3f);
      else if (b >= 0xe0 && b < 0xf0) c = ((b & 0x0f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f);
      else if (b >= 0xf0) c = ((b & 0x07) << 18) | ((bytes[i++] & 0x3f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f);
      else c = 0xfffd;
      out += String.fromCodePoint(c);
    }
    return out;
  }
}

class Utf8Encoder {
  encode(text) {
    const out = new Uint8Array(text.length * 3);
    return out.subarray(0, this.encodeInto(text, out).written);
  }
  encodeInto(text, view) {
    let read = 0;
    let written = 0;
    for (const ch of text) {
      let c = ch.codePointAt(0);
      // A lone surrogate is written as U+FFFD, as the platform's encoder does.
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (written + size > view.length) break;
      if (size === 1) view[written] = c;
      else if (size === 2) {
        view[written] = 0xc0 | (c >> 6);
        view[written + 1] = 0x80 | (c & 0x3f);
      } else if (size === 3) {
        view[written] = 0xe0 | (c >> 12);
        view[written + 1] = 0x80 | ((c >> 6) & 0x3f);
        view[written + 2] = 0x80 | (c & 0x3f);
      } else {
        view[written] = 0xf0 | (c >> 18);
        view[written + 1] = 0x80 | ((c >> 12) & 0x3f);
        view[written + 2] = 0x80 | ((c >> 6) & 0x3f);
        view[written + 3] = 0x80 | (c & 0x3f);
      }
      written += size;
      read += ch.length;
    }
    return { read, written };
  }
}

const platform = typeof globalThis === "object" ? globalThis : self;
const PlatformDecoder = typeof platform.TextDecoder === "function" ? platform.TextDecoder : Utf8Decoder;
const PlatformEncoder = typeof platform.TextEncoder === "function" ? platform.TextEncoder : Utf8Encoder;
export { PlatformDecoder as TextDecoder, PlatformEncoder as TextEncoder };
