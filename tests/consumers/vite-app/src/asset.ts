// The optional `bk-itsm-tickets/asset` entry: the .wasm as a separate asset, which `vite build`
// emits and the page fetches once. vite.test.mjs builds index.html with this file as its script.
import * as itsm from "bk-itsm-tickets/asset";
import { runApp } from "./app";

runApp(itsm);
