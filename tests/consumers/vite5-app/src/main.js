// A Vite 5 app in plain JavaScript with no vite.config: the same calls as the Vite 7 app (see
// ../vite-app), built with `vite build` and served by `vite` (dev), read by
// tests/consumers/vite5.test.mjs from <pre id="out">.
import { createClient, getTickets, isItsmError, validateParams } from "bk-itsm-tickets";

const out = document.getElementById("out");

function describe(e) {
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

async function caught(call) {
  try {
    await call();
    return "resolved";
  } catch (e) {
    return isItsmError(e) ? describe(e) : `not an ItsmError: ${String(e)}`;
  }
}

async function main() {
  const page = await getTickets({ page_size: 7 });
  const second = await createClient({ timeoutMs: 10_000 }).getTickets({ page: 2, page_size: 7 });
  return {
    page: {
      page: page.page,
      total_page: page.total_page,
      count: page.count,
      sns: page.items.map((t) => t.sn),
      request_id: page.request_id ?? null,
    },
    second: second.items.map((t) => t.sn),
    validation: await caught(() => getTickets({ page_size: 0 })),
    issues: validateParams({ pagesize: "5" }),
    api: await caught(() => createClient({ baseUrl: "/__/fault=codestr" }).getTickets({})),
  };
}

main().then(
  (result) => {
    out.textContent = JSON.stringify(result);
    out.dataset.state = "done";
  },
  (e) => {
    out.textContent = JSON.stringify({ error: String(e), detail: isItsmError(e) ? describe(e) : null });
    out.dataset.state = "failed";
  },
);
