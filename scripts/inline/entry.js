// The package's default entry (index.js as ES module, index.cjs as CommonJS), bundled by
// build-pkg.mjs with esbuild from the generated API (api.js), the driver, the bindings and this
// file. The WebAssembly module is inlined (codec.js says how) and compiled on first use, never
// at import, so:
// - importing the package costs an app's main chunk nothing but parsing it;
// - an environment without WebAssembly (an old WebView) keeps running: the first call rejects
//   with an ItsmError that says so;
// - no top-level await and no `import.meta` (webpack 4, webpack 5 before 5.83, Vite 5/6 builds,
//   esbuild and Rollup iife, Parcel, Jest's CommonJS mode all refuse one or the other);
// - no `.wasm` file for a bundler to emit or a dev server to pre-bundle, no `readFileSync(new
//   URL(...))` for Next.js or Vite SSR to rewrite: Node runs this too;
// - every export works right after the import, with no init() to call.
// The cost and the alternatives are measured in BENCHMARKS.md ("How the module is loaded").
import { setLoader } from "bk-itsm-tickets:driver";
import { text, order, length } from "bk-itsm-tickets:module";
import { decode } from "./codec.js";

setLoader(() => new WebAssembly.Module(decode(text, order, length)));

export * from "bk-itsm-tickets:api";
