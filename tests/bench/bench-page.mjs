// The benchmark page: the package against the floor a front-end developer would write instead
// (fetch + response.json()), in the same page, against the same local server. tests/bench/run.mjs
// drives it through window.bench and collects the figures; nothing here asserts a timing.
//
// First, the browser suites' note-taker of WebAssembly instances (tests/browser/lib/, mounted at
// /browser-lib/): the package's API does not reach its module's memory, so the memory row finds
// it there. It must load before the package (module evaluation follows the import order).
import { wasmMemories } from "/browser-lib/wasm-memory.js";
// The default entry, as an app imports it: the module inlined, compiled on the first call.
import { createClient } from "/pkg/index.js";

const API = "/api/c/compapi/v2/itsm/get_tickets/";
// The 50,000-ticket data set, per request, through the server's test prefix.
const BASE = `${location.origin}/__/n=50000`;
// The login cookie /login set; the client reads it the same way and sends it in the body.
const TOKEN = document.cookie
  .split(";")
  .map((c) => c.trim())
  .find((c) => c.startsWith("bk_token="))
  ?.slice("bk_token=".length);

/**
 * The client as the page uses it: the login token given in the configuration. (A client that
 * holds no app secret leaves the login cookie to a same-origin proxy and copies no token into its
 * requests; the bench talks to the server's doors directly, as the floor does, so both send the
 * token in the body.)
 */
const clientFor = (baseUrl) => createClient({ baseUrl, bk_token: TOKEN });

/** The floor: ten lines of fetch, with the same body, headers and credentials mode. */
async function plainFetch(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
    credentials: "include",
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const json = await response.json();
  if (!json.result) throw new Error(json.message);
  return json.data;
}

/** The body the client writes for these parameters (credentials first, then the filters). */
const bodyFor = (params) => JSON.stringify({ bk_token: TOKEN, ...params });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs `contenders` (name → async fn) round-robin, rotating who goes first each round. */
async function interleave(contenders, rounds, warmup) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const t0 = performance.now();
      await contenders[name]();
      const t = performance.now() - t0;
      if (round >= warmup) times[name].push(t);
    }
  }
  return times;
}

async function fetchLoop(pageSize) {
  let page = 1;
  let totalPage = 1;
  let n = 0;
  do {
    const data = await plainFetch(BASE + API, bodyFor({ page, page_size: pageSize }));
    for (const ticket of data.items) n += ticket.id > 0 ? 1 : 0;
    totalPage = data.total_page;
    page++;
  } while (page <= totalPage);
  return n;
}

async function walk(client, pageSize, concurrency) {
  let n = 0;
  for await (const ticket of client.iterTickets({ page_size: pageSize }, { concurrency })) {
    n += ticket.id > 0 ? 1 : 0;
  }
  return n;
}

const expect = (what, got, want) => {
  if (got !== want) throw new Error(`${what}: got ${got}, expected ${want}`);
};

window.bench = {
  info() {
    // The smallest step performance.now() takes here (5 µs when cross-origin isolated).
    let step = Infinity;
    for (let i = 0; i < 200; i++) {
      const a = performance.now();
      let b = performance.now();
      while (b === a) b = performance.now();
      step = Math.min(step, b - a);
    }
    return { crossOriginIsolated: self.crossOriginIsolated, timerStepMs: step, token: Boolean(TOKEN) };
  },

  /** One call of each contender through `/__/tag=…`, for run.mjs to compare what was sent. */
  async fairness(tag) {
    const base = `${location.origin}/__/tag=${tag},n=50000`;
    await clientFor(base).getTickets({ page_size: 10, page: 2 });
    await plainFetch(base + API, bodyFor({ page: 2, page_size: 10 }));
  },

  /** getTickets vs fetch + json, one page of `pageSize`, call by call. */
  async pairs(pageSize, rounds, warmup) {
    const client = clientFor(BASE);
    const params = { page_size: pageSize };
    const body = bodyFor(params);
    const times = await interleave(
      {
        fetch: async () => expect("fetch items", (await plainFetch(BASE + API, body)).items.length, pageSize),
        client: async () => expect("client items", (await client.getTickets(params)).items.length, pageSize),
      },
      rounds,
      warmup,
    );
    return { ...times, ratio: median(times.client.map((c, i) => c / times.fetch[i])) };
  },

  /**
   * getTicketInfo vs a plain GET of the same URL (the login token and the sn in the query
   * string, as the client sends them through ESB) + json, call by call.
   */
  async infoPairs(rounds, warmup) {
    const client = clientFor(BASE);
    const { sn } = (await plainFetch(BASE + API, bodyFor({ page_size: 1 }))).items[0];
    const url = `${BASE}/api/c/compapi/v2/itsm/get_ticket_info/?bk_token=${encodeURIComponent(TOKEN)}&sn=${sn}`;
    const plainGet = async () => {
      const response = await fetch(url, { credentials: "include" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const json = await response.json();
      if (!json.result) throw new Error(json.message);
      return json.data;
    };
    const times = await interleave(
      {
        fetch: async () => expect("fetch sn", (await plainGet()).sn, sn),
        client: async () => expect("client sn", (await client.getTicketInfo({ sn })).sn, sn),
      },
      rounds,
      warmup,
    );
    return { ...times, ratio: median(times.client.map((c, i) => c / times.fetch[i])) };
  },

  /** Every ticket of the data set: a sequential fetch loop vs iterTickets at 1 and 4. */
  async iterate(pageSize, rounds, warmup, total) {
    const client = clientFor(BASE);
    return interleave(
      {
        fetch: async () => expect("fetch loop", await fetchLoop(pageSize), total),
        c1: async () => expect("iterTickets c1", await walk(client, pageSize, 1), total),
        c4: async () => expect("iterTickets c4", await walk(client, pageSize, 4), total),
      },
      rounds,
      warmup,
    );
  },

  /**
   * Linear memory and JS heap (after full GCs) before any call, after 1 and after `calls`
   * calls. Before the first call there is no instance: the module is compiled on first use.
   */
  async memory(pageSize, calls) {
    const read = async () => {
      await new Promise((r) => setTimeout(r, 0));
      for (let i = 0; i < 3; i++) window.gc();
      const memories = wasmMemories();
      if (memories.length > 1) throw new Error(`the page has ${memories.length} WebAssembly memories, expected the package's one`);
      return { wasm: memories[0]?.buffer.byteLength ?? null, heap: performance.memory.usedJSHeapSize };
    };
    const params = { page_size: pageSize };
    const start = await read();
    const client = clientFor(BASE);
    await client.getTickets(params);
    const one = await read();
    if (one.wasm === null) throw new Error("no WebAssembly memory after the first call");
    const t0 = performance.now();
    for (let i = 1; i < calls; i++) await client.getTickets(params);
    const seconds = (performance.now() - t0) / 1000;
    const many = await read();
    return { start, one, many, seconds };
  },
};
window.benchReady = true;
