// The snapshot of a page's value: what the module knows of the parameters, options and
// configuration it is handed (src/engine/value.rs reads it), and of an answer's value it shows.
//
// No exception may leave this file: every read of a page's value is caught.

// The table of the text is in src/engine/value.rs.
//
// Read once, every getter and Proxy trap caught, at most `depth` levels and about `budget`
// characters and elements, so a page's 10-million-element array or a cycle costs nothing.
// Functions and real AbortSignals are kept in `handles`, named by their index.
const hexOf = (() => {
  const f = new Float64Array(1);
  const b = new Uint8Array(f.buffer);
  return (n) => {
    f[0] = n;
    let out = "";
    for (let i = 0; i < 8; i++) out += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return out;
  };
})();
// The getter of AbortSignal.prototype.aborted as the page had it when this file loaded: a
// look-alike (made from the prototype, or a Proxy) throws on it, a real signal does not.
const abortedGetter = (() => {
  try {
    return Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
  } catch {
    return undefined;
  }
})();
const isSignal = (v) => {
  try {
    abortedGetter.call(v);
    return true;
  } catch {
    return false;
  }
};
const message = (e) => {
  try {
    return typeof e?.message === "string" ? e.message : "";
  } catch {
    return "";
  }
};
const className = (v) => {
  try {
    const name = Object.getPrototypeOf(v).constructor.name;
    return typeof name === "string" ? name : "";
  } catch {
    return "";
  }
};

export function snap(value, handles, depth = 3, budget = 8e6) {
  const out = [];
  const put = (v, d) => {
    switch (typeof v) {
      case "undefined":
        return out.push("u");
      case "boolean":
        return out.push(v ? "t" : "f");
      case "number":
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) return out.push(String(v));
        return out.push(handles ? `#${hexOf(v)}` : `!n${JSON.stringify(String(v))}`);
      case "string":
        if (!handles && v.length > 200) v = v.slice(0, 200); // a preview
        if (v.length > budget) return out.push("!l");
        budget -= v.length;
        return out.push(JSON.stringify(v));
      case "bigint":
        return out.push("!b");
      case "symbol":
        return out.push("!y");
      case "function":
        if (!handles) return out.push("!f0");
        handles.push(v);
        return out.push(`!f${handles.length - 1}`);
    }
    if (v === null) return out.push("n");
    let array, proto;
    try {
      array = Array.isArray(v);
      proto = Object.getPrototypeOf(v);
    } catch {
      // A revoked Proxy throws on any question about it.
      return out.push('!x""');
    }
    try {
      if (array) {
        if (d === 0) return out.push("!A");
        const n = v.length;
        if (!Number.isSafeInteger(n) || n < 0) return out.push(`!x${JSON.stringify("its length threw when read")}`);
        if (n > budget) return out.push("!a");
        budget -= n;
        out.push("[");
        for (let i = 0; i < n; i++) {
          if (i > 0) out.push(",");
          let item;
          try {
            item = v[i];
          } catch (e) {
            out.push(`!x${JSON.stringify(message(e))}`);
            continue;
          }
          put(item, d - 1);
        }
        return out.push("]");
      }
      if (!(proto === null || Object.getPrototypeOf(proto) === null)) {
        if (isSignal(v)) {
          if (!handles) return out.push("!s0");
          handles.push(v);
          return out.push(`!s${handles.length - 1}`);
        }
        return out.push(`!c${JSON.stringify(className(v))}`);
      }
      if (d === 0) return out.push("!O");
      const entries = Object.entries(v);
      if (entries.length > budget) return out.push("!o");
      budget -= entries.length;
      out.push("{");
      for (let i = 0; i < entries.length; i++) {
        const [k, item] = entries[i];
        budget -= k.length;
        if (i > 0) out.push(",");
        out.push(JSON.stringify(k), ":");
        put(item, d - 1);
      }
      return out.push("}");
    } catch (e) {
      return out.push(`!x${JSON.stringify(message(e))}`);
    }
  };
  put(value, depth);
  return out.join("");
}
