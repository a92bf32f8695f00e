// The page side of tests/browser/: index.html loads this module, which records every
// uncaught error of the page, imports the test modules named in the page's address
// (`?files=a.test.js,b.test.js`), and answers the Node runner (run.mjs), which calls
// `window.__harness` through WebDriver:
//
//   list()     the registered tests ({ name, fresh, timeout, todo } in order) and the load errors
//   run(i)     runs test i alone: { ok, error, stack, timedOut, ms, notes }
//   leftovers() the page errors recorded since the last test ended
//
// A test fails when it throws, when it has not settled after its timeout, or when the page
// reported an uncaught error, an unhandled rejection or a console.error while it ran.
import "./wasm-memory.js"; // first: it must see the package's WebAssembly instance being made
import { _current, _loading, _registry, inspect } from "./test.js";

const errors = [];

function describe(e) {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return inspect(e);
}

addEventListener("error", (event) => {
  errors.push(`uncaught ${event.error !== undefined ? describe(event.error) : event.message} (${event.filename}:${event.lineno})`);
});
addEventListener("unhandledrejection", (event) => {
  errors.push(`unhandled rejection: ${describe(event.reason)}`);
});
const consoleError = console.error;
console.error = function (...args) {
  errors.push(`console.error: ${args.map((a) => (typeof a === "string" ? a : describe(a))).join(" ")}`);
  return consoleError.apply(this, args);
};

class Timeout extends Error {}

const params = new URLSearchParams(location.search);
const files = (params.get("files") ?? "").split(",").filter(Boolean);
const loadErrors = [];

const ready = (async () => {
  for (const file of files) {
    _loading(file);
    try {
      await import(`/${file}`);
    } catch (e) {
      loadErrors.push(`${file}: ${describe(e)}${e?.stack ? `\n${e.stack}` : ""}`);
    }
  }
  _loading(null);
})();

const settleTasks = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run(index) {
  const t = _registry()[index];
  if (!t) return { ok: false, error: `no test number ${index} in this page` };
  errors.length = 0;
  const record = { notes: [] };
  _current(record);
  const start = performance.now();
  let timer;
  let outcome;
  try {
    await Promise.race([
      (async () => t.fn())(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Timeout(`timed out after ${t.timeout} ms`)), t.timeout);
      }),
    ]);
    outcome = { ok: true };
  } catch (e) {
    outcome = {
      ok: false,
      timedOut: e instanceof Timeout,
      error: e instanceof Timeout ? e.message : describe(e),
      stack: e instanceof Error && !(e instanceof Timeout) ? String(e.stack ?? "") : "",
    };
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - start;
  // Rejections the test left unhandled are reported at the end of a task: let them come.
  await settleTasks();
  await settleTasks();
  _current(null);
  const pageErrors = errors.splice(0);
  if (pageErrors.length) {
    const list = `the page reported ${pageErrors.length === 1 ? "an error" : `${pageErrors.length} errors`} during the test:\n  ${pageErrors.join("\n  ")}`;
    outcome = outcome.ok ? { ok: false, error: list, stack: "" } : { ...outcome, error: `${outcome.error}\n${list}` };
  }
  return { ...outcome, ms, notes: record.notes };
}

window.__harness = {
  async list() {
    await ready;
    return {
      tests: _registry().map(({ file, name, fresh, timeout, todo }) => ({ file, name, fresh, timeout, todo })),
      loadErrors,
      pageErrors: errors.splice(0),
      userAgent: navigator.userAgent,
    };
  },
  run,
  async leftovers() {
    await settleTasks();
    return errors.splice(0);
  },
};
