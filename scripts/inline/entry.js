// The package's default entry (index.js as ES module, index.cjs as CommonJS), bundled by
// build-pkg.mjs with esbuild from wasm-bindgen's glue, our snippet (src/imports.js) and this
// file. The WebAssembly module is inlined (codec.js says how) and compiled synchronously at
// import, so:
// - no top-level await and no `import.meta` (webpack 4, webpack 5 before 5.83, Vite 5/6 builds,
//   esbuild and Rollup iife, Parcel, Jest's CommonJS mode all refuse one or the other);
// - no `.wasm` file for a bundler to emit or a dev server to pre-bundle (Vite's dev server
//   served it as HTML from .vite/deps; esbuild and Rollup did not emit it at all);
// - no `readFileSync(new URL(...))` for Next.js or Vite SSR to rewrite: Node runs this too;
// - every export works right after the import, with no init() to call.
// The cost and the alternatives are measured in BENCHMARKS.md ("How the module is loaded").
import { initSync } from "bk-itsm-tickets:glue";
import { text, order, length } from "bk-itsm-tickets:module";
import { decode } from "./codec.js";

initSync({ module: decode(text, order, length) });

export { getTickets, getTicketInfo, getTicketStatus, getTicketLogs, getTicketsByUser, createClient, validateParams, isItsmError, Client } from "bk-itsm-tickets:glue";
