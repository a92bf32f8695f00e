// A TypeScript consumer of the tarball `npm pack` makes, with typescript and @types/node from
// npm: tests/types/ok.ts (every export, used well) must type-check and each file of
// tests/types/misuse/ must fail with exactly its marked errors, under `tsc --strict` with the
// package's .d.ts checked too (skipLibCheck off), in a Node project's settings: nodenext
// resolution (the `node` condition), lib ES2022 without DOM, @types/node for AbortSignal.
// (Browser settings are covered by tests/types, with the same tsc, and by the Vite app's
// `tsc && vite build`.)
//
// And a CommonJS Node project (ts-app/cjs: "type": "commonjs"), where tsc turns imports into
// require() calls: cjs/list.ts must compile under `module` node16 and nodenext (the package's
// CommonJS types, no TS1479), and the compiled script must list tickets from the local server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertOnlyMarkedErrors, misuseDir, misuseFiles, typesDir } from "../types/expect.mjs";
import { startServer } from "../server/server.mjs";
import { APP, TOKEN, expectedPage, install, mustRun, pack, run, workDir } from "./helpers.mjs";

const SETTINGS = {
  node: { lib: ["es2022"], module: "nodenext", moduleResolution: "nodenext", types: ["node"] },
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
  for (const [name, options] of Object.entries(SETTINGS)) {
    for (const [kind, files] of [["ok", ["ok.ts"]], ["misuse", misuseFiles]]) {
      const config = { compilerOptions: { strict: true, noEmit: true, target: "es2022", skipLibCheck: false, ...options }, files };
      writeFileSync(join(app, `tsconfig.${name}.${kind}.json`), JSON.stringify(config, null, 2));
      runs[`${name} ${kind}`] = tsc(`tsconfig.${name}.${kind}.json`);
    }
  }
  for (const m of CJS_MODULES) {
    runs[`cjs ${m}`] = run(join(app, "node_modules", ".bin", "tsc"), ["--pretty", "false", "-p", `cjs/tsconfig.${m}.json`], { cwd: app });
  }
  server = await startServer({ port: 0 });
});

after(() => server?.close());

function tsc(config) {
  return run(join(app, "node_modules", ".bin", "tsc"), ["--strict", "--noEmit", "--pretty", "false", "-p", config], { cwd: app });
}

for (const name of Object.keys(SETTINGS)) {
  test(`ok.ts type-checks in a ${name} project`, async (t) => {
    const r = await runs[`${name} ok`];
    t.diagnostic(`tsc: ${r.seconds.toFixed(1)} s`);
    assert.equal(r.code, 0, `tsc failed on ok.ts:\n${r.stdout}${r.stderr}`);
  });

  test(`each misuse fails with its marked errors in a ${name} project`, async (t) => {
    const r = await runs[`${name} misuse`];
    t.diagnostic(`tsc: ${r.seconds.toFixed(1)} s`);
    assertOnlyMarkedErrors({ code: r.code, output: `${r.stdout}${r.stderr}` });
  });
}

for (const m of CJS_MODULES) {
  test(`a CommonJS project compiles with module ${m} and the output lists tickets`, async (t) => {
    const r = await runs[`cjs ${m}`];
    t.diagnostic(`tsc -p cjs/tsconfig.${m}.json: ${r.seconds.toFixed(1)} s`);
    assert.equal(r.code, 0, `tsc failed on cjs/list.ts (module ${m}):\n${r.stdout}${r.stderr}`);
    // The import became a require() of the package.
    const out = readFileSync(join(app, "cjs", `out-${m}`, "list.js"), "utf8");
    assert.match(out, /require\("bk-itsm-tickets"\)/);
    const env = { BK_APP_CODE: APP.bk_app_code, BK_APP_SECRET: APP.bk_app_secret, BK_TOKEN: TOKEN };
    const ran = await mustRun(t, `node cjs/out-${m}/list.js`, process.execPath, [`cjs/out-${m}/list.js`, server.url, "6"], { cwd: app, env });
    const got = JSON.parse(ran.stdout);
    const expected = await expectedPage(server.url, { page_size: 6 });
    assert.equal(got.page, 1);
    assert.deepEqual(got.sns, expected.items.map((i) => i.sn));
    assert.deepEqual(got.issues, []);
    assert.equal(ran.stderr, "");
  });
}
