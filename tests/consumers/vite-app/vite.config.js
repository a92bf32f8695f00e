import { defineConfig } from "vite";

export default defineConfig({
  // `vite build` needs nothing. `vite dev` pre-bundles dependencies into .vite/deps, where the
  // package's `new URL("bk_itsm_tickets_bg.wasm", import.meta.url)` no longer finds the file:
  // excluded, it is served as it is (the README says the same).
  optimizeDeps: { exclude: ["bk-itsm-tickets"] },
});
