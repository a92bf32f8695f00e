// What the page's modules share: an element made with its class and text (always text, never
// HTML: server strings are set as text), how long typing must pause before messages update, and
// what makes a part of the page a modal dialog (the ticket drawer, "New ticket").

/** `<tag class=className>text</tag>`; `text` is set as text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** How long typing must pause before the package's messages update. */
export const TYPING_PAUSE_MS = 250;

/**
 * Makes `root` (hidden at first) a modal dialog. Shown, it makes the page behind it inert (no
 * focus, no clicks; the body's `drawer-open` class stops it scrolling); hidden, focus goes back
 * to the element it was opened from. Esc in it, or a click on one of `closers` (its close
 * button, its backdrop), calls `dismiss`. (Tab needs no trap: the page behind is inert, so focus
 * stays in the dialog.)
 * @param {HTMLElement} root
 * @param {{ inertRoots: HTMLElement[], closers: HTMLElement[], dismiss(): void }} options
 */
export function createModal(root, { inertRoots, closers, dismiss }) {
  /** Where focus goes back to on hide (null: nowhere in particular). */
  let opener = null;

  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dismiss();
    }
  });
  for (const node of closers) node.addEventListener("click", dismiss);

  return {
    /** Shows the dialog; `from`, when it was hidden, is the element focus goes back to. */
    show(from) {
      if (root.hidden) opener = from instanceof HTMLElement && from !== document.body ? from : null;
      root.hidden = false;
      for (const node of inertRoots) node.inert = true;
      document.body.classList.add("drawer-open");
    },
    hide() {
      root.hidden = true;
      for (const node of inertRoots) node.inert = false;
      document.body.classList.remove("drawer-open");
      // Back to where it was opened from, if that is still on the page.
      if (opener?.isConnected) opener.focus();
      opener = null;
    },
    /** The element focus goes back to on hide; the owner may point it at a new one. */
    get opener() {
      return opener;
    },
    set opener(node) {
      opener = node;
    },
  };
}
