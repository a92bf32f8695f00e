// A TypeScript file in a CommonJS Node project ("type": "commonjs", module node16 or nodenext):
// tsc turns the import into require(). Lists a page of tickets from the address on the command
// line with the app's credentials from the environment and prints one JSON line.
import { createClient, isItsmError, validateParams, type TicketPage } from "bk-itsm-tickets";

async function main(baseUrl: string | undefined, pageSize: number): Promise<void> {
  const client = createClient({
    baseUrl,
    bk_app_code: process.env.BK_APP_CODE,
    bk_app_secret: process.env.BK_APP_SECRET,
    bk_token: process.env.BK_TOKEN,
  });
  const page: TicketPage = await client.getTickets({ page_size: pageSize });
  console.log(
    JSON.stringify({
      page: page.page,
      sns: page.items.map((t) => t.sn),
      issues: validateParams({ page_size: pageSize }),
    }),
  );
}

main(process.argv[2], Number(process.argv[3] ?? "10")).catch((e: unknown) => {
  if (!isItsmError(e)) throw e;
  console.error(JSON.stringify({ kind: e.kind, message: e.message }));
  process.exitCode = 1;
});
