// The in-page test API of tests/browser/: `test(name, fn, options)`, `note(text)` and `assert`.
// A test module imports these and registers its tests when the page imports it; the harness
// (harness.js) runs them one at a time when the Node runner (run.mjs) asks.
//
//   import { test, assert } from "./lib/test.js";
//   test("a page has five tickets", async () => {
//     assert.equal((await client.getTickets({ page_size: 5 })).items.length, 5);
//   });
//
// Options: `fresh: true` runs the test alone in a page of its own (for tests that patch globals
// such as fetch, or measure memory), `timeout` (ms, default 60 000) fails it by name when it
// has not settled by then, `todo` (a text) marks a test of the correct behaviour that fails
// because of a known package bug: run.mjs reports it as a node:test TODO (a failure does not fail
// the run; a pass says the bug seems fixed). Write it with `KNOWN_BUG(id, repro)`.

export const DEFAULT_TIMEOUT = 60_000;

const registry = [];
let loading = null; // the test file whose module is being imported
let current = null; // the running test's record: its notes

/** Registers a test of the file being loaded. */
export function test(name, fn, options = {}) {
  if (typeof name !== "string" || name === "") throw new TypeError("test(name, fn): the name must be a non-empty string");
  if (typeof fn !== "function") throw new TypeError(`test(${JSON.stringify(name)}, fn): fn must be a function`);
  if (loading === null) throw new Error(`test(${JSON.stringify(name)}) called outside a test module's first evaluation`);
  if (registry.some((t) => t.file === loading && t.name === name)) {
    throw new Error(`two tests named ${JSON.stringify(name)} in ${loading}`);
  }
  const { fresh = false, timeout = DEFAULT_TIMEOUT, todo = null, ...unknown } = options;
  const extra = Object.keys(unknown);
  if (extra.length) throw new TypeError(`test(${JSON.stringify(name)}): unknown option ${extra.join(", ")}`);
  if (todo !== null && (typeof todo !== "string" || todo === "")) throw new TypeError(`test(${JSON.stringify(name)}): todo must be a non-empty text`);
  registry.push({ file: loading, name, fn, fresh: Boolean(fresh), timeout, todo });
}

/**
 * The options of a test of the correct behaviour that fails because of a package bug, kept
 * until the bug is fixed: `test(name, fn, KNOWN_BUG("id", "minimal repro"))`. The runner
 * reports it as a TODO with the id and the repro; `more` adds other options (`{ fresh: true }`).
 */
export function KNOWN_BUG(id, repro, more = {}) {
  if (typeof id !== "string" || !/^[a-z0-9-]+$/.test(id)) throw new TypeError(`KNOWN_BUG(${JSON.stringify(id)}): the id is lower-case words joined by -`);
  if (typeof repro !== "string" || repro.trim() === "") throw new TypeError(`KNOWN_BUG(${id}): give the minimal repro`);
  return { ...more, todo: `KNOWN_BUG(${id}): ${repro}` };
}

/** A line of output for the running test, shown as a diagnostic under its name in Node. */
export function note(text) {
  if (current) current.notes.push(String(text));
}

// ------------------------------------------------------------------------------------------
// For harness.js only.

export const _registry = () => registry;
export const _loading = (file) => {
  loading = file;
};
export const _current = (record) => {
  current = record;
};

// ------------------------------------------------------------------------------------------
// assert

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

function fail(message, detail) {
  throw new AssertionError(message ? `${message}\n${detail}` : detail);
}

/** A short, unambiguous rendering of any value for failure messages. */
export function inspect(value, depth = 0, seen = new Set()) {
  const limit = (s, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);
  switch (typeof value) {
    case "string":
      return limit(JSON.stringify(value));
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return `[function ${value.name || "anonymous"}]`;
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    default:
  }
  if (value === null) return "null";
  try {
    if (value instanceof Error) return limit(`[${value.name}: ${value.message}]`);
    if (seen.has(value)) return "[cycle]";
    if (depth > 3) return Array.isArray(value) ? "[…]" : "{…}";
    seen.add(value);
    let out;
    if (Array.isArray(value)) {
      const shown = value.slice(0, 20).map((v) => inspect(v, depth + 1, seen));
      if (value.length > 20) shown.push(`… ${value.length - 20} more`);
      out = `[${shown.join(", ")}]`;
    } else {
      const keys = Object.keys(value);
      const shown = keys.slice(0, 20).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${inspect(value[k], depth + 1, seen)}`);
      if (keys.length > 20) shown.push(`… ${keys.length - 20} more`);
      const proto = Object.getPrototypeOf(value);
      const name = proto === null ? "[null prototype] " : proto === Object.prototype ? "" : `${proto.constructor?.name ?? "?"} `;
      out = `${name}{${shown.join(", ")}}`;
    }
    seen.delete(value);
    return limit(out, 600);
  } catch (e) {
    return `[uninspectable: ${e?.message ?? e}]`;
  }
}

/** Where `actual` first differs from `expected` ("" when they are deeply equal, strictly). */
function difference(actual, expected, path, seen) {
  if (Object.is(actual, expected)) return "";
  const here = path || "the value";
  if (typeof actual !== "object" || typeof expected !== "object" || actual === null || expected === null) {
    return `${here}: expected ${inspect(expected)}, got ${inspect(actual)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) {
    return `${here}: expected ${Array.isArray(expected) ? "an array" : "an object"}, got ${inspect(actual)}`;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) {
    return `${here}: prototypes differ (expected ${inspect(expected)}, got ${inspect(actual)})`;
  }
  if (seen.has(actual)) return "";
  seen.add(actual);
  if (Array.isArray(actual) && actual.length !== expected.length) {
    const at = Array.from({ length: Math.min(actual.length, expected.length) }, (_, i) => i).find(
      (i) => difference(actual[i], expected[i], "", seen) !== "",
    );
    const first = at === undefined ? "" : `; first difference ${difference(actual[at], expected[at], `${path}[${at}]`, seen)}`;
    return `${here}: expected ${expected.length} elements, got ${actual.length}${first}`;
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const k of keys) {
    const sub = Array.isArray(actual) ? `${path}[${k}]` : `${path}${/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`}`;
    if (!(k in expected)) return `${sub}: not expected, got ${inspect(actual[k])}`;
    if (!(k in actual)) return `${sub}: missing, expected ${inspect(expected[k])}`;
    const d = difference(actual[k], expected[k], sub, seen);
    if (d) return d;
  }
  return "";
}

/** Checks `error` against `check`: a predicate, a RegExp for its message, or expected properties. */
function checkError(error, check, message) {
  if (check === undefined) return;
  if (typeof check === "function") {
    if (check(error) === false) fail(message, `the error does not pass the check: ${inspect(error)}`);
  } else if (check instanceof RegExp) {
    if (!check.test(String(error?.message))) fail(message, `the error's message does not match ${check}: ${inspect(error?.message)}`);
  } else {
    for (const [k, v] of Object.entries(check)) {
      const d = difference(error?.[k], v, `error.${k}`, new Set());
      if (d) fail(message, `${d}\n(the error: ${inspect(error)})`);
    }
  }
}

export const assert = {
  ok(value, message) {
    if (!value) fail(message, `expected a truthy value, got ${inspect(value)}`);
  },
  /** Object.is equality. */
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) fail(message, `expected ${inspect(expected)}\n     got ${inspect(actual)}`);
  },
  notEqual(actual, unexpected, message) {
    if (Object.is(actual, unexpected)) fail(message, `expected anything but ${inspect(unexpected)}`);
  },
  /** Strict structural equality: same prototypes, same own enumerable keys, Object.is leaves. */
  deepEqual(actual, expected, message) {
    const d = difference(actual, expected, "", new Set());
    if (d) fail(message, `${d}\nexpected ${inspect(expected)}\n     got ${inspect(actual)}`);
  },
  match(string, regexp, message) {
    if (typeof string !== "string" || !regexp.test(string)) fail(message, `expected a string matching ${regexp}, got ${inspect(string)}`);
  },
  doesNotMatch(string, regexp, message) {
    if (typeof string !== "string" || regexp.test(string)) fail(message, `expected a string not matching ${regexp}, got ${inspect(string)}`);
  },
  /** `haystack` (a string or an array) includes `needle`. */
  includes(haystack, needle, message) {
    if (!(typeof haystack === "string" || Array.isArray(haystack)) || !haystack.includes(needle)) {
      fail(message, `expected ${inspect(haystack)} to include ${inspect(needle)}`);
    }
  },
  notIncludes(haystack, needle, message) {
    if (!(typeof haystack === "string" || Array.isArray(haystack)) || haystack.includes(needle)) {
      fail(message, `expected ${inspect(haystack)} not to include ${inspect(needle)}`);
    }
  },
  /** Awaits `promise` (or `promise()`), which must reject; returns the reason. */
  async rejects(promise, check, message) {
    if (typeof check === "string") [check, message] = [undefined, check];
    let outcome;
    try {
      outcome = { value: await (typeof promise === "function" ? promise() : promise) };
    } catch (error) {
      checkError(error, check, message);
      return error;
    }
    return fail(message, `expected a rejection, got a value: ${inspect(outcome.value)}`);
  },
  /** Calls `fn`, which must throw; returns what it threw. */
  throws(fn, check, message) {
    if (typeof check === "string") [check, message] = [undefined, check];
    let value;
    try {
      value = fn();
    } catch (error) {
      checkError(error, check, message);
      return error;
    }
    return fail(message, `expected a throw, got ${inspect(value)}`);
  },
  fail(message) {
    fail(message, "failed");
  },
};
