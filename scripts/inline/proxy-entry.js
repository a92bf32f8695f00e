// The `bk-itsm-tickets/proxy` entry (proxy.js as ES module, proxy.cjs as CommonJS), bundled by
// scripts/gen/proxy.mjs with esbuild from the proxy (src/js/proxy/), its generated table, the
// driver and the bindings. The WebAssembly module is inlined as in the default entry (entry.js,
// codec.js): the proxy checks every request with the same module as the browser's client, and
// runs in Node, Deno, Bun or an edge runtime with no .wasm file to locate. The module is compiled
// by createItsmProxy (which checks its options with it), not at import.
import { setLoader } from "bk-itsm-tickets:driver";
import { text, order, length } from "bk-itsm-tickets:module";
import { decode } from "./codec.js";

setLoader(() => new WebAssembly.Module(decode(text, order, length)));

export { createItsmProxy } from "../../src/js/proxy/index.js";
