// A Vite 7 app (tests/consumers/vite-app: TypeScript 5.9, `tsc && vite build`, no vite.config)
// that imports the package from the tarball `npm pack` makes, served with the local ITSM server
// and run in headless Chromium: built with the default entry, built again with
// `bk-itsm-tickets/asset`, and served by the `vite` dev server behind a same-origin proxy with
// each entry (vite-common.mjs).
import { viteTsAppTests } from "./vite-common.mjs";

viteTsAppTests("vite-app", 7);
