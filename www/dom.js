// What the page's modules share: an element made with its class and text (always text, never
// HTML: server strings are set as text), and how long typing must pause before messages update.

/** `<tag class=className>text</tag>`; `text` is set as text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** How long typing must pause before the package's messages update. */
export const TYPING_PAUSE_MS = 250;
