// A plain webpack 5.82 set-up: nothing specific to bk-itsm-tickets. Before 5.83 webpack's
// top-level await (experiments.topLevelAwait) is off by default, so a package entry that awaits
// at top level does not build here without configuration.
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
