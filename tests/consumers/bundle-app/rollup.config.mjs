// The least Rollup needs to bundle an app that imports packages from node_modules: an input and
// node-resolve with its defaults (nothing about bk-itsm-tickets). The output format and file come
// from the command line (package.json's scripts), one build per format.
import { nodeResolve } from "@rollup/plugin-node-resolve";

export default {
  input: "src/main.js",
  plugins: [nodeResolve()],
};
