// Vitest 3 (Vite 7) in the DOM environments component tests use, jsdom and happy-dom, with the
// page at the local ITSM server: vitest-app/src/tickets.test.js imports the package by name
// (from the tarball `npm pack` makes) and calls the default client, which must resolve its
// same-origin URL against the page's location before Node's fetch sees it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../server/server.mjs";
import { TOKEN, expectedPage, install, pack, run, workDir } from "./helpers.mjs";

let server;
let app;

before(async (t) => {
  // The portal's same-origin proxy: it adds the app to the page's requests.
  server = await startServer({ port: 0, appInDoors: true });
  const work = workDir("vitest");
  const { tarball } = await pack(t, work);
  app = await install(t, "vitest-app", work, tarball);
});

after(() => server?.close());

for (const dom of ["jsdom", "happy-dom"]) {
  test(`vitest run in ${dom}: every test passes`, async (t) => {
    const expected = await expectedPage(server.url, { page_size: 4 });
    const results = join(app, `vitest-${dom}.json`);
    const started = Date.now();
    const r = await run(join(app, "node_modules", ".bin", "vitest"), ["run", "--reporter=json", `--outputFile=${results}`], {
      cwd: app,
      env: { VITEST_DOM: dom, ITSM_URL: server.url, BK_TOKEN: TOKEN, EXPECTED_SNS: JSON.stringify(expected.items.map((i) => i.sn)) },
    });
    t.diagnostic(`vitest (${dom}): ${r.seconds.toFixed(1)} s`);
    let report;
    try {
      report = JSON.parse(readFileSync(results, "utf8"));
    } catch {
      assert.fail(`vitest wrote no report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    const failures = report.testResults.flatMap((f) => [
      f.status === "failed" && f.assertionResults.length === 0 ? f.message : "",
      ...f.assertionResults.filter((a) => a.status !== "passed").map((a) => `${a.fullName}: ${a.failureMessages.join("\n")}`),
    ]).filter(Boolean);
    assert.equal(r.code, 0, `vitest failed:\n${failures.join("\n")}\n${r.stderr}`);
    assert.deepEqual(report.testResults.flatMap((f) => f.assertionResults.map((a) => a.status)), Array(5).fill("passed"));

    // The default client's call reached the page's origin with the login cookie's token and no
    // app credentials (the proxy added them); the invalid call sent nothing.
    const log = await (await fetch(`${server.url}/__log?tag=`)).json();
    const calls = log.filter((e) => e.path === "/api/c/compapi/v2/itsm/get_tickets/" && !e.preflight && e.body?.page_size === 4 && e.at >= started);
    assert.equal(calls.length, 1, JSON.stringify(calls.map((e) => e.body)));
    assert.equal(calls[0].body.bk_token, TOKEN);
    assert.equal(calls[0].body.bk_app_code, undefined);
    const relative = await (await fetch(`${server.url}/__log?tag=vitest-relative`)).json();
    assert.equal(relative.filter((e) => e.at >= started).length, 1);
  });
}
