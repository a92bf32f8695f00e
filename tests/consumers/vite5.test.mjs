// A Vite 5 app (tests/consumers/vite5-app: plain JavaScript, no vite.config) that imports the
// package from the tarball `npm pack` makes: `vite build` served with the local ITSM server, and
// the `vite` dev server behind a same-origin proxy, both run in headless Chromium.
import { viteAppTests } from "./vite-common.mjs";

viteAppTests("vite5-app", 5);
