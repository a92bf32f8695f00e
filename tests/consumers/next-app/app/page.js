// A server component as a portal writes one: rendered per request in Node, it lists tickets
// through ESB with the app's credentials from the server's environment (ITSM_URL, BK_APP_CODE,
// BK_APP_SECRET, BK_TOKEN), and validates a form's parameters. The client component below does
// its own call from the browser.
import { createClient, isItsmError, validateParams } from "bk-itsm-tickets";
import Tickets from "./tickets";

export const dynamic = "force-dynamic";

async function serverSide() {
  try {
    const client = createClient({
      baseUrl: process.env.ITSM_URL,
      bk_app_code: process.env.BK_APP_CODE,
      bk_app_secret: process.env.BK_APP_SECRET,
      bk_token: process.env.BK_TOKEN,
    });
    const page = await client.getTickets({ page_size: 6 });
    return {
      count: page.count,
      sns: page.items.map((t) => t.sn),
      issues: validateParams({ pagesize: 5 }),
    };
  } catch (e) {
    return { error: String(e), kind: isItsmError(e) ? e.kind : null };
  }
}

export default async function Page() {
  const result = await serverSide();
  return (
    <main>
      <pre id="server">{JSON.stringify(result)}</pre>
      <Tickets />
    </main>
  );
}
