// A TypeScript consumer of the tarball `npm pack` makes, with typescript and @types/node from
// npm, under each TypeScript the README's "Works with" names (5.9.3 and 6.0.3, both pinned in
// ts-app/package.json): tests/types/ok.ts (every export, used well) must type-check and each
// file of tests/types/misuse/ must fail with exactly its marked errors, under `tsc --strict`
// with the package's .d.ts checked too (skipLibCheck off), in a Node project's settings:
// nodenext resolution (the `node` condition), lib ES2022 without DOM, @types/node for
// AbortSignal. Under TypeScript 6 also in a browser project's (`bundler`, DOM) and through
// the legacy `node10` resolution, which TypeScript 6 deprecates (it asks for
// `ignoreDeprecations: "6.0"`, and that is all). (Under 5.9.3 those are covered by tests/types,
// with the same tsc, and the `bundler` settings also by the Vite 7 app's `tsc && vite build`.)
//
// And a CommonJS Node project (ts-app/cjs: "type": "commonjs"), where tsc turns imports into
// require() calls: cjs/list.ts must compile under `module` node16 and nodenext (the package's
// CommonJS types, no TS1479) with each TypeScript, and the compiled script must list tickets
// from the local server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertOnlyMarkedErrors, misuseDir, misuseFiles, typesDir } from "../types/expect.mjs";
import { startServer } from "../server/server.mjs";
import { APP, TOKEN, expectedPage, install, mustRun, pack, run, workDir } from "./helpers.mjs";

// Each TypeScript: its version, and its package in ts-app's node_modules (an npm alias for the
// second, so both install side by side; each is run from its own folder, as both name their
// binary `tsc`).
const TYPESCRIPTS = { "5.9.3": "typescript", "6.0.3": "typescript6" };

const NODE = { lib: ["es2022"], module: "nodenext", moduleResolution: "nodenext", types: ["node"] };
const BROWSER = { lib: ["es2022", "dom"], module: "esnext", moduleResolution: "bundler" };
// [name, compilerOptions, also misuse/?], by TypeScript version.
const SETTINGS = {
  "5.9.3": [["node", NODE, true]],
  "6.0.3": [
    ["node", NODE, true],
    ["bundler", BROWSER, true],
    ["node10", { ...BROWSER, moduleResolution: "node10", ignoreDeprecations: "6.0" }, false],
  ],
};

const CJS_MODULES = ["node16", "nodenext"];

let app;
let server;
// The tsc runs, started together once the project is ready: each takes seconds.
const runs = {};

before(async (t) => {
  const work = workDir("typescript");
  const { tarball } = await pack(t, work);
  app = await install(t, "ts-app", work, tarball);
  cpSync(join(typesDir, "ok.ts"), join(app, "ok.ts"));
  for (const f of misuseFiles) cpSync(join(misuseDir, f), join(app, f));
  for (const [version, settings] of Object.entries(SETTINGS)) {
    for (const [name, options, misuse] of settings) {
      for (const [kind, files] of [["ok", ["ok.ts"]], ...(misuse ? [["misuse", misuseFiles]] : [])]) {
        const config = { compilerOptions: { strict: true, noEmit: true, target: "es2022", skipLibCheck: false, ...options }, files };
        const file = `tsconfig.ts${version}.${name}.${kind}.json`;
        writeFileSync(join(app, file), JSON.stringify(config, null, 2));
        runs[`${version} ${name} ${kind}`] = tsc(version, ["--strict", "--noEmit", "--pretty", "false", "-p", file]);
      }
    }
  }
  for (const version of Object.keys(TYPESCRIPTS)) {
    for (const m of CJS_MODULES) {
      runs[`${version} cjs ${m}`] = tsc(version, ["--pretty", "false", "-p", `cjs/tsconfig.${m}.json`, "--outDir", `cjs/out-${m}-ts${version}`]);
    }
  }
  server = await startServer({ port: 0 });
});

after(() => server?.close());

function tsc(version, args) {
  return run(process.execPath, [join(app, "node_modules", TYPESCRIPTS[version], "bin", "tsc"), ...args], { cwd: app });
}

test("the TypeScripts installed are the versions named", () => {
  for (const [version, name] of Object.entries(TYPESCRIPTS)) {
    assert.equal(JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version, version);
  }
});

for (const [version, settings] of Object.entries(SETTINGS)) {
  for (const [name, , misuse] of settings) {
    test(`TypeScript ${version}: ok.ts type-checks in a ${name} project`, async (t) => {
      const r = await runs[`${version} ${name} ok`];
      t.diagnostic(`tsc: ${r.seconds.toFixed(1)} s`);
      assert.equal(r.code, 0, `tsc failed on ok.ts:\n${r.stdout}${r.stderr}`);
      assert.equal(`${r.stdout}${r.stderr}`.trim(), "");
    });

    if (misuse) {
      test(`TypeScript ${version}: each misuse fails with its marked errors in a ${name} project`, async (t) => {
        const r = await runs[`${version} ${name} misuse`];
        t.diagnostic(`tsc: ${r.seconds.toFixed(1)} s`);
        assertOnlyMarkedErrors({ code: r.code, output: `${r.stdout}${r.stderr}` });
      });
    }
  }
}

for (const version of Object.keys(TYPESCRIPTS)) {
  for (const m of CJS_MODULES) {
    test(`TypeScript ${version}: a CommonJS project compiles with module ${m} and the output lists tickets`, async (t) => {
      const r = await runs[`${version} cjs ${m}`];
      const out = `cjs/out-${m}-ts${version}`;
      t.diagnostic(`tsc -p cjs/tsconfig.${m}.json --outDir ${out}: ${r.seconds.toFixed(1)} s`);
      assert.equal(r.code, 0, `tsc failed on cjs/list.ts (module ${m}):\n${r.stdout}${r.stderr}`);
      // The import became a require() of the package.
      assert.match(readFileSync(join(app, out, "list.js"), "utf8"), /require\("bk-itsm-tickets"\)/);
      const env = { BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret, BK_TOKEN: TOKEN };
      const ran = await mustRun(t, `node ${out}/list.js`, process.execPath, [`${out}/list.js`, server.url, "6"], { cwd: app, env });
      const got = JSON.parse(ran.stdout);
      const expected = await expectedPage(server.url, { page_size: 6 });
      assert.equal(got.page, 1);
      assert.deepEqual(got.sns, expected.items.map((i) => i.sn));
      assert.deepEqual(got.issues, []);
      assert.equal(ran.stderr, "");
    });
  }
}
