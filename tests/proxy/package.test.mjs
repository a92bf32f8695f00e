// The `bk-itsm-tickets/proxy` entry as the package ships it: the exports map (import, require,
// types), the run-time exports of both formats, a proxy.js that runs alone (the module inlined,
// no .wasm beside it), a routing table that is the crate's descriptions (every described
// endpoint routed on its doors, nothing else), proxy code that names no endpoint, the same bytes
// from the same sources, and its size.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import ts from "typescript";
import { describe as describeCrate } from "../../scripts/gen/gen.mjs";
import { allowNames, buildProxyEntry } from "../../scripts/gen/proxy.mjs";
import { pkgDir, root } from "./helpers.mjs";

let work, d;
before(() => {
  work = mkdtempSync(join(tmpdir(), "bk-itsm-proxy-pkg-"));
  d = describeCrate(root);
});
after(() => work && rmSync(work, { recursive: true, force: true }));

const manifest = () => JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
/** A proxy whose upstream is a stub that answers `{result: true}` and records the URLs asked. */
function stubbed(createItsmProxy, asked = []) {
  return createItsmProxy({
    target: "https://paas.example.com",
    gateway: ["esb", "apigw"],
    bk_app_code: "app",
    bk_app_secret: "app-secret",
    verifyUser: () => "alice",
    fetch: async (url) => {
      asked.push(url);
      return new Response(JSON.stringify({ result: true, code: 0, message: "ok", data: [] }), { headers: { "content-type": "application/json" } });
    },
  });
}
const same = { Cookie: "bk_token=the-token", "Sec-Fetch-Site": "same-origin", "X-Bk-Itsm-Tickets": "1" };
const ask = (itsm, path, method = "GET") =>
  itsm.fetch(new Request(`https://portal.example${path}`, { method, headers: { ...same, Origin: "https://portal.example" }, ...(method === "POST" ? { body: "{}" } : {}) }));

test("the manifest: ./proxy in the exports map (import, require, types), the files, sideEffects", () => {
  const m = manifest();
  assert.deepEqual(m.exports["./proxy"], {
    import: { types: "./proxy.d.ts", default: "./proxy.js" },
    require: { types: "./proxy.d.cts", default: "./proxy.cjs" },
  });
  for (const f of ["proxy.js", "proxy.cjs", "proxy.d.ts", "proxy.d.cts"]) assert.ok(m.files.includes(f), f);
  assert.ok(m.sideEffects.includes("./proxy.js") && m.sideEffects.includes("./proxy.cjs"));
  // Nothing of the proxy's build is left beside it.
  assert.deepEqual(readdirSync(pkgDir).filter((f) => /proxy/.test(f)).sort(), ["proxy.cjs", "proxy.d.cts", "proxy.d.ts", "proxy.js"]);
});

test("import and require of bk-itsm-tickets/proxy resolve through the exports map, each exporting createItsmProxy only", async () => {
  mkdirSync(join(work, "app", "node_modules"), { recursive: true });
  symlinkSync(pkgDir, join(work, "app", "node_modules", "bk-itsm-tickets"), "dir");
  writeFileSync(join(work, "app", "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(work, "app", "esm.mjs"), 'export * as proxy from "bk-itsm-tickets/proxy";\n');
  const { proxy: esm } = await import(pathToFileURL(join(work, "app", "esm.mjs")).href);
  const cjs = createRequire(join(work, "app", "x.cjs"))("bk-itsm-tickets/proxy");
  for (const [format, mod] of [["esm", esm], ["cjs", cjs]]) {
    assert.deepEqual(Object.keys(mod), ["createItsmProxy"], format);
    const asked = [];
    const r = await ask(stubbed(mod.createItsmProxy, asked), "/itsm/api/c/compapi/v2/itsm/get_ticket_info/?sn=X");
    assert.equal(r.status, 200, format);
    assert.equal(asked.length, 1);
  }
});

test("proxy.js runs alone: the module is inlined, no .wasm file is read", async () => {
  const alone = join(work, "alone");
  mkdirSync(alone);
  copyFileSync(join(pkgDir, "proxy.js"), join(alone, "proxy.mjs"));
  const { createItsmProxy } = await import(pathToFileURL(join(alone, "proxy.mjs")).href);
  const r = await ask(stubbed(createItsmProxy), "/itsm/api/c/compapi/v2/itsm/get_tickets/", "POST");
  assert.equal(r.status, 200);
  assert.doesNotMatch(readFileSync(join(pkgDir, "proxy.js"), "utf8").slice(0, 2000), /\.wasm\b/);
});

test("every endpoint the crate describes is routed on each door it has; an undescribed name is not", async () => {
  const { createItsmProxy } = await import(pathToFileURL(join(pkgDir, "proxy.js")).href);
  const asked = [];
  const itsm = stubbed(createItsmProxy, asked);
  for (const e of d.endpoints) {
    const paths = [`/itsm/api/bk-itsm/prod/v2/itsm/${e.apigwName}/`, ...(e.gatewayOnly ? [] : [`/itsm/api/c/compapi/v2/itsm/${e.esbName}/`])];
    for (const path of paths) {
      const r = await ask(itsm, path, e.method);
      const body = await r.json();
      assert.ok(!String(body.code).startsWith("PROXY_"), `${path}: ${JSON.stringify(body)}`);
    }
    if (e.gatewayOnly) assert.equal((await (await ask(itsm, `/itsm/api/c/compapi/v2/itsm/${e.esbName}/`, e.method)).json()).code, "PROXY_NOT_FOUND", e.name);
  }
  for (const name of ["proceed_approval", "edit_field", "add_follower", "import_service"]) {
    assert.equal((await (await ask(itsm, `/itsm/api/bk-itsm/prod/v2/itsm/${name}/`, "POST")).json()).code, "PROXY_NOT_FOUND");
  }
  // allow takes every name of every described endpoint (the declarations list the same).
  assert.doesNotThrow(() => createItsmProxy({ target: "https://x.example", bk_app_code: "a", bk_app_secret: "s", allow: allowNames(d) }));
});

test("the proxy's code names no endpoint: only the generated table does", () => {
  const names = new Set(d.endpoints.flatMap((e) => [e.name, e.esbName, e.apigwName, e.js]).concat(["proceed_approval", "edit_field", "add_follower"]));
  const dir = join(root, "src", "js", "proxy");
  const found = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".js"))) {
    // Identifiers, strings and patterns, from the parsed file: comments (which explain, with
    // names, what the code does) are no part of it.
    const source = ts.createSourceFile(file, readFileSync(join(dir, file), "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const visit = (node) => {
      if (ts.isIdentifier(node) || ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) {
        const text = node.text;
        for (const n of names) if (new RegExp(`\\b${n}\\b`).test(text)) found.push(`${file}: ${n} in ${JSON.stringify(text.slice(0, 80))}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(found, []);
});

test("the same sources give the same bytes", async () => {
  const version = manifest().version;
  const outs = [];
  for (const name of ["a", "b"]) {
    const copy = join(work, `pkg-${name}`);
    cpSync(pkgDir, copy, { recursive: true });
    for (const f of ["proxy.js", "proxy.cjs", "proxy.d.ts", "proxy.d.cts"]) rmSync(join(copy, f));
    await buildProxyEntry({ root, pkg: copy, wasm: join(copy, "bk_itsm_tickets_bg.wasm"), version, d });
    outs.push(["proxy.js", "proxy.cjs", "proxy.d.ts"].map((f) => readFileSync(join(copy, f))));
  }
  outs[0].forEach((bytes, i) => assert.ok(bytes.equals(outs[1][i]), `file ${i} differs between builds`));
  // And the package's own copy is what these sources build.
  assert.ok(outs[0][0].equals(readFileSync(join(pkgDir, "proxy.js"))), "pkg/proxy.js is stale: run make pkg");
});

test("its size: the default entry's module and driver, and a little more", (t) => {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const proxy = readFileSync(join(pkgDir, "proxy.js"));
  const index = readFileSync(join(pkgDir, "index.js"));
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  t.diagnostic(`proxy.js ${kb(proxy.length)} raw, ${kb(gz(proxy))} gzip -9; index.js ${kb(index.length)} raw, ${kb(gz(index))} gzip -9`);
  // The proxy's own code and table, over what both entries carry (the module, the driver).
  assert.ok(proxy.length - index.length < 30 * 1024, `proxy.js is ${kb(proxy.length - index.length)} over index.js`);
});
