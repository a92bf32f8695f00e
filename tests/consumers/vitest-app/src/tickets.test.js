// A component-test file as a Vite project writes one: the package imported by name in a DOM
// environment whose page is the local ITSM server (ITSM_URL), which plays the portal's proxy; the
// default client (no baseUrl) calls ESB on the page's own origin, through Node's fetch. Node's
// fetch has no cookie jar, and a client without the app's secret leaves the login cookie to the
// proxy (a browser sends it): the user's token goes as a parameter.
import { expect, test } from "vitest";
import { createClient, getTickets, isItsmError, validateParams } from "bk-itsm-tickets";

const bk_token = process.env.BK_TOKEN;

test("the page is the local server", () => {
  expect(window.location.href).toBe(new URL(process.env.ITSM_URL).href);
});

test("validateParams names a misspelt field", () => {
  const issues = validateParams({ pagesize: 5 });
  expect(issues.map((i) => i.field)).toEqual(["pagesize"]);
  expect(issues[0].message).toMatch(/did you mean "page_size"/);
});

test("the default client lists tickets from the page's origin", async () => {
  const page = await getTickets({ page_size: 4, bk_token });
  expect(page.page).toBe(1);
  expect(page.items.map((t) => t.sn)).toEqual(JSON.parse(process.env.EXPECTED_SNS));
  expect(page.request_id).toMatch(/^[0-9a-f]{32}$/);
});

test("a relative baseUrl resolves against the page too", async () => {
  const page = await createClient({ baseUrl: "/__/tag=vitest-relative" }).getTickets({ page: 2, page_size: 4, bk_token });
  expect(page.page).toBe(2);
});

test("an invalid parameter is a validation ItsmError, sent nowhere", async () => {
  const error = await getTickets({ page_size: 0 }).then(() => null, (e) => e);
  expect(isItsmError(error)).toBe(true);
  expect(error.kind).toBe("validation");
  expect(error.field).toBe("page_size");
  expect(error.attempts).toBe(0);
});
