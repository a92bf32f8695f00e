// Node entry (18+): Node's fetch cannot read file: URLs, so the module is read from disk and
// instantiated synchronously at import. Pass baseUrl to createClient: there is no page origin.
import { readFileSync } from "node:fs";
import { initSync } from "./bk_itsm_tickets.js";

initSync({ module: readFileSync(new URL("./bk_itsm_tickets_bg.wasm", import.meta.url)) });

export { getTickets, createClient, validateParams, isItsmError, Client } from "./bk_itsm_tickets.js";
