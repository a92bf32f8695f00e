// Where the credentials come from and where they go: the login cookie's token only to the
// page's own origin, the default client on the page's origin whatever a <base> tag says, a
// call's credentials over the client's, and user names beyond ASCII through the gateway's
// header (from tests/browser.rs).
import { getTickets } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { APP, SERVER, TOKEN, TRUSTED, client, rejects, runTag, serverLog, setCookie, settle } from "./lib/itsm.js";

test("the login cookie's token goes only to the page's own origin", async () => {
  // The test page and the ITSM server are two origins: `credentials: "include"` sends the
  // cookie itself (the browser's choice, by CORS), but its token is not copied into the body
  // for another origin; given explicitly, it is.
  setCookie(`bk_token=${TOKEN}; path=/`);
  let refused, refusedToo, given;
  try {
    const cookieOnly = client("/__/tag=b-cookie", APP);
    const sameOrigin = client("/__/tag=b-cookie-so", { ...APP, credentials: "same-origin" });
    const explicit = client("/__/tag=b-cookie-given", { ...APP, bk_token: TOKEN });
    const params = () => ({ page_size: 1 });
    refused = await settle(cookieOnly.getTickets(params(), undefined));
    refusedToo = await settle(sameOrigin.getTickets(params(), undefined));
    given = await settle(explicit.getTickets(params(), undefined));
  } finally {
    setCookie("bk_token=; path=/; max-age=0");
  }
  for (const [tag, outcome] of [["b-cookie", refused], ["b-cookie-so", refusedToo]]) {
    assert.equal(outcome.ok, false, `${tag}: no user for ESB without the token`);
    assert.equal(outcome.error.code, 1_306_000, tag);
    const log = await serverLog(tag);
    assert.equal(log[0].body.bk_token, undefined, tag);
  }
  const log = await serverLog("b-cookie");
  assert.includes(log[0].headers.cookie ?? "", `bk_token=${TOKEN}`, "credentials: include still sends the cookie");
  assert.equal(given.ok, true, `the token given explicitly: ${given.error}`);
  assert.equal(given.value.items.length, 1);
  const givenLog = await serverLog("b-cookie-given");
  assert.equal(givenLog[0].body.bk_token, TOKEN);
});

test("a <base> tag does not send the default client elsewhere", async () => {
  // An injected `<base href>` pointing at another host: the default client still calls the
  // page's own origin (where this test page has no API), and the other host hears nothing,
  // the cookie's token least of all.
  const base = document.createElement("base");
  base.href = `${SERVER}/__/tag=${runTag("b-base")}/`;
  document.head.append(base);
  setCookie(`bk_token=${TOKEN}; path=/`);
  let outcome;
  try {
    outcome = await settle(getTickets({ page_size: 1 }, undefined));
  } finally {
    setCookie("bk_token=; path=/; max-age=0");
    base.remove();
  }
  assert.equal(outcome.ok, false, "this page's origin serves no API");
  const e = outcome.error;
  assert.ok(String(e.url).startsWith(`${location.origin}/api/c/compapi/`), e.url);
  assert.deepEqual(await serverLog("b-base"), [], "the <base> host was called");
});

test("a call's credentials win over the client's", async () => {
  const c = client("", { bk_app_code: "bk-itsm-demo", bk_app_secret: "wrong", bk_token: TOKEN });
  await c.getTickets({ bk_app_secret: "demo-secret-3f9a1c0e7b", page_size: 1 }, undefined);
  const whitelisted = client("", { ...TRUSTED, credentials: "omit" });
  await whitelisted.getTickets({ bk_username: "alice", page_size: 1 }, undefined);
});

test("the default client targets the page's own origin", async () => {
  const e = await rejects(getTickets({ page_size: 1 }, undefined));
  // The test pages' server does not serve the API: what matters is where we went, resolved
  // against the page's own address.
  assert.equal(e.url, `${location.origin}/api/c/compapi/v2/itsm/get_tickets/`);
  assert.notEqual(e.kind, "validation");
});

test("user names beyond ASCII arrive intact through the gateway", async () => {
  for (const [user, tag] of [["张三", "b-user-zh"], ["José", "b-user-latin"]]) {
    const c = client(`/__/tag=${tag}`, { gateway: "apigw", ...TRUSTED, bk_username: user });
    await c.getTickets({ page_size: 1 }, undefined);
    const log = await serverLog(tag);
    assert.equal(log.length, 1, `${user}: sent once, not retried`);
    assert.equal(log[0].auth.bk_username, user);
    assert.match(log[0].headers["x-bkapi-authorization"], /^[\x00-\x7f]*$/, "the header is ASCII");
  }
});
