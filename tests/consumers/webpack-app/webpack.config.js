// A plain webpack 5 set-up: nothing specific to bk-itsm-tickets. The default entry is one
// JavaScript module (the WebAssembly inlined). For `bk-itsm-tickets/asset`, which
// webpack.test.mjs also builds, the defaults suffice too: top-level await is on by default since
// webpack 5.83, and `new URL("….wasm", import.meta.url)` makes webpack emit the .wasm as an asset.
import HtmlWebpackPlugin from "html-webpack-plugin";
import { fileURLToPath } from "node:url";

export default {
  entry: "./src/main.js",
  output: {
    path: fileURLToPath(new URL("./dist", import.meta.url)),
    clean: true,
  },
  plugins: [new HtmlWebpackPlugin({ template: "./src/index.html" })],
};
