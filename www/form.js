// A service's form (`getServiceDetail`'s `fields`) as inputs, and the package's word on them.
//
// The page has no rules of its own: what `client.validateTicketFields(service, values)` says is
// what `createTicket` would refuse, and each issue's `userMessage` (in the client's locale) goes
// under its field. Field names, help texts and choices are the server's, shown as text.
//
// Editable here: STRING, TEXT, INT, DATE, DATETIME, SELECT, MULTISELECT, CHECKBOX, RADIO, MEMBER,
// MEMBERS (and INPUTSELECT, a text box with its choices offered). Every other type (tables, files,
// rich text, trees, ...) and a choice field whose choices only the server resolves (a data
// dictionary, an API, an RPC source: `choice` is []) is shown read-only, with a link to ITSM.
//
// A field with `show_type: 0` is hidden while its `show_conditions` hold, live as the others
// change; a hidden field is not sent (the package sends a hidden required field as "" itself).

import { locale, t } from "./i18n.js";
import { splitList } from "./filters.js";
import { itsmHomeHref } from "./api.js";
import { el } from "./dom.js";

/** The types the page can fill in. */
export const EDITABLE_TYPES = new Set([
  "STRING", "TEXT", "INT", "DATE", "DATETIME", "SELECT", "MULTISELECT", "CHECKBOX", "RADIO", "MEMBER", "MEMBERS", "INPUTSELECT",
]);
/** The types whose value is one of `choice` (or several): without choices the page cannot fill them. */
const CHOICE_TYPES = new Set(["SELECT", "MULTISELECT", "CHECKBOX", "RADIO"]);

/** Can the page fill field `f`, and if not, why ("type" or "choices"). */
export function editability(f) {
  if (!EDITABLE_TYPES.has(f.type)) return { editable: false, why: "type" };
  if (CHOICE_TYPES.has(f.type) && !(f.choice ?? []).length) return { editable: false, why: "choices" };
  return { editable: true };
}

/** A value compared in a show condition: arrays as their comma-joined keys. */
const asText = (v) => (Array.isArray(v) ? v.join(",") : v === null || v === undefined ? "" : String(v));

/**
 * Whether `conditions` ({ type: "and" | "or", expressions: [{ key, condition, value }] }) hold for
 * `values` (the form's values by key). `==`, `!=` compare text; `>`, `<`, `>=`, `<=` numbers.
 */
export function conditionsHold(conditions, values) {
  const expressions = conditions?.expressions ?? [];
  if (!expressions.length) return false;
  const holds = (e) => {
    const left = asText(values[e.key]);
    const right = asText(e.value);
    const [a, b] = [Number(left), Number(right)];
    const numbers = left.trim() !== "" && right.trim() !== "" && Number.isFinite(a) && Number.isFinite(b);
    switch (e.condition) {
      case "==": return left === right;
      case "!=": return left !== right;
      case ">": return numbers && a > b;
      case "<": return numbers && a < b;
      case ">=": return numbers && a >= b;
      case "<=": return numbers && a <= b;
      default: return false;
    }
  };
  return conditions.type === "or" ? expressions.some(holds) : expressions.every(holds);
}

/** `YYYY-MM-DD hh:mm:ss` (ITSM) ↔ `YYYY-MM-DDThh:mm:ss` (a datetime-local input). */
const toLocalInput = (text) => (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text) ? text.replace(" ", "T") : "");
function fromLocalInput(value) {
  if (!value) return "";
  const [date, time = ""] = value.split("T");
  const hms = time.length === 5 ? `${time}:00` : time.slice(0, 8);
  return `${date} ${hms}`;
}

/**
 * Renders `service`'s form into `container` (emptied first).
 * @param {HTMLElement} container
 * @param {import("/pkg/index.js").ServiceDetail} service
 * @param {{ onChange(): void }} handlers  called on every input and change
 */
export function createServiceForm(container, service, { onChange }) {
  const controls = [];
  const touched = new Set();
  let showAll = false;
  let lastIssues = [];

  for (const [index, f] of service.fields.entries()) controls.push(renderField(f, index));
  const grid = el("div", "cform__grid");
  grid.append(...controls.map((c) => c.wrap));
  container.replaceChildren(grid);
  syncVisibility();

  grid.addEventListener("input", changed);
  grid.addEventListener("change", changed);
  function changed(event) {
    const wrap = event.target.closest?.("[data-key]");
    if (wrap) touched.add(wrap.dataset.key);
    syncVisibility();
    onChange();
  }

  /** One field: its wrapper, and how to read and focus it. */
  function renderField(f, index) {
    const id = `cf-${index}`;
    const { editable, why } = editability(f);
    const group = editable && ["RADIO", "CHECKBOX", "MULTISELECT"].includes(f.type);
    const wrap = el("div", `field cfield${f.layout === "COL_12" || f.type === "TEXT" ? " cfield--wide" : ""}`);
    wrap.dataset.key = f.key;
    wrap.dataset.type = f.type;
    wrap.dataset.editable = String(editable);
    const required = f.validate_type === "REQUIRE";

    const label = el(group || !editable ? "span" : "label", "field__label", f.name);
    label.id = `${id}-label`;
    if (!group && editable) label.htmlFor = id;
    const mark = el("span", "cfield__req", "*");
    mark.setAttribute("aria-hidden", "true");
    if (required) label.append(" ", mark);
    wrap.append(label);

    const hint = el("span", "field__hint", f.desc ?? "");
    hint.id = `${id}-hint`;
    const error = el("span", "field__error");
    error.id = `${id}-error`;
    error.setAttribute("aria-live", "polite");
    const describedBy = `${id}-hint ${id}-error`;

    let read = () => undefined;
    let focus = () => wrap.querySelector("input, select, textarea, a")?.focus();
    let invalidTarget = null;

    if (!editable) {
      const box = el("div", "cfield__readonly");
      box.dataset.why = why;
      const note = el("span", "cfield__note");
      box.append(note);
      const link = el("a", "open-link");
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.append(link);
      wrap.append(box);
      wrap.relabel = () => {
        note.textContent = why === "type" ? t("form.readonly.type", { type: f.type }) : t("form.readonly.choices");
        const href = itsmHomeHref();
        link.hidden = !href;
        if (href) link.href = href;
        link.textContent = t("form.openItsm");
      };
    } else if (group) {
      wrap.setAttribute("role", "group");
      wrap.setAttribute("aria-labelledby", label.id);
      wrap.setAttribute("aria-describedby", describedBy);
      if (required) wrap.setAttribute("aria-required", "true");
      const box = el("div", f.type === "MULTISELECT" ? "chips cfield__chips" : "cfield__choices");
      const multi = f.type !== "RADIO";
      const defaults = new Set(multi ? splitList(f.default ?? "") : [f.default ?? ""]);
      for (const c of f.choice) {
        const key = String(c.key ?? "");
        const option = el("label", f.type === "MULTISELECT" ? "chip chip--blue" : "cfield__choice");
        const input = document.createElement("input");
        input.type = multi ? "checkbox" : "radio";
        input.name = id;
        input.value = key;
        input.checked = defaults.has(key);
        option.append(input, el("span", "", c.name ?? key));
        option.title = key;
        box.append(option);
      }
      wrap.append(box);
      const inputs = () => [...box.querySelectorAll("input")];
      read = multi
        ? () => inputs().filter((i) => i.checked).map((i) => i.value)
        : () => inputs().find((i) => i.checked)?.value ?? "";
      focus = () => (inputs().find((i) => i.checked) ?? inputs()[0])?.focus();
      invalidTarget = wrap;
    } else {
      let control;
      if (f.type === "TEXT") {
        control = document.createElement("textarea");
        control.rows = 3;
        control.value = f.default ?? "";
      } else if (f.type === "SELECT") {
        control = document.createElement("select");
        const none = el("option", "", "");
        none.value = "";
        none.dataset.none = "";
        control.append(none);
        for (const c of f.choice) {
          const option = el("option", "", c.name ?? String(c.key));
          option.value = String(c.key ?? "");
          control.append(option);
        }
        control.value = f.choice.some((c) => String(c.key) === f.default) ? f.default : "";
      } else {
        control = document.createElement("input");
        control.autocomplete = "off";
        control.spellcheck = false;
        if (f.type === "DATE") {
          control.type = "date";
          control.value = /^\d{4}-\d{2}-\d{2}$/.test(f.default ?? "") ? f.default : "";
        } else if (f.type === "DATETIME") {
          control.type = "datetime-local";
          control.step = "1";
          control.value = toLocalInput(f.default ?? "");
        } else {
          control.type = "text";
          control.value = f.default ?? "";
          if (f.type === "INT") control.inputMode = "numeric";
        }
        if (f.type === "INPUTSELECT" && f.choice.length) {
          const list = document.createElement("datalist");
          list.id = `${id}-choices`;
          for (const c of f.choice) {
            const option = document.createElement("option");
            option.value = String(c.key ?? "");
            option.label = c.name ?? option.value;
            list.append(option);
          }
          control.setAttribute("list", list.id);
          wrap.append(list);
        }
      }
      control.id = id;
      control.name = f.key;
      control.setAttribute("aria-describedby", describedBy);
      if (required) control.setAttribute("aria-required", "true");
      wrap.append(control);
      read = {
        DATETIME: () => fromLocalInput(control.value),
        MEMBERS: () => splitList(control.value),
        MEMBER: () => control.value.trim(),
      }[f.type] ?? (() => control.value);
      focus = () => control.focus();
      invalidTarget = control;
      wrap.relabel = () => {
        const placeholder = { MEMBER: "form.member", MEMBERS: "form.members", INT: "form.int" }[f.type];
        if (placeholder) control.placeholder = t(placeholder);
        const none = control.querySelector?.("option[data-none]");
        if (none) none.textContent = t("form.choose");
      };
    }
    wrap.append(hint, error);
    if (required) mark.title = t("form.required");
    return { f, wrap, editable, read, focus, error, invalidTarget, mark };
  }

  /** Every field's value now, by key, hidden ones included (what show conditions look at). */
  function allValues() {
    return Object.fromEntries(controls.filter((c) => c.editable).map((c) => [c.f.key, c.read()]));
  }

  function isHidden(c, values) {
    return c.f.show_type === 0 && conditionsHold(c.f.show_conditions, values);
  }

  /** Hides the fields whose show conditions hold, shows the others. */
  function syncVisibility() {
    const values = allValues();
    for (const c of controls) c.wrap.hidden = isHidden(c, values);
  }

  function relabel() {
    for (const c of controls) {
      c.wrap.relabel?.();
      if (c.f.validate_type === "REQUIRE") c.mark.title = t("form.required");
    }
  }
  relabel();

  return {
    /** What is sent: the shown fields the page can fill, by key, as the package takes them. */
    values() {
      const all = allValues();
      return Object.fromEntries(controls.filter((c) => c.editable && !isHidden(c, all)).map((c) => [c.f.key, c.read()]));
    },
    /**
     * Shows each field's first issue under it: the fields the user has changed, or every field
     * after `all` (a submit). Returns the issues no shown field carries (to show above the buttons).
     */
    showIssues(issues, { all = false } = {}) {
      lastIssues = issues;
      if (all) showAll = true;
      const placed = new Set();
      for (const c of controls) {
        const issue = c.wrap.hidden ? undefined : issues.find((i) => i.field === c.f.key);
        if (issue) placed.add(issue);
        const shown = issue && (showAll || touched.has(c.f.key)) ? issue : undefined;
        c.error.textContent = shown ? shown.userMessage : "";
        c.error.lang = locale();
        c.wrap.classList.toggle("field--invalid", Boolean(shown));
        c.invalidTarget?.setAttribute("aria-invalid", String(Boolean(shown)));
      }
      return showAll ? issues.filter((i) => !placed.has(i)) : [];
    },
    /** Puts the cursor in the first field with an issue; false when none is on the form. */
    focusIssue(issues) {
      const c = controls.find((c) => !c.wrap.hidden && issues.some((i) => i.field === c.f.key));
      if (!c) return false;
      c.focus();
      return true;
    },
    /** The label of field `key`, as the form shows it. */
    label(key) {
      return controls.find((c) => c.f.key === key)?.f.name;
    },
    /** The page's words again (after a language switch); the issues are the caller's to ask again. */
    relabel,
    get issues() {
      return lastIssues;
    },
  };
}
