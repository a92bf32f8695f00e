// Which language the real bk-itsm answers a request in, as Django's LocaleMiddleware picks it
// with bk-itsm's settings (src/config/default.py: LANGUAGE_CODE "zh-hans" unless
// BKAPP_BACKEND_LANGUAGE says otherwise, LANGUAGES ("en", "zh-cn"), LANGUAGE_COOKIE_NAME
// "blueking_language"):
//
// 1. the `blueking_language` cookie, when it names a supported language;
// 2. else the first `Accept-Language` range (by q) that matches one, `*` ending the search
//    (Node's fetch sends `Accept-Language: *`, so a Node client gets the default);
// 3. else the server's default, Chinese.
//
// The answer is 'en' or 'zh'. The test prefix `lang=zh` / `lang=en` overrides it for one
// request (opts.lang).

const SUPPORTED = (tag) => {
  const t = String(tag).trim().toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh';
  return null;
};

/** 'en' or 'zh' for the request `req` (Node's IncomingMessage, or any object with `headers`). */
export function requestLanguage(req, opts = {}, fallback = 'zh') {
  if (opts.lang === 'zh' || opts.lang === 'en') return opts.lang;
  const headers = req?.headers ?? {};
  const cookie = String(headers.cookie ?? '');
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'blueking_language') {
      const lang = SUPPORTED(decodeURIComponent(part.slice(eq + 1).trim().replace(/^"|"$/g, '')));
      if (lang) return lang;
    }
  }
  const ranges = String(headers['accept-language'] ?? '')
    .split(',')
    .map((r, i) => {
      const [tag, ...params] = r.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    if (tag === '*') break;
    const lang = SUPPORTED(tag);
    if (lang) return lang;
  }
  return fallback;
}
