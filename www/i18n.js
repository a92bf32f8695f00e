// The page's language, 中文 or English: the `locale` every client of the package is made with
// (so the `userMessage` of its errors and validation issues is in that language), and the words
// of the page's own messages around them (the error panel's headline and advice, its buttons and
// detail labels). The page's older labels and headings stay English; everything written for the
// writes (the New ticket dialog, the drawer's actions) is in both languages.
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
    // Issue 19: the New ticket dialog (compose.js, form.js) and the drawer's actions (actions.js).
    "close": "Close",
    "loading": "Loading…",
    "new.button": "New ticket",
    "compose.title": "New ticket",
    "compose.kicker": "Pick a catalogue, then a service",
    "compose.catalogs": "Catalogue",
    "compose.services": "Services",
    "compose.pickCatalog": "Pick a catalogue to see its services.",
    "compose.noCatalogs": "ITSM has no service catalogue.",
    "compose.noServices": "No service is in this catalogue (services of the catalogues under it are listed there).",
    "compose.back": "‹ Other services",
    "compose.requiredLegend": "required",
    "compose.cancel": "Cancel",
    "compose.submit": "Submit",
    "compose.sending": "Submitting…",
    "compose.invalid": "Nothing was sent: fix the fields marked above.",
    "compose.failed": "Not submitted",
    "compose.maybe": "No answer came back: the ticket may have been created.",
    "compose.maybe.advice": "Look for it in the list (it is loaded again) before you submit again.",
    "compose.maybe.look": "Close and look at the list",
    "type.request": "Request",
    "type.change": "Change",
    "type.event": "Incident",
    "type.question": "Question",
    "form.required": "Required",
    "form.choose": "Choose…",
    "form.member": "A user name",
    "form.members": "User names, separated by commas",
    "form.int": "A whole number",
    "form.readonly.type": "A {type} field: fill it in ITSM.",
    "form.readonly.choices": "Its choices come from ITSM: fill it in ITSM.",
    "form.openItsm": "Open ITSM",
    "drawer.starting": "The ticket was created. Its flow is starting…",
    "drawer.notStarted": "The flow has not started yet.",
    "drawer.notStarted.advice": "ITSM starts a new ticket's flow a moment after it is created: look again shortly.",
    "drawer.refresh": "Look again",
    "act.heading": "What you can do",
    "act.cancel": "Cancel",
    "act.working": "Working…",
    "act.refresh": "Look again",
    "act.maybe": "No answer came back: {action} may have happened.",
    "act.maybe.advice": "The ticket is shown again as it stands now: check it before you try again.",
    "act.approve": "Approve",
    "act.approve.name": "the approval",
    "act.approve.title": "Approve “{step}”",
    "act.approve.label": "Remark",
    "act.approve.confirm": "Approve",
    "act.approve.done": "Approved. ITSM moves the flow on in a moment.",
    "act.approve.failed": "Not approved",
    "act.reject": "Reject",
    "act.reject.name": "the rejection",
    "act.reject.title": "Reject “{step}”",
    "act.reject.label": "Reason",
    "act.reject.confirm": "Reject",
    "act.reject.done": "Rejected. ITSM moves the flow on in a moment.",
    "act.reject.failed": "Not rejected",
    "act.withdraw": "Withdraw",
    "act.withdraw.name": "the withdrawal",
    "act.withdraw.title": "Withdraw this ticket",
    "act.withdraw.label": "Why",
    "act.withdraw.confirm": "Withdraw",
    "act.withdraw.done": "The ticket was withdrawn.",
    "act.withdraw.failed": "Not withdrawn",
    "act.suspend": "Suspend",
    "act.suspend.name": "the suspension",
    "act.suspend.title": "Suspend this ticket",
    "act.suspend.label": "Why",
    "act.suspend.confirm": "Suspend",
    "act.suspend.done": "The ticket was suspended.",
    "act.suspend.failed": "Not suspended",
    "act.resume": "Resume",
    "act.resume.name": "the resumption",
    "act.resume.title": "Resume this ticket",
    "act.resume.label": "Message",
    "act.resume.confirm": "Resume",
    "act.resume.done": "The ticket was resumed.",
    "act.resume.failed": "Not resumed",
    "act.rate": "Rate",
    "act.rate.name": "the rating",
    "act.rate.title": "How was it handled?",
    "act.rate.label": "Comment",
    "act.rate.confirm": "Send rating",
    "act.rate.done": "Thank you: your rating was saved.",
    "act.rate.failed": "Not rated",
    "act.rate.stars": "Stars",
    "act.rate.star": "{n} of 6 stars",
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
    "close": "关闭",
    "loading": "加载中…",
    "new.button": "提单",
    "compose.title": "新建单据",
    "compose.kicker": "先选服务目录，再选服务",
    "compose.catalogs": "服务目录",
    "compose.services": "服务",
    "compose.pickCatalog": "选择一个服务目录，查看其中的服务。",
    "compose.noCatalogs": "ITSM 中没有服务目录。",
    "compose.noServices": "该目录下没有服务（子目录的服务在子目录中列出）。",
    "compose.back": "‹ 其他服务",
    "compose.requiredLegend": "必填",
    "compose.cancel": "取消",
    "compose.submit": "提交",
    "compose.sending": "提交中…",
    "compose.invalid": "未发送：请修改上面标出的字段。",
    "compose.failed": "未提交",
    "compose.maybe": "没有收到响应：单据可能已经创建。",
    "compose.maybe.advice": "请先在列表中查找（列表已重新加载），再决定是否重新提交。",
    "compose.maybe.look": "关闭并查看列表",
    "type.request": "请求",
    "type.change": "变更",
    "type.event": "事件",
    "type.question": "问题",
    "form.required": "必填",
    "form.choose": "请选择…",
    "form.member": "用户名",
    "form.members": "多个用户名，用逗号分隔",
    "form.int": "整数",
    "form.readonly.type": "{type} 类型字段：请在 ITSM 中填写。",
    "form.readonly.choices": "选项来自 ITSM：请在 ITSM 中填写。",
    "form.openItsm": "打开 ITSM",
    "drawer.starting": "单据已创建，流程正在启动…",
    "drawer.notStarted": "流程尚未启动。",
    "drawer.notStarted.advice": "ITSM 会在单据创建后稍等片刻再启动流程，请稍后再看。",
    "drawer.refresh": "重新查看",
    "act.heading": "可执行的操作",
    "act.cancel": "取消",
    "act.working": "处理中…",
    "act.refresh": "重新查看",
    "act.maybe": "没有收到响应：{action}可能已经完成。",
    "act.maybe.advice": "已重新加载单据的当前状态：请先确认，再决定是否重试。",
    "act.approve": "通过",
    "act.approve.name": "审批通过",
    "act.approve.title": "审批通过「{step}」",
    "act.approve.label": "备注",
    "act.approve.confirm": "通过",
    "act.approve.done": "已通过。ITSM 稍后会推进流程。",
    "act.approve.failed": "未能通过",
    "act.reject": "拒绝",
    "act.reject.name": "审批拒绝",
    "act.reject.title": "拒绝「{step}」",
    "act.reject.label": "拒绝理由",
    "act.reject.confirm": "拒绝",
    "act.reject.done": "已拒绝。ITSM 稍后会推进流程。",
    "act.reject.failed": "未能拒绝",
    "act.withdraw": "撤单",
    "act.withdraw.name": "撤单",
    "act.withdraw.title": "撤回这张单据",
    "act.withdraw.label": "撤单原因",
    "act.withdraw.confirm": "撤单",
    "act.withdraw.done": "单据已撤回。",
    "act.withdraw.failed": "未能撤单",
    "act.suspend": "挂起",
    "act.suspend.name": "挂起",
    "act.suspend.title": "挂起这张单据",
    "act.suspend.label": "挂起原因",
    "act.suspend.confirm": "挂起",
    "act.suspend.done": "单据已挂起。",
    "act.suspend.failed": "未能挂起",
    "act.resume": "恢复",
    "act.resume.name": "恢复",
    "act.resume.title": "恢复这张单据",
    "act.resume.label": "说明",
    "act.resume.confirm": "恢复",
    "act.resume.done": "单据已恢复。",
    "act.resume.failed": "未能恢复",
    "act.rate": "评价",
    "act.rate.name": "评价",
    "act.rate.title": "处理得怎么样？",
    "act.rate.label": "评语",
    "act.rate.confirm": "提交评价",
    "act.rate.done": "谢谢，评价已保存。",
    "act.rate.failed": "未能评价",
    "act.rate.stars": "星级",
    "act.rate.star": "{n} 星（满分 6 星）",
  },
};

/**
 * The page's message `key` in the current language, `{name}`s filled from `vars`; `fallback` (else
 * the key itself) when neither language has it.
 */
export function t(key, vars = {}, fallback = key) {
  const text = WORDS[current][key] ?? WORDS.en[key] ?? fallback;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Puts the page's words into its markup: the text of every `[data-i18n]` element, and the
 * `aria-label` of every `[data-i18n-label]` one, from their keys (the parts written for the writes
 * of issue 19: the New ticket dialog and the drawer's actions).
 */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
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
