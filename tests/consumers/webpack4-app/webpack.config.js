// A plain webpack 4 set-up as in bk-itsm's own Vue 2 front-ends (minus Vue and Babel): nothing
// specific to bk-itsm-tickets. webpack-cli 3 loads CommonJS configuration only. The config is
// needed at all only for the HTML page; webpack 4 reads the package's legacy `module` field.
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  entry: "./src/main.js",
  output: { path: path.resolve(__dirname, "dist") },
  plugins: [new HtmlWebpackPlugin({ template: "./src/index.html" })],
};
