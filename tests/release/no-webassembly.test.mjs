// An environment without WebAssembly (an old WebView, a locked-down runtime): importing the
// package costs nothing and throws nothing, the first call rejects with a clear ItsmError, and the
// rest of the app runs. A child process each, so the module is never compiled before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));

function run(entry) {
  const source = `delete globalThis.WebAssembly;
(async () => {
  const pkg = ${entry};
  const out = {};
  const e = await pkg.getTickets({}).catch((e) => e);
  out.e = { kind: e.kind, reason: e.reason, field: e.field, isItsm: pkg.isItsmError(e), instance: e instanceof pkg.ItsmError, user: e.userMessage, message: e.message };
  const c = pkg.createClient({ baseUrl: "https://paas.example.com" });
  out.w = (await c.createTicket({ service_id: 1, fields: { title: "t" } }).catch((e) => e)).reason;
  out.v = pkg.validateParams({ page: 0 }).map((i) => i.reason);
  out.f = pkg.validateTicketFields({ fields: [] }, {}).map((i) => i.reason);
  console.log(JSON.stringify(out));
})();`;
  const type = entry.startsWith("require") ? "commonjs" : "module";
  return JSON.parse(execFileSync(process.execPath, [`--input-type=${type}`, "-e", source], { encoding: "utf8" }));
}

for (const [name, entry] of [
  ["ESM", `await import(${JSON.stringify(pathToFileURL(join(pkgDir, "index.js")).href)})`],
  ["CommonJS", `require(${JSON.stringify(join(pkgDir, "index.cjs"))})`],
]) {
  test(`${name}: no WebAssembly: the import works, calls reject with no_webassembly, validate says so`, () => {
    const out = run(entry);
    assert.deepEqual(
      [out.e.kind, out.e.reason, out.e.field, out.e.isItsm, out.e.instance, out.e.user],
      ["validation", "no_webassembly", "WebAssembly", true, true, "This browser is too old for this page"],
    );
    assert.match(out.e.message, /WebAssembly/);
    assert.equal(out.w, "no_webassembly");
    assert.deepEqual(out.v, ["no_webassembly"]);
    assert.deepEqual(out.f, ["no_webassembly"]);
  });
}
