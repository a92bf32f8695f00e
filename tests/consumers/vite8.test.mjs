// A Vite 8 app (tests/consumers/vite8-app: the Vite 7 app's TypeScript, with Vite 8, whose
// bundler is Rolldown, and TypeScript 6; `tsc && vite build`, no vite.config) that imports the
// package from the tarball `npm pack` makes, served with the local ITSM server and run in
// headless Chromium: built with the default entry, built again with `bk-itsm-tickets/asset`,
// and served by the `vite` dev server behind a same-origin proxy with each entry
// (vite-common.mjs).
import { viteTsAppTests } from "./vite-common.mjs";

viteTsAppTests("vite8-app", 8);
