"use client";
// A client component: after hydration it lists tickets from the ITSM address the build was given
// (NEXT_PUBLIC_ITSM_URL, another origin that allows this one by CORS; the portal's proxy there
// adds the app, the user's token is NEXT_PUBLIC_ITSM_TOKEN) and writes what it got as JSON into
// <pre id="out" data-state>.
import { useEffect, useState } from "react";
import { createClient, getTickets, isItsmError, validateParams } from "bk-itsm-tickets";

function describe(e) {
  return isItsmError(e)
    ? { name: e.name, kind: e.kind, field: e.field ?? null, attempts: e.attempts }
    : `not an ItsmError: ${String(e)}`;
}

async function run() {
  const client = createClient({ baseUrl: process.env.NEXT_PUBLIC_ITSM_URL, bk_token: process.env.NEXT_PUBLIC_ITSM_TOKEN });
  const page = await client.getTickets({ page: 2, page_size: 5 });
  return {
    page: page.page,
    sns: page.items.map((t) => t.sn),
    issues: validateParams({ pagesize: 5 }).map((i) => i.field),
    validation: await getTickets({ page_size: 0 }).then(() => "resolved", describe),
  };
}

export default function Tickets() {
  const [state, setState] = useState({ state: undefined, text: "" });
  useEffect(() => {
    run().then(
      (result) => setState({ state: "done", text: JSON.stringify(result) }),
      (e) => setState({ state: "failed", text: JSON.stringify({ error: String(e), detail: describe(e) }) }),
    );
  }, []);
  return (
    <pre id="out" data-state={state.state}>
      {state.text}
    </pre>
  );
}
