// A Node 16 script: Node 16 has no global fetch, so the client is given node-fetch's (as the
// npm README's Node section says). Lists a page of tickets through ESB with the app's
// credentials from the environment and prints one JSON line; with NO_FETCH=1 it passes no
// fetch, and the call's error is printed instead.
//
//   BK_APP_CODE=… BK_APP_SECRET=… BK_TOKEN=… node list.cjs https://paas.example.com [page_size]
const fetch = require("node-fetch");
const { createClient, isItsmError } = require("bk-itsm-tickets");

const [baseUrl, pageSize = "10"] = process.argv.slice(2);

async function main() {
  const client = createClient({
    baseUrl,
    bk_app_code: process.env.BK_APP_CODE,
    bk_app_secret: process.env.BK_APP_SECRET,
    bk_token: process.env.BK_TOKEN,
    fetch: process.env.NO_FETCH ? undefined : fetch,
  });
  const page = await client.getTickets({ page_size: pageSize });
  console.log(
    JSON.stringify({
      page: page.page,
      count: page.count,
      sns: page.items.map((t) => t.sn),
      request_id: page.request_id === undefined ? null : page.request_id,
    }),
  );
}

main().catch((e) => {
  if (!isItsmError(e)) throw e;
  console.error(JSON.stringify({ kind: e.kind, reason: e.reason, field: e.field === undefined ? null : e.field, message: e.message }));
  process.exitCode = 1;
});
