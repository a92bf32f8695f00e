// The ticket drawer's actions: what the signed-in user may do with the ticket shown, offered only
// where `getTicketStatus` allows it (and, for a withdrawal, `getTicketInfo` names the user as the
// creator):
//   approve / reject   a running approval step (one whose form holds the approval's result field,
//                      `meta.code === "APPROVE_RESULT"`) that waits on the user:
//                      client("apigw").approve({ sn, state_id, action, remark }, { status })
//                      (the API gateway only: ESB has no approve component)
//   withdraw           `operations` has WITHDRAW and the user created the ticket
//   suspend / resume   `operations` has SUSPEND / UNSUSPEND; the message is asked for
//                      client().operateTicket({ sn, action_type, action_message })
//   rate               a FINISHED ticket not rated yet (`is_commented` false): 1 to 6 stars and a
//                      comment, client().commentTicket({ sn, stars, comments })
//
// Each form's messages are the package's (`client.validate(endpoint, params)`), under the input,
// as the user types; nothing is sent while it has any. A write in flight disables the buttons.
// After a write the drawer and the list row are loaded again. A write whose answer never came
// (`sent: "maybe"`: a timeout, a dropped connection) may have happened: the page says so and loads
// the ticket again instead of sending it again.

import { errorBox, mayHaveHappened } from "./notice.js";
import { locale, t } from "./i18n.js";
import { TYPING_PAUSE_MS, el } from "./dom.js";

/** "admin,alice" → ["admin", "alice"]. */
const names = (text) => (typeof text === "string" ? text.split(",").map((s) => s.trim()).filter(Boolean) : []);

/** An approval step: its form holds the approval's result field. */
export const isApprovalStep = (step) => (step.fields ?? []).some((f) => f.meta?.code === "APPROVE_RESULT");

/**
 * What `user` may do with a ticket now, as [{ action, step }] in the order offered: approve and
 * reject for each running approval step waiting on the user (and not decided by the user from
 * this page already: `decided` holds those steps' ids), withdraw, suspend, resume, rate.
 * @param {import("/pkg/index.js").TicketStatus} status
 * @param {import("/pkg/index.js").TicketInfo | null} info  (null until it arrives: no withdraw yet)
 */
export function availableActions(status, info, user, decided = new Set()) {
  const out = [];
  const ops = new Set(status.operations.map((o) => o.key));
  if (user) {
    for (const step of status.current_steps) {
      if (step.status === "RUNNING" && isApprovalStep(step) && names(step.processors).includes(user) && !decided.has(step.state_id)) {
        out.push({ action: "approve", step }, { action: "reject", step });
      }
    }
  }
  if (ops.has("WITHDRAW") && user && info?.creator === user) out.push({ action: "withdraw" });
  if (ops.has("SUSPEND")) out.push({ action: "suspend" });
  if (ops.has("UNSUSPEND")) out.push({ action: "resume" });
  if (status.current_status === "FINISHED" && !status.is_commented) out.push({ action: "rate" });
  return out;
}

/** Each action's call: its endpoint (for `validate`), its parameters, which input is which. */
const CALLS = {
  approve: { endpoint: "approve", text: "remark", params: (sn, step, v) => ({ sn, state_id: step.state_id, action: "true", remark: v.text }) },
  reject: { endpoint: "approve", text: "remark", params: (sn, step, v) => ({ sn, state_id: step.state_id, action: "false", remark: v.text }) },
  withdraw: { endpoint: "operateTicket", text: "action_message", params: (sn, _, v) => ({ sn, action_type: "WITHDRAW", action_message: v.text }) },
  suspend: { endpoint: "operateTicket", text: "action_message", params: (sn, _, v) => ({ sn, action_type: "SUSPEND", action_message: v.text }) },
  resume: { endpoint: "operateTicket", text: "action_message", params: (sn, _, v) => ({ sn, action_type: "UNSUSPEND", action_message: v.text }) },
  rate: { endpoint: "commentTicket", text: "comments", params: (sn, _, v) => ({ sn, stars: v.stars, comments: v.text }) },
};

/**
 * @param {HTMLElement} section  #drawer-actions (index.html)
 * @param {{ client(): import("/pkg/index.js").Client, gatewayClient(): import("/pkg/index.js").Client,
 *           user(): string | null, signInAgainHref(): string, onDone(sn: string): void }} options
 *   client: the client of the door selected now; gatewayClient: the API gateway's (approve);
 *   onDone: after a write that happened (or may have): load the ticket and its row again
 */
export function createActions(section, { client, gatewayClient, user, signInAgainHref, onDone }) {
  const content = section.querySelector(".dsec__content");
  /** Approval steps the user decided from this page, by ticket: the server lists the approver
   * among the step's processors until the flow moves on, a moment later. */
  const decided = new Map();
  let sn = null;
  let status = null;
  let info = null;
  let open = null; // { action, step } whose form is shown
  let values = { text: "", stars: "" };
  let touched = new Set();
  let showAll = false;
  let busy = false;
  let outcome = null; // { kind: "done" | "maybe" | "error", action, error }
  let timer = 0;

  const decidedHere = () => decided.get(sn) ?? new Set();
  const same = (a, b) => a && b && a.action === b.action && a.step?.state_id === b.step?.state_id;

  function render() {
    const acts = status ? availableActions(status, info, user(), decidedHere()) : [];
    if (open && !busy && !acts.some((a) => same(a, open))) open = null;
    section.hidden = !status || (!acts.length && !outcome && !busy);
    section.dataset.state = !status ? "idle" : busy ? "busy" : acts.length ? "ready" : "none";
    section.setAttribute("aria-busy", String(busy));
    section.lang = locale();
    const nodes = [];
    if (acts.length || busy) {
      const row = el("div", "acts");
      for (const act of acts) {
        const b = el("button", `btn btn--small act act--${act.action}`, t(`act.${act.action}`));
        b.type = "button";
        b.dataset.action = act.action;
        if (act.step) {
          b.dataset.stateId = String(act.step.state_id);
          // Two approval steps at once: say which.
          if (acts.filter((a) => a.action === act.action).length > 1) b.textContent = `${t(`act.${act.action}`)} · ${act.step.name}`;
        }
        b.setAttribute("aria-expanded", String(same(act, open)));
        b.disabled = busy;
        b.addEventListener("click", () => toggle(act));
        row.append(b);
      }
      nodes.push(row);
    }
    if (open) nodes.push(panel());
    if (outcome) nodes.push(outcomeNode());
    content.replaceChildren(...nodes);
  }

  function toggle(act) {
    if (busy) return;
    if (same(act, open)) {
      open = null;
    } else {
      open = act;
      values = { text: "", stars: "" };
      touched = new Set();
      showAll = false;
    }
    outcome = null;
    render();
    content.querySelector(".act-panel textarea, .act-panel input")?.focus();
  }

  /** The open action's form. */
  function panel() {
    const { action, step } = open;
    const form = el("form", "act-panel");
    form.noValidate = true;
    form.dataset.action = action;
    form.append(el("p", "act-panel__title", t(`act.${action}.title`, { step: step?.name ?? "" })));
    if (action === "rate") {
      const group = el("div", "stars");
      group.setAttribute("role", "radiogroup");
      group.setAttribute("aria-label", t("act.rate.stars"));
      group.setAttribute("aria-describedby", "act-stars-error");
      for (let n = 1; n <= 6; n++) {
        const label = el("label", "star");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "stars";
        input.value = String(n);
        input.checked = values.stars === String(n);
        input.disabled = busy;
        input.setAttribute("aria-label", t("act.rate.star", { n }));
        const glyph = el("span", "star__glyph", "★");
        glyph.setAttribute("aria-hidden", "true");
        label.append(input, glyph);
        group.append(label);
      }
      group.addEventListener("change", (event) => {
        values.stars = event.target.value;
        touched.add("stars");
        paintStars(group);
        typed();
      });
      paintStars(group);
      const starsError = el("span", "field__error");
      starsError.id = "act-stars-error";
      starsError.dataset.for = "stars";
      form.append(group, starsError);
    }
    const field = el("div", "field");
    const label = el("label", "field__label", t(`act.${action}.label`));
    label.htmlFor = "act-text";
    const text = document.createElement("textarea");
    text.id = "act-text";
    text.rows = 3;
    text.value = values.text;
    text.disabled = busy;
    text.setAttribute("aria-describedby", "act-text-error");
    text.addEventListener("input", () => {
      values.text = text.value;
      touched.add("text");
      typed();
    });
    const error = el("span", "field__error");
    error.id = "act-text-error";
    error.dataset.for = "text";
    error.setAttribute("aria-live", "polite");
    field.append(label, text, error);
    form.append(field);

    const buttons = el("div", "act-panel__buttons");
    const cancel = el("button", "btn btn--small", t("act.cancel"));
    cancel.type = "button";
    cancel.disabled = busy;
    cancel.addEventListener("click", () => {
      open = null;
      render();
    });
    const confirm = el("button", `btn btn--small ${action === "reject" ? "btn--danger" : "btn--primary"} act-panel__confirm`, busy ? t("act.working") : t(`act.${action}.confirm`));
    confirm.type = "submit";
    confirm.disabled = busy;
    buttons.append(cancel, confirm);
    form.append(buttons);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send();
    });
    queueMicrotask(() => showIssues(check()));
    return form;
  }

  function paintStars(group) {
    const n = Number(values.stars) || 0;
    for (const label of group.querySelectorAll(".star")) {
      label.classList.toggle("star--on", Number(label.querySelector("input").value) <= n);
    }
  }

  /** The open action's parameters, and what the package says about them. */
  function check() {
    if (!open) return { params: null, issues: [] };
    const call = CALLS[open.action];
    const params = call.params(sn, open.step, values);
    return { params, issues: client().validate(call.endpoint, params) };
  }

  /** The issues of the inputs under them (changed ones, or all after a confirm). */
  function showIssues({ issues }) {
    if (!open) return;
    const keyOf = { text: CALLS[open.action].text, stars: "stars" };
    for (const error of content.querySelectorAll(".act-panel .field__error")) {
      const which = error.dataset.for;
      const issue = (showAll || touched.has(which)) && issues.find((i) => i.field === keyOf[which]);
      error.textContent = issue ? issue.userMessage : "";
      error.lang = locale();
      const input = which === "text" ? content.querySelector("#act-text") : content.querySelector(".stars");
      input?.setAttribute("aria-invalid", String(Boolean(issue)));
      error.closest(".field")?.classList.toggle("field--invalid", Boolean(issue));
    }
  }

  function typed() {
    clearTimeout(timer);
    timer = setTimeout(() => showIssues(check()), TYPING_PAUSE_MS);
  }

  async function send() {
    if (busy || !open) return;
    clearTimeout(timer);
    showAll = true;
    const { params, issues } = check();
    showIssues({ issues });
    if (issues.length) {
      const text = CALLS[open.action].text;
      (issues.some((i) => i.field === text) ? content.querySelector("#act-text") : content.querySelector(".stars input"))?.focus();
      return;
    }
    const { action, step } = open;
    const ticket = sn;
    const shown = status;
    busy = true;
    outcome = null;
    render();
    try {
      if (action === "approve" || action === "reject") await gatewayClient().approve(params, { status: shown });
      else if (action === "rate") await client().commentTicket(params);
      else await client().operateTicket(params);
      if (action === "approve" || action === "reject") {
        if (!decided.has(ticket)) decided.set(ticket, new Set());
        decided.get(ticket).add(step.state_id);
      }
      if (sn !== ticket) return onDone(ticket);
      busy = false;
      open = null;
      outcome = { kind: "done", action };
      render();
      onDone(ticket);
    } catch (error) {
      if (sn !== ticket) {
        if (mayHaveHappened(error)) onDone(ticket);
        return;
      }
      busy = false;
      if (mayHaveHappened(error)) {
        // It may have happened: show the ticket as it stands instead of sending it again.
        open = null;
        outcome = { kind: "maybe", action };
        render();
        onDone(ticket);
        return;
      }
      const text = CALLS[action].text;
      if (error?.kind === "validation" && error.issues?.some((i) => i.field === text || i.field === "stars")) {
        render();
        showIssues({ issues: error.issues });
        return;
      }
      outcome = { kind: "error", action, error };
      render();
    }
  }

  function outcomeNode() {
    if (outcome.kind === "error") {
      return errorBox(outcome.error, { lead: t(`act.${outcome.action}.failed`), signInAgainHref: signInAgainHref() });
    }
    const box = el("div", outcome.kind === "maybe" ? "maybe" : "done");
    box.setAttribute("role", outcome.kind === "maybe" ? "alert" : "status");
    box.dataset.outcome = outcome.kind;
    if (outcome.kind === "maybe") {
      box.append(el("p", "maybe__title", t("act.maybe", { action: t(`act.${outcome.action}.name`) })), el("p", "", t("act.maybe.advice")));
    } else {
      box.append(el("p", "", t(`act.${outcome.action}.done`)));
      if (outcome.action === "approve" || outcome.action === "reject") {
        const again = el("button", "link-btn", t("act.refresh"));
        again.type = "button";
        again.addEventListener("click", () => onDone(sn));
        box.append(again);
      }
    }
    return box;
  }

  return {
    /** A new ticket shown (or none): nothing offered until its status arrives. */
    reset(next) {
      if (next === sn && next !== null) return;
      sn = next;
      status = info = null;
      open = null;
      outcome = null;
      busy = false;
      clearTimeout(timer);
      render();
    },
    /** The status of the ticket shown arrived (or came again). */
    setStatus(forSn, next) {
      if (forSn !== sn) return;
      status = next;
      render();
    },
    /** Its details arrived: the creator, for a withdrawal. */
    setInfo(forSn, next) {
      if (forSn !== sn) return;
      info = next;
      render();
    },
    /** The status could not be had: nothing is offered. */
    dropStatus(forSn) {
      if (forSn !== sn || busy) return;
      status = null;
      render();
    },
    /** After a language switch: the words, and the package's messages asked of the new client. */
    relocalize() {
      if (busy) return;
      render();
    },
  };
}
