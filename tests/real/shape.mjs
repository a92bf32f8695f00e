// Comparing two JSON answers by shape: member names, the types each member takes and whether it
// may be null, recursively (an array's items are merged into one shape), error codes and
// messages, paging members. Every difference is a sentence that names the member path, e.g.
// `get_ticket_status.data.current_steps[].fields[].source: missing in the local server`.
//
// Plain ES module, no Node imports: usable in a browser page too.

/** The JSON type of a value: null, boolean, number, string, array, object. */
const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * The form of a string member whose format matters: links with their numbers as N, times with
 * their digits as 9 ("9999-99-99 99:99:99"). Null for other members.
 */
export function formOf(name, value) {
  if (name === 'ticket_url' || name === 'iframe_ticket_url') return value.replace(/\d+/g, 'N');
  if (/(^|_)at$/.test(name)) return value.replace(/\d/g, '9');
  return null;
}

/**
 * A shape: {types: Set, seen: n, members: Map(name -> {shape, count}), objects: n,
 * items: shape|null, forms: Set (formOf of the strings, for the members it knows)}.
 */
export function shapeOf(value, into = emptyShape(), name = '') {
  const t = typeOf(value);
  into.types.add(t);
  into.seen += 1;
  if (t === 'string') {
    const form = formOf(name, value);
    if (form !== null) into.forms.add(form);
  }
  if (t === 'object') {
    into.objects += 1;
    for (const [k, v] of Object.entries(value)) {
      let m = into.members.get(k);
      if (!m) into.members.set(k, (m = { shape: emptyShape(), count: 0 }));
      m.count += 1;
      shapeOf(v, m.shape, k);
    }
  } else if (t === 'array') {
    for (const item of value) shapeOf(item, (into.items ??= emptyShape()), name);
  }
  return into;
}

function emptyShape() {
  return { types: new Set(), seen: 0, members: new Map(), objects: 0, items: null, forms: new Set() };
}

const typeList = (set) => [...set].sort().join('|');

/**
 * Differences between a shape seen from the real server and one from the local server.
 * `rules`: {any: [paths whose value is any JSON], nullable: [paths the source says may be null],
 * optional: [paths the source says may be absent], types: {path: [types the source allows]},
 * forms: [paths where the local server may write more formats than the recording shows]}.
 * Paths are written like `data.current_steps[].fields[].source` (no endpoint prefix).
 */
export function compareShapes(real, local, rules = {}, path = '') {
  const out = [];
  const at = path;
  const any = new Set(rules.any ?? []);
  const nullable = new Set(rules.nullable ?? []);
  const optional = new Set(rules.optional ?? []);
  const allowed = rules.types ?? {};
  if (any.has(path)) return out;
  // A member the source says may be null: one sample being all null (an open ticket's end_at)
  // says nothing about its other type.
  const [rt, lt] = [new Set(real.types), new Set(local.types)];
  if (nullable.has(path)) {
    rt.delete('null');
    lt.delete('null');
  }
  const sampled = !(nullable.has(path) && (rt.size === 0 || lt.size === 0));
  for (const t of sampled ? rt : []) {
    if (!lt.has(t) && !allowed[path]?.includes(t)) out.push(`${at}: the real server sends ${t}, the local server only ${typeList(local.types)}`);
  }
  for (const t of sampled ? lt : []) {
    if (rt.has(t) || allowed[path]?.includes(t)) continue;
    out.push(`${at}: the local server sends ${t}, the real server only ${typeList(real.types)}`);
  }
  // Formats (links, times): each side's forms must be the other's, unless the source allows more.
  if (real.forms.size && local.forms.size) {
    const loose = new Set(rules.forms ?? []).has(path);
    for (const f of real.forms) if (!local.forms.has(f)) out.push(`${at}: the real server writes ${JSON.stringify(f)}, the local server only ${[...local.forms].map((x) => JSON.stringify(x)).join(', ')}`);
    for (const f of loose ? [] : local.forms) if (!real.forms.has(f)) out.push(`${at}: the local server writes ${JSON.stringify(f)}, the real server only ${[...real.forms].map((x) => JSON.stringify(x)).join(', ')}`);
  }
  if (real.objects && local.objects) {
    for (const [name, m] of real.members) {
      const p = path ? `${path}.${name}` : name;
      const l = local.members.get(name);
      if (!l) {
        out.push(`${p}: missing in the local server`);
        continue;
      }
      if (m.count === real.objects && l.count < local.objects && !optional.has(p)) {
        out.push(`${p}: always sent by the real server, missing from ${local.objects - l.count} of ${local.objects} local objects`);
      }
      out.push(...compareShapes(m.shape, l.shape, rules, p));
    }
    for (const name of local.members.keys()) {
      const p = path ? `${path}.${name}` : name;
      if (!real.members.has(name)) out.push(`${p}: sent by the local server, not by the real one`);
    }
  }
  if (real.items && local.items) out.push(...compareShapes(real.items, local.items, rules, `${path}[]`));
  return out;
}

/** The paging members of a paged `data`, checked on each side and against each other. */
export function comparePaging(real, local, path = 'data') {
  const out = [];
  const keys = (d) => Object.keys(d).join(',');
  if (keys(real) !== keys(local)) out.push(`${path}: paging members ${keys(local)} in the local server, ${keys(real)} in the real one`);
  for (const [side, d] of [['real', real], ['local', local]]) {
    if (d.page === 1 && d.previous !== null) out.push(`${path}.previous: not null on page 1 (${side})`);
    if (d.page > 1 && d.previous === null) out.push(`${path}.previous: null on page ${d.page} (${side})`);
    if (d.page === d.total_page && d.next !== null) out.push(`${path}.next: not null on the last page (${side})`);
    if (d.page < d.total_page && d.next === null) out.push(`${path}.next: null before the last page (${side})`);
  }
  for (const k of ['next', 'previous']) {
    const [r, l] = [real[k], local[k]];
    if (typeof r !== 'string' || typeof l !== 'string') continue;
    const form = (u) => {
      const url = new URL(u);
      return `${url.origin}${url.pathname}?${[...url.searchParams.keys()].sort().join('&')}`;
    };
    if (form(r) !== form(l)) out.push(`${path}.${k}: links like ${form(l)} in the local server, ${form(r)} in the real one`);
  }
  return out;
}

/**
 * Everything that differs between the answer the real server gave (`real`: {status, answer})
 * and the local server's (`local`), for one call. `subst` maps real values to local ones in
 * messages (ticket numbers).
 */
export function compareAnswers(name, real, local, rules = {}, subst = []) {
  const out = [];
  if (real.status !== local.status) out.push(`: HTTP status ${local.status} in the local server, ${real.status} in the real one`);
  const [ra, la] = [real.answer, local.answer];
  if (ra === undefined || la === undefined) {
    if ((ra === undefined) !== (la === undefined)) out.push(`: the ${ra === undefined ? 'real' : 'local'} answer is not JSON`);
    return out.map((d) => `${name}${d}`);
  }
  const envelope = (a) => a && typeof a === 'object' && !Array.isArray(a) && 'result' in a;
  if (envelope(ra) && envelope(la)) {
    if (ra.result !== la.result) out.push(`: result ${la.result} in the local server, ${ra.result} in the real one`);
    if (ra.result === false || la.result === false) {
      if (ra.code !== la.code) out.push(`: code ${JSON.stringify(la.code)} in the local server, ${JSON.stringify(ra.code)} in the real one`);
      let expected = String(ra.message);
      for (const [from, to] of subst) expected = expected.split(from).join(to);
      if (expected !== la.message) out.push(`: message ${JSON.stringify(la.message)} in the local server, ${JSON.stringify(expected)} in the real one`);
    }
  } else if (envelope(ra) !== envelope(la)) {
    out.push(`: ${envelope(ra) ? 'an envelope' : `a bare ${typeOf(ra)}`} from the real server, ${envelope(la) ? 'an envelope' : `a bare ${typeOf(la)}`} from the local one`);
  }
  // Members of the envelope itself, then of `data` (request_id: ESB's, random on both).
  out.push(...compareShapes(shapeOf(ra), shapeOf(la), rules));
  const paged = (a) => envelope(a) && a.data && typeof a.data === 'object' && 'total_page' in a.data;
  if (paged(ra) && paged(la)) out.push(...comparePaging(ra.data, la.data));
  return out.map((d) => (d.startsWith(':') ? `${name}${d}` : `${name}.${d}`));
}
