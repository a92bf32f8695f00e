// The linear memory of the WebAssembly instances this page creates, for the tests that
// measure it (load.test.js). The package's API does not reach its module's memory, so the
// harness imports this module before any test module (and so before the package):
// it wraps WebAssembly's constructors and instantiate functions to note every Memory an
// instance exports or imports. Nothing else changes: the wrapped functions return what the
// originals return, and `instanceof WebAssembly.Instance` still holds.

const memories = [];

function noteFrom(object) {
  if (object === null || typeof object !== "object") return;
  for (const value of Object.values(object)) {
    if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
  }
}
function noteInstance(instance, imports) {
  noteFrom(instance?.exports);
  if (imports && typeof imports === "object") for (const ns of Object.values(imports)) noteFrom(ns);
}

const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(OriginalInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    noteInstance(instance, args[1]);
    return instance;
  },
});
for (const name of ["instantiate", "instantiateStreaming"]) {
  const original = WebAssembly[name];
  if (typeof original !== "function") continue;
  WebAssembly[name] = function (source, imports, ...rest) {
    return original.call(this, source, imports, ...rest).then((result) => {
      noteInstance(result instanceof OriginalInstance ? result : result.instance, imports);
      return result;
    });
  };
}

/** Every WebAssembly.Memory seen so far in this page. */
export const wasmMemories = () => [...memories];

/**
 * The byte length of the one linear memory this page's package instance has. Throws when the
 * page has none or several (then the package no longer instantiates as this module expects,
 * or the page loaded two entries).
 */
export function linearMemoryBytes() {
  if (memories.length !== 1) {
    throw new Error(`expected the page to have made one WebAssembly.Memory (the package's), found ${memories.length}`);
  }
  return memories[0].buffer.byteLength;
}
