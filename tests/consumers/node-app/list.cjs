// list.mjs as a CommonJS script: the same calls through require(), for projects and tools that
// are not ES modules (and Node before 20.19, which cannot require() an ES module).
//
//   BK_APP_CODE=… BK_APP_SECRET=… BK_TOKEN=… node list.cjs https://paas.example.com [page_size]
const { createClient, isItsmError } = require("bk-itsm-tickets");

const [baseUrl, pageSize = "10"] = process.argv.slice(2);

async function main() {
  const client = createClient({
    baseUrl,
    bk_app_code: process.env.BK_APP_CODE,
    bk_app_secret: process.env.BK_APP_SECRET,
    bk_token: process.env.BK_TOKEN,
    bk_username: process.env.BK_USERNAME,
  });
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
}

main().catch((e) => {
  if (!isItsmError(e)) throw e;
  console.error(JSON.stringify({ kind: e.kind, code: e.code ?? null, field: e.field ?? null, message: e.message }));
  process.exitCode = 1;
});
