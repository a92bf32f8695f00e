/**
 * @jest-environment jsdom
 */
// Jest's jsdom environment as a front-end project's tests run: a page at ITSM_URL (the local
// ITSM server, set as testEnvironmentOptions.url), the user's login cookie, and no fetch until
// the test set-up provides one (jsdom has none; projects add whatwg-fetch, which goes through
// jsdom's own XMLHttpRequest).
const { getTickets, isItsmError, validateParams } = require("bk-itsm-tickets");

beforeAll(() => {
  document.cookie = `bk_token=${process.env.BK_TOKEN}; path=/`;
});

test("the package loads and validates in jsdom, which lacks TextDecoder and TextEncoder", () => {
  expect(typeof TextDecoder).toBe("undefined");
  expect(typeof TextEncoder).toBe("undefined");
  expect(window.location.href).toBe(new URL(process.env.ITSM_URL).href);
  expect(validateParams({ pagesize: 5 }).map((i) => i.field)).toEqual(["pagesize"]);
});

test("without fetch a call is a validation ItsmError, sent nowhere, not retried", async () => {
  expect(typeof globalThis.fetch).toBe("undefined");
  const error = await getTickets({ page_size: 3 }).then(() => null, (e) => e);
  expect(isItsmError(error)).toBe(true);
  expect(error.kind).toBe("validation");
  expect(error.attempts).toBe(0);
  expect(error.message).toMatch(/fetch/);
});

test("with a fetch from the set-up the default client lists tickets from the page's origin", async () => {
  require("whatwg-fetch");
  expect(typeof globalThis.fetch).toBe("function");
  const page = await getTickets({ page_size: 4 });
  expect(page.page).toBe(1);
  expect(page.items.map((t) => t.sn)).toEqual(JSON.parse(process.env.EXPECTED_SNS));
});
