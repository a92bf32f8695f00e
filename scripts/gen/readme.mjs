// The npm README's generated sections, from the crate's descriptions (`cargo run --bin
// describe`, the same JSON gen.mjs reads): the wire table (method, path on each door, where the
// parameters and the credentials go), the API reference of every endpoint, the result types,
// the configuration and option tables, the error's properties, the reasons with their
// messages, and the known server codes. Nothing here names an endpoint: a new description in
// src/api/ shows up in every section by itself.
//
// Each section sits in pkg-template/README.md or pkg-template/REFERENCE.md (the long tables: the
// README stays under npm's 64 KiB) between `<!-- generated:NAME -->` and
// `<!-- /generated:NAME -->`; the text around them is written by hand.
//
//   node scripts/gen/readme.mjs --write    rewrites the sections in both files
//   node scripts/gen/readme.mjs --check    exits 1, naming them, when a section is out of date
//
// tests/release/readme-generated.test.mjs runs the check in `make test`.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { functions } from "./gen.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The README, and the reference its long tables are in: the files the sections go into. */
export const README = join(root, "pkg-template", "README.md");
export const REFERENCE = join(root, "pkg-template", "REFERENCE.md");
export const DOCS = [README, REFERENCE];

/** The descriptions, as `cargo run --bin describe` prints them (gen.mjs's `describe`, with cargo's
 * warnings kept to the error it throws when the build fails). */
export function describe(dir = root) {
  const out = execFileSync("cargo", ["run", "--quiet", "--bin", "describe"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out);
}

/** The sections, in the order they appear in the README. */
export const SECTIONS = ["wire", "api", "types", "config", "errors", "reasons", "codes"];

// --- Markdown helpers.
/** A table cell: pipes escaped (also inside code spans, as GFM requires), no line breaks. */
const cell = (s) => String(s ?? "").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
const row = (cells) => `| ${cells.map(cell).join(" | ")} |`;
const table = (head, rows) => [row(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(row)].join("\n");
const code = (s) => (String(s).includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);
/** A message template as a table shows it: its `{0}` arguments as `…`. */
const template = (s) => s.replace(/\{\d\}/g, "…");
const distinct = (xs) => [...new Set(xs.filter((x) => x !== undefined && x !== ""))];
const upperFirst = (s) => s[0].toUpperCase() + s.slice(1);

// --- What the descriptions say about an endpoint, in the words the README uses.
const ESB_PREFIX = "/api/c/compapi/v2/itsm/";
const GATEWAY_PREFIX = "/api/bk-itsm/prod/v2/itsm/";
const byName = (d, name) => d.endpoints.find((e) => e.name === name);
/** The options type of a call (gen.mjs's rule: its own when the call is checked first). */
const optionsType = (e) => (e.before ? `${upperFirst(e.js)}Options` : "RequestOptions");
const paged = (e) => e.params.some((p) => p.key === "page") && e.params.some((p) => p.key === "page_size");
const identities = (e) => e.params.filter((p) => p.identity).map((p) => p.key);
/** The ItsmCode rows whose numbers an endpoint's documentation names. */
function codesIn(d, text) {
  const named = [...String(text).matchAll(/\b(\d{7})\b/g)].map((m) => Number(m[1]));
  return d.codes.filter((c) => named.includes(c.code));
}
const codeRef = (c) => `\`ItsmCode.${c.name}\` (${c.code})`;

function signature(e, form) {
  const opt = e.required ? "" : "?";
  const params = `params${opt}: ${e.paramsType}`;
  if (form === "call") return `${e.js}(${params}, options?: ${optionsType(e)}): Promise<${e.result}>`;
  if (form === "walk") return `${e.walk}(${params}, options?: IterateOptions): AsyncGenerator<${e.item}, void, undefined>`;
  return `${e.collect}(${params}, options?: IterateOptions): Promise<${e.item}[]>`;
}

// --- (a) The wire table.
export function wire(d) {
  const rows = d.endpoints.map((e) => {
    const fns = [e.js, e.walk, e.collect].filter(Boolean).map(code).join(", ");
    const esbPath = e.gatewayOnly
      ? "ESB: not served (refused before sending: reason `gateway_only`)"
      : `ESB: \`${e.method} ${ESB_PREFIX}${e.esbName}/\``;
    const paths = `${esbPath}<br>gateway: \`${e.method} ${GATEWAY_PREFIX}${e.apigwName}/\``;
    const params =
      e.method === "GET"
        ? "query string"
        : `JSON body${paged(e) ? "; through the gateway `page` and `page_size` also in the query string" : ""}`;
    const esbCreds = e.gatewayOnly
      ? ""
      : e.method === "GET"
        ? "ESB: **query string**: in the URL (see below)<br>"
        : "ESB: JSON body<br>";
    const creds = `${esbCreds}gateway: \`X-Bkapi-Authorization\` header`;
    const repeat = e.write ? "write: sent once, never retried (`sent` on its errors)" : "read: retried";
    const before = e.before
      ? `\`${byName(d, e.before.endpoint).js}({ ${e.before.key} })\`, unless the option \`${e.before.option.key}\` hands in its answer`
      : "—";
    return [fns, paths, params, creds, repeat, before];
  });
  return [
    table(["function", "method and path", "parameters", "credentials", "kind", "checked first against"], rows),
    "",
    `Gateway paths are shown with the default \`apigwName\` and \`stage\` (\`bk-itsm\`, \`prod\`): \`/api/{apigwName}/{stage}/v2/itsm/…\`. ` +
      `Every path is appended to \`baseUrl\`. The credentials are the four common parameters (\`${d.common.map((p) => p.key).join("`, `")}\`): ` +
      "each one given (by the call, the client, or for `bk_token` the page's login cookie) goes where its row says, and one given nowhere is not sent.",
    "",
    "**Credentials in a URL.** Through ESB, a `GET` carries the credentials in its query string: the user's `bk_token` " +
      "(also when the client took it from the login cookie), and on a server that holds it, `bk_app_secret`. A URL is written " +
      "into the access log of every proxy on the way and of ESB itself, and shown in browser tools. The API gateway takes " +
      "the credentials in the `X-Bkapi-Authorization` header instead, and a same-origin proxy adds the app's credentials itself " +
      "(see [Security](#security)): use either wherever you can. Errors, hooks and warnings never show a secret (`[REDACTED]`).",
  ].join("\n");
}

// --- (b) The API reference.
function errorsOf(d, e) {
  const out = [];
  out.push("`validation`, nothing sent: a parameter or option breaks a rule (`issues` lists each, with its `reason`)");
  if (e.gatewayOnly) out.push("`validation`, reason `gateway_only`, field `gateway`, on a client through ESB (and through the module-level function, whose client is ESB's)");
  const ids = identities(e);
  if (ids.length) out.push(`\`validation\`, reason \`not_the_user\`, when ${ids.map(code).join(" or ")} names another user than the client's \`user\` (or any user, on a client without one)`);
  if (e.before) {
    const first = byName(d, e.before.endpoint);
    const firstCodes = codesIn(d, first.doc);
    out.push(
      `the errors of \`${first.js}\` when it is called first${firstCodes.length ? ` (e.g. \`api\` ${firstCodes.map(codeRef).join(", ")})` : ""}, and \`validation\` issues against its answer`,
    );
  }
  const own = codesIn(d, e.doc);
  if (own.length) out.push(`\`api\` with ${own.map(codeRef).join(", ")}, as described above`);
  out.push("`api` with the door's codes (`ItsmCode.ESB_AUTHENTICATION` and the others of [the table](#itsmcode)); `http`, `network`, `timeout`, `aborted`, `decode`");
  if (e.write) out.push("never sent twice: `sent` is `false` when the server did not act, `\"maybe\"` when the request left and no answer came back (look before sending it again)");
  else out.push("`network`, `timeout` and HTTP 429, 502, 503, 504 are retried first (`retries`)");
  return out;
}

function reference(d, e) {
  const lines = [];
  const forms = [["call", e.js], ...(e.walk ? [["walk", e.walk], ["collect", e.collect]] : [])];
  lines.push(`### ${forms.map(([, name]) => `\`${name}(params${e.required ? "" : "?"}, options?)\``).join(", ")}`, "");
  lines.push("```ts", ...forms.map(([form]) => signature(e, form)), "```", "");
  const where = e.gatewayOnly ? "API gateway only (a client made with `gateway: \"apigw\"`)" : "either door";
  lines.push(
    `API \`${e.name}\`${e.apigwName !== e.esbName ? ` (\`${e.apigwName}\` behind the gateway)` : ""}, \`${e.method}\`, ${where}; ${e.write ? "a write: sent once, never retried" : "a read"}.`,
    "",
  );
  lines.push(e.doc, "");
  if (e.walk) {
    lines.push(
      `\`${e.walk}\` walks every page for \`for await\` (\`page_size\` 100 unless given) and \`${e.collect}\` collects the walk into one array: see [Paging](#paging).`,
      "",
    );
  }
  lines.push(`Parameters, \`${e.paramsType}\` (and the [common parameters](#common-parameters)):`, "");
  if (e.params.length) {
    lines.push(
      table(
        ["key", "type", "required", "meaning"],
        e.params.map((p) => [code(p.key), code(p.ts), p.required ? "yes" : "", `${p.doc}${p.identity ? " (An identity member: see [Identity](#identity-who-a-write-acts-as).)" : ""}`]),
      ),
      "",
    );
  }
  if (e.before) {
    const o = e.before.option;
    lines.push(`Options, \`${optionsType(e)}\`: those of \`RequestOptions\`, and \`${o.key}\` (\`${o.ts}\`): ${o.doc}`, "");
  }
  lines.push(`Resolves to ${resultLink(d, e.result)}.`, "");
  lines.push("Errors:", "", ...errorsOf(d, e).map((x) => `- ${x}.`), "");
  return lines.join("\n");
}

/** `TicketInfo` as a link to its table, `unknown[]` as it is. */
function resultLink(d, ts) {
  const known = new Set([...d.objects.map((o) => o.name), ...d.pages.map((p) => `${p}Page`)]);
  const bare = ts.replace(/\[\]$/, "");
  return known.has(bare) ? `[\`${ts}\`](#${bare.toLowerCase()})` : `\`${ts}\``;
}

export function api(d) {
  const out = [];
  out.push(
    table(
      ["function", "returns", "API", "kind"],
      functions(d).map(([name, e, form]) => [
        code(`${name}(params${e.required ? "" : "?"}, options?)`),
        code(form === "call" ? `Promise<${e.result}>` : form === "walk" ? `AsyncGenerator<${e.item}>` : `Promise<${e.item}[]>`),
        code(e.name) + (e.gatewayOnly ? " (gateway only)" : ""),
        e.write ? "write" : "read",
      ]),
    ),
    "",
  );
  for (const e of d.endpoints) out.push(reference(d, e));
  for (const p of d.polls) {
    out.push(`### \`${p.js}(${p.key}, options?)\``, "");
    out.push("```ts", `${p.js}(${p.key}: ${p.param ? p.param.ts : "string"}, options?: WaitOptions): Promise<${p.result}>`, "```", "");
    out.push(p.doc, "");
    out.push(`Options, \`WaitOptions\`: ${d.pollOptions.map((o) => `\`${o.key}\` (\`${o.ts}\`): ${o.doc}`).join(" ")}`, "");
    out.push(`Resolves to ${resultLink(d, p.result)}. Errors: those of \`${byName(d, p.endpoint).js}\` (each poll is one such call, with its retries), and \`timeout\` (reason \`timeout\`) when \`waitMs\` has passed.`, "");
  }
  return out.join("\n").trimEnd();
}

// --- The result types.
export function types(d) {
  const out = [];
  const results = new Set(d.endpoints.filter((e) => e.resultIsObject && !e.walk).map((e) => e.result));
  for (const name of d.pages) {
    out.push(`#### \`${name}Page\``, "");
    out.push(`One page of \`${name}\` items, as ITSM pages them.`, "");
    out.push(
      table(
        ["member", "type", "meaning"],
        [
          ["`page`", "`number`", "This page's number, from 1."],
          ["`total_page`", "`number`", "How many pages the filters give at this page size (1 when there are none)."],
          ["`count`", "`number`", "How many items match in all."],
          ["`next`", "`string | null`", "The server's link to the next page, `null` on the last. It points at the ITSM backend and carries neither `page_size` nor the filters: page with `page` instead."],
          ["`previous`", "`string | null`", "The server's link to the previous page, `null` on the first (same caveat as `next`)."],
          ["`items`", `\`${name}[]\``, "The items, newest first."],
          ["`request_id`", "`string` (optional)", "ESB's `request_id`, or the gateway's `X-Bkapi-Request-ID` header, when the answer had one: quote it when you report a problem to the ITSM admins."],
        ],
      ),
      "",
    );
  }
  for (const o of d.objects) {
    out.push(`#### \`${o.name}\``, "");
    out.push(`${o.doc}${o.base ? ` It has every member of [\`${o.base}\`](#${o.base.toLowerCase()}), and:` : ""}`, "");
    const rows = o.members.map((m) => [code(m.key), `${code(`${m.ts}${m.null ? " | null" : ""}`)}${m.optional ? " (optional)" : ""}`, m.doc]);
    if (results.has(o.name)) rows.push(["`request_id`", "`string` (optional)", "ESB's `request_id`, or the gateway's `X-Bkapi-Request-ID` header, when the answer had one."]);
    out.push(table(["member", "type", "meaning"], rows), "");
  }
  out.push(`\`TicketStatusKey\`, the type of every \`current_status\`: ${d.statuses.map(code).join(", ")}, or an admin-defined 32-hex status key.`);
  return out.join("\n");
}

// --- Configuration and options.
export function config(d) {
  const t = (rows) => table(["key", "type", "meaning"], rows.map((p) => [code(p.key), code(p.ts), p.doc]));
  const out = [];
  out.push("#### `ClientConfig`", "", "The argument of `createClient`; every key is optional.", "", t([...d.config, ...d.configCommon]), "");
  out.push("#### `RequestOptions`", "", "The second argument of every call.", "", t(d.options), "");
  out.push("#### `IterateOptions`", "", "The second argument of a walk (`iterTickets`, `getAllTickets`, …): those of `RequestOptions`, for each page, and:", "", t(d.walkOptions), "");
  for (const e of d.endpoints.filter((x) => x.before)) {
    out.push(`#### \`${optionsType(e)}\``, "", `The second argument of \`${e.js}\`: those of \`RequestOptions\`, and:`, "", t([e.before.option]), "");
  }
  out.push("#### `WaitOptions`", "", `The second argument of ${d.polls.map((p) => `\`${p.js}\``).join(", ")}.`, "", t(d.pollOptions), "");
  out.push("#### Common parameters", "", "Every endpoint's parameters also take these; a value given here overrides the client's for that call.", "", t(d.common));
  return out.join("\n");
}

// --- Errors.
const GROUPS = { base: "every error", validation: "kind `validation`", api: "kind `api`" };
export function errors(d) {
  const rows = [
    ["`name`", '`"ItsmError"`', "every error", "So `String(e)` and stacks read as usual; `e instanceof Error` is true."],
    ["`kind`", "`ItsmErrorKind`", "every error", "What went wrong: `validation`, `api`, `http`, `network`, `timeout`, `aborted` or `decode`."],
    ["`message`", "`string`", "every error", "The developer's sentence (English), free of secrets; for kind `api`, the server's message."],
    ...d.errorProperties.map((p) => [code(p.name), code(p.ts), `${GROUPS[p.group] ?? p.group}${p.optional ? ", when it applies" : ""}`, p.doc]),
  ];
  return table(["property", "type", "on", "meaning"], rows);
}

// The kind of error a reason comes with, for the reasons that are not about input (those are
// `validation`); a reason not listed here is shown as `validation`.
const KIND_OF_REASON = {
  api: "api",
  http_status: "http",
  redirect: "http",
  network: "network",
  timeout: "timeout",
  aborted: "aborted",
  not_envelope: "decode",
  bad_shape: "decode",
  wrong_page: "decode",
  repeated_page: "decode",
};
export function reasons(d) {
  const rows = d.reasons.map((r) => {
    const messages = d.messages.filter((m) => m.reason === r);
    const codes = d.codes.filter((c) => c.reason === r);
    const kind = codes.length ? "api" : KIND_OF_REASON[r] ?? "validation";
    const en = distinct([...messages.map((m) => template(m.en)), ...codes.map((c) => c.en)]).join(" / ");
    const zh = distinct([...messages.map((m) => template(m.zh)), ...codes.map((c) => c.zh)]).join(" / ");
    // A template that is nothing but its arguments says nothing here.
    const said = (t) => (/^[…\s]*$/.test(t) ? (kind === "api" ? "the server's own message" : "a sentence that names the value and what is wrong with it") : t);
    const why = codes.length
      ? `A known server code: ${codes.map((c) => `\`ItsmCode.${c.name}\``).join(", ")}.`
      : distinct(messages.map((m) => said(template(m.dev)))).join("; ");
    return [code(r), code(kind), en, zh, why];
  });
  return table(["reason", "kind", "`userMessage` (`en`)", "`userMessage` (`zh-CN`)", "what happened (the developer's `message`, `…` for the values)"], rows);
}

// --- Known server codes.
const from = (c) => (typeof c.code === "string" || String(c.code).startsWith("39") ? "ITSM" : String(c.code).startsWith("1306") ? "ESB" : "API gateway");
export function codes(d) {
  return table(
    ["`ItsmCode.`", "`e.code`", "from", "`reason`", "`userMessage` (`en` / `zh-CN`)", "meaning"],
    d.codes.map((c) => [code(c.name), code(JSON.stringify(c.code)), from(c), code(c.reason), `${c.en} / ${c.zh}`, c.meaning]),
  );
}

/** Every section's text, by name. */
export function sections(d) {
  return { wire: wire(d), api: api(d), types: types(d), config: config(d), errors: errors(d), reasons: reasons(d), codes: codes(d) };
}

const begin = (name) => `<!-- generated:${name} -->`;
const end = (name) => `<!-- /generated:${name} -->`;

/** The text between a section's markers (without the blank lines around it), or throws. */
export function current(text, name) {
  const a = text.indexOf(begin(name));
  const b = text.indexOf(end(name));
  if (a < 0 || b < a) throw new Error(`the README has no ${begin(name)} … ${end(name)} pair`);
  return text.slice(a + begin(name).length, b).trim();
}

/** The sections whose markers are in `text`. */
const within = (text) => SECTIONS.filter((name) => text.includes(begin(name)));

/** `text` with every section in it replaced by `generated`'s. */
export function apply(text, generated) {
  let out = text;
  for (const name of within(text)) {
    current(out, name);
    const a = out.indexOf(begin(name)) + begin(name).length;
    const b = out.indexOf(end(name));
    out = `${out.slice(0, a)}\n${generated[name]}\n${out.slice(b)}`;
  }
  return out;
}

/** The names of the sections whose text in `text` is not `generated`'s (every section must be
 * in `text`: give it both files joined). */
export function stale(text, generated) {
  return SECTIONS.filter((name) => current(text, name) !== generated[name].trim());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mode = process.argv[2] ?? "--check";
  const generated = sections(describe(root));
  const texts = DOCS.map((file) => readFileSync(file, "utf8"));
  if (mode === "--write") {
    DOCS.forEach((file, i) => {
      const next = apply(texts[i], generated);
      if (next !== texts[i]) writeFileSync(file, next);
      console.log(`${file.slice(root.length + 1)}: ${next === texts[i] ? "up to date" : "generated sections rewritten"}`);
    });
  } else if (mode === "--check") {
    const bad = stale(texts.join("\n"), generated);
    if (bad.length) {
      console.error(`pkg-template/README.md, REFERENCE.md: out of date: ${bad.join(", ")} (run node scripts/gen/readme.mjs --write)`);
      process.exit(1);
    }
    console.log("pkg-template/README.md, REFERENCE.md: up to date");
  } else {
    console.error("usage: node scripts/gen/readme.mjs [--write | --check]");
    process.exit(2);
  }
}
