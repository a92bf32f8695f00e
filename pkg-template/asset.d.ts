// The same API as the default entry: only how the WebAssembly module is loaded differs.
export * from "./index.js";
