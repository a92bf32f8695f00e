// A Node script as a user writes one: lists tickets through ESB with the app's credentials from
// the environment, and prints one JSON line. Node has no page origin, so baseUrl is required.
//
//   BK_APP_CODE=… BK_APP_SECRET=… BK_TOKEN=… node list.mjs https://paas.example.com [page_size]
import { createClient, isItsmError } from "bk-itsm-tickets";

const [baseUrl, pageSize = "10"] = process.argv.slice(2);

try {
  const client = createClient({
    baseUrl,
    bk_app_code: process.env.BK_APP_CODE,
    bk_app_secret: process.env.BK_APP_SECRET,
    // A user's login token; apps on ESB's whitelist may send bk_username instead.
    bk_token: process.env.BK_TOKEN,
    bk_username: process.env.BK_USERNAME,
  });
  // page_size straight from the command line: a string of digits is accepted.
  const page = await client.getTickets({ page_size: pageSize });
  console.log(
    JSON.stringify({
      page: page.page,
      total_page: page.total_page,
      count: page.count,
      sns: page.items.map((t) => t.sn),
      request_id: page.request_id ?? null,
    }),
  );
} catch (e) {
  if (!isItsmError(e)) throw e;
  console.error(JSON.stringify({ kind: e.kind, code: e.code ?? null, field: e.field ?? null, message: e.message }));
  process.exitCode = 1;
}
