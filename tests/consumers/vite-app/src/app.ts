// The app as a user writes one, given the package's exports: no init() call, the default client
// (ESB on the page's own origin, the login cookie). It writes what it got as JSON into
// <pre id="out"> and sets data-state, for tests/consumers/vite.test.mjs to read. main.ts runs it
// with the default entry, asset.ts with `bk-itsm-tickets/asset` (the same API, so tsc checks that
// both entries' declarations fit one app).
import type * as Package from "bk-itsm-tickets";
import type { GetTicketsParams, ItsmError, TicketPage } from "bk-itsm-tickets";

export function runApp({ createClient, getTickets, isItsmError, validateParams }: typeof Package) {
  const out = document.querySelector<HTMLPreElement>("#out")!;

  function describe(e: ItsmError) {
    return {
      name: e.name,
      kind: e.kind,
      instanceOfError: e instanceof Error,
      field: e.kind === "validation" ? e.field : null,
      code: e.kind === "api" ? e.code : null,
      status: e.status ?? null,
      attempts: e.attempts,
    };
  }

  async function caught(call: () => Promise<unknown>) {
    try {
      await call();
      return "resolved";
    } catch (e) {
      return isItsmError(e) ? describe(e) : `not an ItsmError: ${String(e)}`;
    }
  }

  async function main() {
    const page: TicketPage = await getTickets({ page_size: 7 });
    const second = await createClient({ timeoutMs: 10_000 }).getTickets({ page: 2, page_size: 7 });
    // What a form would hand over: keys typed by people.
    const fromForm = { pagesize: "5" } as unknown as GetTicketsParams;
    return {
      page: {
        page: page.page,
        total_page: page.total_page,
        count: page.count,
        sns: page.items.map((t) => t.sn),
        request_id: page.request_id ?? null,
      },
      second: second.items.map((t) => t.sn),
      // Refused before anything is sent.
      validation: await caught(() => getTickets({ page_size: 0 })),
      issues: validateParams(fromForm),
      // The API's own refusal, through the server's fault prefix.
      api: await caught(() => createClient({ baseUrl: "/__/fault=codestr" }).getTickets({})),
    };
  }

  main().then(
    (result) => {
      out.textContent = JSON.stringify(result);
      out.dataset.state = "done";
    },
    (e: unknown) => {
      out.textContent = JSON.stringify({ error: String(e), detail: isItsmError(e) ? describe(e) : null });
      out.dataset.state = "failed";
    },
  );
}
