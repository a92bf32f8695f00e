// Browser and bundler entry: loads the WebAssembly module once, at import, so that callers
// never call init() themselves. The URL is written out so bundlers that follow
// `new URL("…", import.meta.url)` (Vite, webpack 5: tests/consumers) emit the .wasm file as an
// asset.
import init from "./bk_itsm_tickets.js";

await init({ module_or_path: new URL("./bk_itsm_tickets_bg.wasm", import.meta.url) });

export { getTickets, createClient, validateParams, isItsmError, Client } from "./bk_itsm_tickets.js";
