// "New ticket": a dialog that walks from the service catalogue to a service's form, then opens
// the ticket.
//   client.getServiceCatalogs()              the catalogue tree (each catalogue a button)
//   client.getServices({ catalog_id })       the services bound to the catalogue picked
//   client.getServiceDetail({ service_id })  the service's form (form.js renders it)
//   client.validateTicketFields(service, v)  the package's word under each field as the user types
//   client.createTicket({ service_id, fields }, { service })
//                                            checked again by the package (nothing is sent while
//                                            the form has issues), then sent once: never again
//                                            on its own after a timeout or a dropped connection
//                                            (`sent: "maybe"`), which the dialog says
//
// Every server string (catalogue and service names, field names, choices) reaches the page as
// text. Like the ticket drawer, the dialog makes the page behind it inert, and Esc, the close
// button or the backdrop close it (dom.js createModal).

import { errorBox, mayHaveHappened } from "./notice.js";
import { locale, t } from "./i18n.js";
import { createServiceForm } from "./form.js";
import { onItsmHome } from "./api.js";
import { TYPING_PAUSE_MS, createModal, el } from "./dom.js";

/** The catalogue tree as a flat list in display order: [catalogue, depth]. */
function flatten(nodes, depth = 0, out = []) {
  for (const node of nodes) {
    out.push([node, depth]);
    flatten(node.children ?? [], depth + 1, out);
  }
  return out;
}

/**
 * @param {HTMLElement} root  #compose (index.html)
 * @param {{ client(): import("/pkg/index.js").Client, inertRoots: HTMLElement[],
 *           signInAgainHref(): string, onCreated(ticket: import("/pkg/index.js").CreatedTicket): void,
 *           onMaybeCreated(): void, onStep(serviceId: string): void, onClose(): void }} options
 *   client: the client of the door selected now; onCreated: after the server accepted a ticket
 *   (the dialog is closed by then); onMaybeCreated: a submit whose answer never came (the list
 *   should be looked at again); onStep: the service shown ("" for the catalogue), for the address;
 *   onClose: after the dialog closed itself (Esc, button, backdrop, Cancel)
 */
export function createCompose(root, { client, inertRoots, signInAgainHref, onCreated, onMaybeCreated, onStep, onClose }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const catalogsSection = $("compose-catalogs");
  const servicesSection = $("compose-services");
  const formEl = $("compose-form");
  const submit = $("compose-submit");
  const result = $("compose-result");

  let isOpen = false;
  let controller = null; // aborts the dialog's reads when it closes
  let catalogs = null; // the tree, once loaded
  let catalogId = null; // the catalogue picked
  let service = null; // the ServiceDetail shown
  let serviceId = ""; // the service asked for ("" at the catalogue)
  let services = null; // the catalogue's services, once loaded
  let form = null; // form.js's form for it
  let sending = false;
  let timer = 0;
  /** What the result area says, so a language switch can say it again: null, or { kind, error }. */
  let said = null;

  const modal = createModal(root, {
    inertRoots,
    closers: [$("compose-cancel"), $("compose-close"), $("compose-backdrop")],
    dismiss: closeAndTell,
  });

  const content = (section) => section.querySelector(".dsec__content");

  function loadingNode(key = "loading") {
    const p = el("p", "loading");
    p.append(el("span", "spinner"), t(key));
    return p;
  }

  function setTitle() {
    $("compose-title").textContent = root.dataset.step === "form" && service ? service.name : t("compose.title");
    $("compose-kicker").textContent = root.dataset.step === "form" ? t("compose.title") : t("compose.kicker");
  }

  // ---------------------------------------------------------------- catalogue and services

  /** Loads a part (catalogue, services, form) into `section`: loading, then ready or error (Retry). */
  async function loadInto(section, call, render, retry) {
    const token = {};
    section.token = token;
    section.dataset.state = "loading";
    section.setAttribute("aria-busy", "true");
    content(section).replaceChildren(loadingNode());
    const signal = controller.signal;
    try {
      const data = await call(client(), signal);
      if (section.token !== token || signal.aborted) return;
      render(data);
      section.dataset.state = "ready";
    } catch (error) {
      if (section.token !== token || signal.aborted) return;
      section.dataset.state = "error";
      section.error = error;
      content(section).replaceChildren(errorBox(error, { onRetry: retry, signInAgainHref: signInAgainHref() }));
    } finally {
      if (section.token === token) section.setAttribute("aria-busy", "false");
    }
  }

  function loadCatalogs() {
    return loadInto(
      catalogsSection,
      (c, signal) => c.getServiceCatalogs({}, { signal }),
      (tree) => {
        catalogs = tree;
        renderCatalogs();
      },
      loadCatalogs,
    );
  }

  function renderCatalogs() {
    const list = el("ul", "cats");
    for (const [node, depth] of flatten(catalogs)) {
      const li = el("li");
      const b = el("button", "cat");
      b.type = "button";
      b.dataset.id = String(node.id);
      b.style.setProperty("--depth", String(depth));
      b.setAttribute("aria-pressed", String(node.id === catalogId));
      b.append(el("span", "cat__name", node.name));
      if (node.desc) b.append(el("span", "cat__desc", node.desc));
      b.addEventListener("click", () => pickCatalog(node.id));
      li.append(b);
      list.append(li);
    }
    content(catalogsSection).replaceChildren(catalogs.length ? list : el("p", "muted", t("compose.noCatalogs")));
  }

  function pickCatalog(id) {
    catalogId = id;
    for (const b of catalogsSection.querySelectorAll(".cat")) b.setAttribute("aria-pressed", String(b.dataset.id === String(id)));
    loadServices();
    // On a phone the services come below the catalogue: bring them into view.
    servicesSection.scrollIntoView({ block: "nearest" });
  }

  function loadServices() {
    if (catalogId === null) {
      servicesSection.dataset.state = "idle";
      content(servicesSection).replaceChildren(el("p", "muted", t("compose.pickCatalog")));
      return;
    }
    const id = catalogId;
    return loadInto(
      servicesSection,
      (c, signal) => c.getServices({ catalog_id: id }, { signal }),
      (list) => {
        services = list;
        renderServices();
      },
      loadServices,
    );
  }

  function renderServices() {
    if (!services.length) {
      content(servicesSection).replaceChildren(el("p", "muted", t("compose.noServices")));
      return;
    }
    const list = el("ul", "svcs");
    for (const s of services) {
      const b = el("button", "svc");
      b.type = "button";
      b.dataset.id = String(s.id);
      const head = el("span", "svc__head");
      head.append(el("span", "svc__name", s.name), el("span", "tag", t(`type.${s.service_type}`, {}, s.service_type)));
      b.append(head);
      if (s.desc) b.append(el("span", "svc__desc muted", s.desc));
      b.addEventListener("click", () => showService(String(s.id)));
      const li = el("li");
      li.append(b);
      list.append(li);
    }
    content(servicesSection).replaceChildren(list);
  }

  // ---------------------------------------------------------------- the form

  function showPick() {
    root.dataset.step = "pick";
    $("compose-pick").hidden = false;
    formEl.hidden = true;
    service = form = null;
    serviceId = "";
    said = null;
    setTitle();
    onStep("");
    if (!catalogs && catalogsSection.dataset.state !== "loading") loadCatalogs();
    if (catalogsSection.dataset.state === "ready") renderCatalogs();
    if (servicesSection.dataset.state !== "ready") loadServices();
  }

  function showService(id) {
    serviceId = id;
    root.dataset.step = "form";
    $("compose-pick").hidden = true;
    formEl.hidden = false;
    service = form = null;
    said = null;
    result.replaceChildren();
    submit.disabled = true;
    $("compose-desc").textContent = "";
    setTitle();
    onStep(id);
    return loadInto(
      formEl,
      (c, signal) => c.getServiceDetail({ service_id: id }, { signal }),
      (detail) => {
        service = detail;
        setTitle();
        $("compose-desc").textContent = detail.desc ?? "";
        form = createServiceForm(content(formEl), detail, { onChange: typed });
        submit.disabled = false;
        recheck();
      },
      () => showService(id),
    );
  }

  /** Issues as the user types, after a pause (so they do not flicker per key). */
  function typed() {
    clearTimeout(timer);
    timer = setTimeout(recheck, TYPING_PAUSE_MS);
  }

  /** Asks the package about the form now and shows what it says; returns the issues. */
  function recheck({ all = false } = {}) {
    clearTimeout(timer);
    if (!form) return [];
    const issues = client().validateTicketFields(service, form.values());
    const elsewhere = form.showIssues(issues, { all });
    if (said?.kind === "invalid" || all) {
      if (issues.length) say({ kind: "invalid", elsewhere });
      else if (said?.kind === "invalid") say(null);
    }
    return issues;
  }

  /** What the result area says: the form's issues, a failed or uncertain submit. */
  function say(next) {
    said = next;
    if (!next) return result.replaceChildren();
    if (next.kind === "invalid") {
      const box = el("div", "compose__invalid");
      box.setAttribute("role", "alert");
      box.lang = locale();
      box.append(el("p", "", t("compose.invalid")));
      for (const issue of next.elsewhere) {
        box.append(el("p", "", `${form?.label(issue.field) ?? issue.field}: ${issue.userMessage}`));
      }
      result.replaceChildren(box);
    } else if (next.kind === "maybe") {
      const box = el("div", "maybe");
      box.setAttribute("role", "alert");
      box.lang = locale();
      box.append(el("p", "maybe__title", t("compose.maybe")), el("p", "", t("compose.maybe.advice")));
      const look = el("button", "btn btn--small", t("compose.maybe.look"));
      look.type = "button";
      look.addEventListener("click", closeAndTell);
      box.append(look);
      result.replaceChildren(box);
    } else {
      result.replaceChildren(errorBox(next.error, { lead: t("compose.failed"), signInAgainHref: signInAgainHref() }));
    }
  }

  formEl.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form || sending) return;
    const issues = recheck({ all: true });
    if (issues.length) {
      if (!form.focusIssue(issues)) result.querySelector("[role=alert]")?.focus?.();
      return;
    }
    const asked = { service_id: service.service_id, fields: form.values() };
    const mine = service;
    sending = true;
    submit.disabled = true;
    submit.textContent = t("compose.sending");
    formEl.dataset.state = "submitting";
    formEl.setAttribute("aria-busy", "true");
    say(null);
    try {
      const created = await client().createTicket(asked, { service: mine, signal: controller.signal });
      close();
      onCreated(created);
    } catch (error) {
      if (!isOpen || service !== mine) return;
      formEl.dataset.state = "ready";
      if (error?.kind === "aborted") return;
      if (error?.kind === "validation" && error.issues?.length) {
        // The package refused the form (the same rules as validateTicketFields): under the fields.
        say({ kind: "invalid", elsewhere: form.showIssues(error.issues, { all: true }) });
        form.focusIssue(error.issues);
      } else if (mayHaveHappened(error)) {
        say({ kind: "maybe" });
        onMaybeCreated();
      } else {
        say({ kind: "error", error });
      }
    } finally {
      sending = false;
      if (isOpen && service === mine) {
        submit.disabled = false;
        submit.textContent = t("compose.submit");
        formEl.setAttribute("aria-busy", "false");
      }
    }
  });

  // The read-only fields link to ITSM once a ticket link has shown where it is.
  onItsmHome(() => form?.relabel());

  $("compose-back").addEventListener("click", showPick);

  function closeAndTell() {
    if (!isOpen) return;
    close();
    onClose();
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    controller?.abort();
    clearTimeout(timer);
    modal.hide();
  }

  return {
    get isOpen() {
      return isOpen;
    },
    /** Opens the dialog at the catalogue, or (`serviceId`) at that service's form. */
    open({ serviceId: asked = "", from = document.activeElement } = {}) {
      if (!isOpen) {
        isOpen = true;
        controller = new AbortController();
        modal.show(from);
        // A catalogue load cut short by closing is asked again.
        if (catalogsSection.dataset.state !== "ready") catalogs = null;
        if (servicesSection.dataset.state === "loading") servicesSection.dataset.state = "idle";
      } else if (asked === serviceId) {
        return;
      }
      if (asked) showService(asked);
      else showPick();
      $("compose-close").focus();
    },
    close,
    /**
     * After a language switch: the dialog's words, the package's messages under the fields (asked
     * again of the new client: nothing is sent), and a part that failed, asked again so its error
     * comes in the new language.
     */
    relocalize() {
      if (!isOpen) return;
      setTitle();
      if (catalogsSection.dataset.state === "error") loadCatalogs();
      else if (catalogs) renderCatalogs();
      if (servicesSection.dataset.state === "error" || servicesSection.dataset.state === "idle") loadServices();
      else if (services && servicesSection.dataset.state === "ready") renderServices();
      if (root.dataset.step === "form") {
        if (formEl.dataset.state === "error") showService(serviceId);
        else if (form) {
          form.relabel();
          if (!sending) submit.textContent = t("compose.submit");
          recheck();
          if (said && said.kind !== "invalid") say(said);
        }
      }
    },
  };
}
