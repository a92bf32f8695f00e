// The filter form: form text → GetTicketsParams, and the package's own validation shown next
// to each field as the user types: each issue's `userMessage`, a short sentence in the client's
// locale that names no field (the label above it does). The page has no validation rules of its
// own: whatever `client.validate("getTickets", params)` says is what getTickets would refuse.

import { FILTER_KEYS } from "./route.js";
import { locale } from "./i18n.js";
import { STATUS_LIST } from "./statuses.js";
import { TYPING_PAUSE_MS } from "./dom.js";

/** The status filter: a group of checkboxes (chips), not one input. */
const STATUS_KEY = "current_status__in";

/** Fields of the form, under the API's parameter names. */
const FIELDS = [...FILTER_KEYS, "page_size"];

/** "A, B  C" → ["A", "B", "C"]; commas (also full-width), semicolons and spaces separate. */
export function splitList(text) {
  return text.split(/[\s,，;；]+/).filter(Boolean);
}

/**
 * GetTicketsParams from the form's text, every field as it stands (trimmed): an empty field is
 * passed as it is, `""` (or `[]` for the ticket numbers and the statuses, where none ticked
 * means "any status"), and the package takes a blank value as not given. (`page_size` may be a
 * string of digits: the package accepts it and sends a number.)
 */
export function paramsFromFilters(filters) {
  const text = (key) => (filters[key] ?? "").trim();
  return {
    sns: splitList(text("sns")),
    creator: text("creator"),
    username: text("username"),
    current_status__in: text(STATUS_KEY).split(",").filter(Boolean),
    create_at__gte: text("create_at__gte"),
    create_at__lte: text("create_at__lte"),
    tag: text("tag"),
    project_key: text("project_key"),
  };
}

/**
 * Wires the filter form.
 * @param {HTMLFormElement} form
 * @param {{ validate(params: object): import("/pkg/index.js").ValidationIssue[],
 *           onSearch(filters: Record<string,string>, pageSize: number | null): void, onReset(): void }} handlers
 *   validate: the current client's `validate("getTickets", params)` (its locale words the messages);
 *   onSearch gets the filter text and the page size (null when the field was left empty)
 */
export function createFilterForm(form, { validate, onSearch, onReset }) {
  const input = (name) => form.elements.namedItem(name);
  const panel = form.closest("details");
  const statusGroup = form.querySelector(`[data-param="${STATUS_KEY}"]`);
  let timer = 0;

  // One chip per status, coloured like the table's badges. (Made here so the labels live in
  // statuses.js only.)
  const chips = statusGroup.querySelector(".chips");
  for (const [key, label, colour] of STATUS_LIST) {
    const chip = document.createElement("label");
    chip.className = `chip chip--${colour}`;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = STATUS_KEY;
    box.value = key;
    const text = document.createElement("span");
    text.textContent = label;
    chip.title = key;
    chip.append(box, text);
    chips.append(chip);
  }
  const statusBoxes = () => [...statusGroup.querySelectorAll("input[type=checkbox]")];

  /** A field's text; the statuses as "NEW,RUNNING". */
  const valueOf = (name) =>
    name === STATUS_KEY
      ? statusBoxes().filter((b) => b.checked).map((b) => b.value).join(",")
      : input(name).value;

  /** The element that carries a field's aria-invalid. */
  const control = (name) => (name === STATUS_KEY ? statusGroup : input(name));

  /** The form's text, field by field. */
  const read = () => Object.fromEntries(FIELDS.map((name) => [name, valueOf(name)]));

  /** The params the form stands for (page 1), and what the package says about them. */
  function check() {
    const values = read();
    // Left empty, the page size goes back to the page's default (the package takes "" as not
    // given); anything typed is checked as typed.
    const params = { ...paramsFromFilters(values), page_size: values.page_size.trim() };
    return { values, params, issues: validate(params) };
  }

  /** Shows the first issue of each field under it, in the package's words; returns the issues. */
  function showIssues(issues) {
    for (const name of FIELDS) {
      const field = form.querySelector(`[data-param="${name}"]`);
      const issue = issues.find((i) => i.field === name);
      const message = field.querySelector(".field__error");
      message.textContent = issue ? issue.userMessage : "";
      message.lang = locale();
      field.classList.toggle("field--invalid", Boolean(issue));
      control(name).setAttribute("aria-invalid", String(Boolean(issue)));
    }
    return issues;
  }

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => showIssues(check().issues), TYPING_PAUSE_MS);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const { values, params, issues } = check();
    if (showIssues(issues).length) {
      (issues[0].field === STATUS_KEY ? statusBoxes()[0] : input(issues[0].field))?.focus();
      return;
    }
    const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, values[k].trim()]));
    onSearch(filters, params.page_size === "" ? null : Number(params.page_size));
  });

  form.querySelector("#filters-reset").addEventListener("click", () => onReset());

  return {
    /** Puts a state's filters and page size into the form. */
    fill(filters, pageSize) {
      for (const key of FILTER_KEYS) {
        if (key === STATUS_KEY) {
          const ticked = new Set((filters[key] ?? "").split(","));
          for (const box of statusBoxes()) box.checked = ticked.has(box.value);
        } else {
          input(key).value = filters[key] ?? "";
        }
      }
      input("page_size").value = String(pageSize);
      showIssues(check().issues);
      const active = FILTER_KEYS.filter((k) => filters[k]).length;
      form.ownerDocument.getElementById("filters-active").textContent = active
        ? `${active} active`
        : "";
    },
    /** Checks the form now; true when the package has nothing to say. */
    validate() {
      const issues = showIssues(check().issues);
      if (issues.length && panel) panel.open = true;
      return issues.length === 0;
    },
    /** Shows the messages again, from the package as it is now (after a language switch). */
    recheck() {
      clearTimeout(timer);
      showIssues(check().issues);
    },
    /** A parameter's label in the form ("Created from"), or undefined. */
    label(name) {
      return form.querySelector(`[data-param="${name}"] .field__label`)?.textContent.trim();
    },
    /** The `username` filter only works through the gateway (the package refuses it through
     * ESB, which would drop it and list every ticket): say so beside it. */
    setDoor(door) {
      form.querySelector("#f-username-hint").textContent =
        door === "esb"
          ? "Gateway only: ESB drops this parameter, so the package refuses it there. Switch to the API gateway to use it."
          : "Running tickets waiting on this user.";
      form.querySelector('[data-param="username"]').classList.toggle("field--muted", door === "esb");
    },
  };
}
