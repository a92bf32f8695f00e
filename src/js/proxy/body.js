// A request's body, read up to a limit: past it the proxy stops reading (the rest is never
// buffered) and answers 413. Every endpoint's body is a small JSON object; a big one is a
// mistake or an attack.

/** What a read resolves to when the body is over the limit. */
export const TOO_LARGE = Symbol("too large");

const utf8 = () => new TextDecoder("utf-8", { fatal: true });

/** The body's text, TOO_LARGE, or `{ error }` (not UTF-8). */
function decoded(chunks, size) {
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  try {
    return utf8().decode(all);
  } catch {
    return { error: "the body is not UTF-8" };
  }
}

const bytes = (chunk) => (typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));

/**
 * A Node request's body (an async iterable of Buffers). Over the limit, the iterator is left
 * where it is: the stream stays paused, and the answer closes the connection.
 */
export async function readNodeBody(req, limit) {
  const it = req[Symbol.asyncIterator]();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { value, done } = await it.next();
    if (done) break;
    const chunk = bytes(value);
    size += chunk.length;
    if (size > limit) return TOO_LARGE;
    chunks.push(chunk);
  }
  return decoded(chunks, size);
}

/** A fetch Request's body. Over the limit, the stream is cancelled. */
export async function readWebBody(request, limit) {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const chunk = bytes(value);
    size += chunk.length;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(chunk);
  }
  return decoded(chunks, size);
}

/** `true` when a Content-Length header already says the body is over the limit. */
export function declaredTooLarge(contentLength, limit) {
  return typeof contentLength === "string" && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > limit;
}
