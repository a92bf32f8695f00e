// The page's language, 中文 or English: the `locale` every client of the package is made with
// (so the `userMessage` of its errors and validation issues is in that language), and the words
// of the page's own messages around them (the error panel's headline and advice, its buttons and
// detail labels). The page's labels and headings stay English.
//
// The choice is kept in localStorage. Without one, the page follows the browser's language, as
// the package itself does; the page still passes `locale` explicitly, so the two always agree.

const KEY = "ticket-center.locale";

/** The locales of the switch, with their names (each in its own language). */
export const LOCALES = [
  ["zh-CN", "中文"],
  ["en", "English"],
];

const known = (value) => LOCALES.some(([l]) => l === value);

function initialLocale() {
  const stored = localStorage.getItem(KEY);
  if (known(stored)) return stored;
  return /^zh\b/i.test(navigator.language ?? "") ? "zh-CN" : "en";
}

let current = initialLocale();

/** The locale the page and its clients use now: "zh-CN" or "en". */
export const locale = () => current;

/** The page's own messages. `{name}` is filled in by `t`. */
const WORDS = {
  en: {
    "kind.validation": "The request was not sent",
    "kind.validation.advice": "A parameter is not valid: fix the filters and search again.",
    "kind.api": "ITSM refused the request",
    "kind.api.advice": "The server understood the call and answered with an error.",
    "kind.http": "The server answered with an error page",
    "kind.http.advice": "A proxy or the gateway failed; try again in a moment.",
    "kind.network": "Could not reach the server",
    "kind.network.advice": "Check the connection and try again.",
    "kind.timeout": "The server took too long",
    "kind.timeout.advice": "Try again, or narrow the filters.",
    "kind.aborted": "Request cancelled",
    "kind.aborted.advice": "Nothing more will arrive for it.",
    "kind.decode": "The answer could not be read",
    "kind.decode.advice": "The server sent something other than what was asked for.",
    "kind.unexpected": "Something went wrong",
    "kind.unexpected.advice": "This is a bug in the page.",
    "signedOut": "Your sign-in has expired",
    "signedOut.advice": "The server no longer knows your login token.",
    "keptResults": "The previous results are still shown.",
    "exportFailed": "Export failed: {headline}",
    "retry": "Retry",
    "loadAgain": "Load again",
    "signInAgain": "Sign in again",
    "detail.message": "Message",
    "detail.kind": "Kind",
    "detail.code": "Code",
    "detail.reason": "Reason",
    "detail.field": "Field",
    "detail.issues": "Issues",
    "detail.requestId": "Request ID",
    "detail.status": "HTTP status",
    "notFound.sn": "Ticket {sn}",
    "notFound.advice": "ITSM has no such ticket, or it was deleted.",
    "summary.failed": "Could not count the tickets by status: {message}.",
  },
  "zh-CN": {
    "kind.validation": "请求未发送",
    "kind.validation.advice": "参数无效：请修改筛选条件后重新搜索。",
    "kind.api": "ITSM 拒绝了请求",
    "kind.api.advice": "服务器收到了请求，但返回了错误。",
    "kind.http": "服务器返回了错误页面",
    "kind.http.advice": "代理或网关出错，请稍后重试。",
    "kind.network": "无法连接服务器",
    "kind.network.advice": "请检查网络连接后重试。",
    "kind.timeout": "服务器响应超时",
    "kind.timeout.advice": "请重试，或缩小筛选范围。",
    "kind.aborted": "请求已取消",
    "kind.aborted.advice": "该请求不会再有结果。",
    "kind.decode": "无法读取服务器的响应",
    "kind.decode.advice": "服务器返回的不是所请求的数据。",
    "kind.unexpected": "出错了",
    "kind.unexpected.advice": "这是页面本身的缺陷。",
    "signedOut": "登录已过期",
    "signedOut.advice": "服务器已不再认可你的登录凭证。",
    "keptResults": "仍显示之前的结果。",
    "exportFailed": "导出失败：{headline}",
    "retry": "重试",
    "loadAgain": "重新加载",
    "signInAgain": "重新登录",
    "detail.message": "技术信息",
    "detail.kind": "类型",
    "detail.code": "错误码",
    "detail.reason": "原因代码",
    "detail.field": "字段",
    "detail.issues": "问题",
    "detail.requestId": "请求 ID",
    "detail.status": "HTTP 状态码",
    "notFound.sn": "单号 {sn}",
    "notFound.advice": "ITSM 中没有该单据，或它已被删除。",
    "summary.failed": "无法按状态统计单据：{message}。",
  },
};

/** The page's message `key` in the current language, `{name}`s filled from `vars`. */
export function t(key, vars = {}) {
  const text = WORDS[current][key] ?? WORDS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Wires the 中文 / English switch (radio buttons named "locale" inside `root`): it shows the
 * current locale, and a change is kept and reported to `onChange(locale)`.
 */
export function createLocaleSwitch(root, onChange = () => {}) {
  const radios = [...root.querySelectorAll('input[name="locale"]')];
  const sync = () => {
    for (const radio of radios) radio.checked = radio.value === current;
  };
  for (const radio of radios) {
    radio.addEventListener("change", () => {
      if (!radio.checked || !known(radio.value) || radio.value === current) return;
      current = radio.value;
      localStorage.setItem(KEY, current);
      onChange(current);
    });
  }
  sync();
  root.hidden = false;
}
