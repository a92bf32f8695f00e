// Jest's default set-up: a CommonJS test file in the node environment that require()s the
// package by name. ITSM_URL is the local ITSM server (tests/consumers/jest.test.mjs starts it).
const { createClient, getTickets, isItsmError, validateParams } = require("bk-itsm-tickets");

const app = { bk_app_code: process.env.BK_APP_CODE, bk_app_secret: process.env.BK_APP_SECRET };

test("validateParams names a misspelt field", () => {
  const issues = validateParams({ pagesize: 5 });
  expect(issues).toHaveLength(1);
  expect(issues[0].field).toBe("pagesize");
  expect(issues[0].message).toMatch(/did you mean "page_size"/);
  expect(validateParams({ page_size: 5 })).toEqual([]);
});

test("createClient().getTickets lists a page from the server", async () => {
  const client = createClient({ baseUrl: process.env.ITSM_URL, ...app, bk_token: process.env.BK_TOKEN });
  const page = await client.getTickets({ page_size: 4 });
  expect(page.page).toBe(1);
  expect(page.items.map((t) => t.sn)).toEqual(JSON.parse(process.env.EXPECTED_SNS));
  expect(page.request_id).toMatch(/^[0-9a-f]{32}$/);
});

test("an invalid parameter is a validation ItsmError, sent nowhere", async () => {
  const error = await getTickets({ page_size: 0 }).then(() => null, (e) => e);
  expect(isItsmError(error)).toBe(true);
  expect(error).toBeInstanceOf(Error);
  expect(error.kind).toBe("validation");
  expect(error.field).toBe("page_size");
  expect(error.attempts).toBe(0);
});

test("the API's refusal is an api ItsmError", async () => {
  const client = createClient({ baseUrl: `${process.env.ITSM_URL}/__/fault=codestr`, ...app, bk_token: process.env.BK_TOKEN });
  const error = await client.getTickets({}).then(() => null, (e) => e);
  expect(isItsmError(error)).toBe(true);
  expect(error.kind).toBe("api");
  expect(error.code).toBe("SERVER_500_ERROR");
  expect(error.attempts).toBe(1);
});
