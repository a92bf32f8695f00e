// Jest 29 as front-end projects run it by default (CommonJS test files through babel-jest, no
// configuration that mentions the package): jest-app/node.test.js in the node environment and
// jest-app/jsdom.test.js in jsdom (jest-environment-jsdom 29: no fetch, TextDecoder or
// TextEncoder of its own), both require()-ing the package by name from the tarball `npm pack`
// makes, against the local ITSM server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../server/server.mjs";
import { APP, TOKEN, expectedPage, install, pack, run, workDir } from "./helpers.mjs";

let server;
let app;

before(async (t) => {
  // The portal's same-origin proxy: it adds the app to requests that carry none (jsdom's page
  // is this server, as a browser page would be its portal).
  server = await startServer({ port: 0, appInDoors: true });
  const work = workDir("jest");
  const { tarball } = await pack(t, work);
  app = await install(t, "jest-app", work, tarball);
});

after(() => server?.close());

test("Jest runs both test files, node and jsdom environments, and every test passes", async (t) => {
  const expected = await expectedPage(server.url, { page_size: 4 });
  const results = join(app, "jest-results.json");
  const r = await run(join(app, "node_modules", ".bin", "jest"), ["--ci", "--json", `--outputFile=${results}`], {
    cwd: app,
    env: {
      ITSM_URL: server.url,
      BK_APP_CODE: APP.bk_app_code,
      BK_APP_SECRET: APP.bk_app_secret,
      BK_TOKEN: TOKEN,
      EXPECTED_SNS: JSON.stringify(expected.items.map((i) => i.sn)),
    },
  });
  t.diagnostic(`jest: ${r.seconds.toFixed(1)} s`);
  const report = JSON.parse(readFileSync(results, "utf8"));
  const failures = report.testResults
    .flatMap((f) => [f.message, ...f.assertionResults.filter((a) => a.status !== "passed").map((a) => `${a.fullName}: ${a.failureMessages.join("\n")}`)])
    .filter(Boolean);
  assert.equal(r.code, 0, `jest failed:\n${failures.join("\n")}\n${r.stderr}`);
  const files = Object.fromEntries(report.testResults.map((f) => [f.name.slice(app.length + 1), f.assertionResults.map((a) => a.status)]));
  assert.deepEqual(files, {
    "jsdom.test.js": ["passed", "passed", "passed"],
    "node.test.js": ["passed", "passed", "passed", "passed"],
  });
  assert.equal(report.numPassedTests, 7);

  // jsdom's one call reached the server from its page, with the login cookie's token and no app
  // credentials (the proxy added them); the call without fetch sent nothing.
  const log = await (await fetch(`${server.url}/__log?tag=`)).json();
  const fromPage = log.filter((e) => e.path === "/api/c/compapi/v2/itsm/get_tickets/" && !e.preflight && e.body?.bk_app_code === undefined);
  assert.equal(fromPage.length, 1, JSON.stringify(fromPage.map((e) => e.body)));
  assert.equal(fromPage[0].body.bk_token, TOKEN);
  assert.equal(fromPage[0].body.page_size, 4);
});
