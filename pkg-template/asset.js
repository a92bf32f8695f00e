// The `bk-itsm-tickets/asset` entry: the WebAssembly module as a separate `.wasm` file, fetched
// and compiled while the page loads (top-level await), for bundlers that follow
// `new URL("…", import.meta.url)` and accept top-level await (Vite 7 and 8 builds, webpack
// 5.83+: tests/consumers). It ships about the same bytes as the default entry, which inlines the
// module (BENCHMARKS.md); the browser fetches the .wasm beside the JavaScript instead of inside
// it. The npm README says what each bundler needs for it.
import { setLoader } from "./driver.js";

const url = new URL("./bk_itsm_tickets_bg.wasm", import.meta.url);
const module = await (typeof WebAssembly.compileStreaming === "function"
  ? WebAssembly.compileStreaming(fetch(url)).catch(async () => WebAssembly.compile(await (await fetch(url)).arrayBuffer()))
  : fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
setLoader(() => module);
