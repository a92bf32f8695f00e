// Which language the real bk-itsm answers a request in: Django 3.2.25's LocaleMiddleware
// (django/utils/translation/trans_real.py get_language_from_request) with bk-itsm's settings
// (src/config/default.py: LANGUAGE_CODE "zh-hans" unless BKAPP_BACKEND_LANGUAGE says otherwise,
// LANGUAGES ("en", "zh-cn"), LANGUAGE_COOKIE_NAME "blueking_language"). Checked against the real
// views (tests/real/recorded/language.json, `make record-real`):
//
// 1. the `blueking_language` cookie (the last one, if repeated), when it is exactly "en" or
//    "zh-cn", or has a supported variant: "en-us" -> en, "zh", "zh-hans", "zh-TW" -> zh-cn. Case
//    matters here: "EN" is no language (Django lower-cases only Accept-Language);
// 2. else `Accept-Language`, lower-cased and parsed whole (one malformed range and the header is
//    ignored; a header over 500 characters is cut at its last comma before 500), ranges by q,
//    highest first and in order among equals, q=0 *not* skipped; `*` ends the search; the first
//    range with a supported variant wins ("fr" has none: the next one is tried);
// 3. else LANGUAGE_CODE's supported variant: "zh-hans" is not in LANGUAGES, so zh-cn.
//
// The answer is 'en' or 'zh' ('zh' is zh-cn: DRF's zh_CN catalogue, whose "Invalid page." is
// "无效页。", where zh_Hans has "无效页面。"). Node's fetch sends `Accept-Language: *` and gets the
// default; browsers send their UI language (headless Chromium through playwright and Firefox ESR
// through geckodriver on these machines: "en-US,en;q=0.9", so English). The test prefix
// `lang=zh` / `lang=en` overrides it for one request (opts.lang).

const LANGUAGES = ['en', 'zh-cn'];
const ACCEPT_RANGE = /([a-z]{1,8}(?:-[a-z0-9]{1,8})*|\*)(?:\s*;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?(?:\s*,\s*|$)/y;
const LANGUAGE_CODE = /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$/i;
const MAX_HEADER = 500;

/** get_supported_language_variant(code) (not strict): a code of LANGUAGES, or null. */
export function supportedVariant(code) {
  if (!code) return null;
  const generic = code.split('-')[0];
  for (const c of [code, generic]) if (LANGUAGES.includes(c) && LANGUAGE_CODE.test(c)) return c;
  return LANGUAGES.find((s) => s.startsWith(`${generic}-`)) ?? null;
}

/** parse_accept_lang_header: [[range, q]] by q, highest first; [] for a malformed header. */
export function parseAcceptLanguage(header) {
  let s = String(header);
  if (s.length > MAX_HEADER) {
    const comma = s.lastIndexOf(',', MAX_HEADER - 1);
    if (comma <= 0) return [];
    s = s.slice(0, comma);
  }
  s = s.toLowerCase();
  const out = [];
  ACCEPT_RANGE.lastIndex = 0;
  while (ACCEPT_RANGE.lastIndex < s.length) {
    const m = ACCEPT_RANGE.exec(s);
    if (!m) return []; // something between two ranges that is not one: Django ignores the header
    out.push([m[1], m[2] === undefined ? 1 : Number(m[2])]);
  }
  return out.map((r, i) => [...r, i]).sort((a, b) => b[1] - a[1] || a[2] - b[2]).map(([r, q]) => [r, q]);
}

/** Django's parse_cookie: the value of `name`, the last one if repeated, or undefined. */
function cookieValue(header, name) {
  let value;
  for (const chunk of String(header ?? '').split(';')) {
    const eq = chunk.indexOf('=');
    const key = (eq >= 0 ? chunk.slice(0, eq) : '').trim();
    if (key === name) value = (eq >= 0 ? chunk.slice(eq + 1) : chunk).trim().replace(/^"(.*)"$/s, '$1');
  }
  return value;
}

/** The Django language code ('en' or 'zh-cn') LocaleMiddleware activates for `headers`. */
export function djangoLanguage(headers, languageCode = 'zh-hans') {
  const cookie = cookieValue(headers?.cookie, 'blueking_language');
  if (cookie !== undefined && LANGUAGES.includes(cookie)) return cookie;
  const fromCookie = supportedVariant(cookie);
  if (fromCookie) return fromCookie;
  for (const [range] of parseAcceptLanguage(headers?.['accept-language'] ?? '')) {
    if (range === '*') break;
    if (!LANGUAGE_CODE.test(range)) continue;
    const lang = supportedVariant(range);
    if (lang) return lang;
  }
  return supportedVariant(languageCode) ?? languageCode;
}

/**
 * 'en' or 'zh' for the request `req` (Node's IncomingMessage, or any object with lower-cased
 * `headers`). `fallback` is the deployment's language (BKAPP_BACKEND_LANGUAGE), Chinese by default.
 */
export function requestLanguage(req, opts = {}, fallback = 'zh') {
  if (opts.lang === 'zh' || opts.lang === 'en') return opts.lang;
  const code = djangoLanguage(req?.headers ?? {}, fallback === 'en' ? 'en' : 'zh-hans');
  return code === 'en' ? 'en' : 'zh';
}
