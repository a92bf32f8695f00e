// The browser app every bundler's consumer project builds (webpack 4 and 5, Vite 5 and 6,
// esbuild, also on Node 16, Rollup, Parcel): helpers.mjs install() copies it to <project>/src/main.js, so the
// scenario is written once. It imports the package by name, renders what it saw as JSON into
// <pre id="out" data-state>, and checkAppRun (helpers.mjs) compares that with the server.
// ES2018 only, as webpack 4's parser (acorn 6) takes it without Babel: no `??`, no `?.`, no
// numeric separators. The Vite 7 and 8 projects (../vite-app) are the TypeScript version of it.
import { createClient, getTickets, isItsmError, validateParams } from "bk-itsm-tickets";

const out = document.getElementById("out");

function describe(e) {
  return {
    name: e.name,
    kind: e.kind,
    instanceOfError: e instanceof Error,
    field: e.kind === "validation" ? e.field : null,
    code: e.kind === "api" ? e.code : null,
    status: e.status === undefined ? null : e.status,
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
  const second = await createClient({ timeoutMs: 10000 }).getTickets({ page: 2, page_size: 7 });
  return {
    page: {
      page: page.page,
      total_page: page.total_page,
      count: page.count,
      sns: page.items.map((t) => t.sn),
      request_id: page.request_id === undefined ? null : page.request_id,
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
