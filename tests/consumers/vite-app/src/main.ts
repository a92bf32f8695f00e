// The package's default entry: the module inlined, nothing for Vite to emit or fetch.
import * as itsm from "bk-itsm-tickets";
import { runApp } from "./app";

runApp(itsm);
