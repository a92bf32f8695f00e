//! Every message the package shows, in one table: a stable reason code to switch on and
//! translate from, a short text for the UI in English and Chinese (no field name in it), and
//! the developer's text (English, with the value and the rule), which an `ItsmError`'s
//! `message` and an issue's `message` carry.
//!
//! `{0}`, `{1}`, … are the message's arguments (a value as shown, a bound, a name). The
//! developer text of an issue is prefixed with the field (`page_size: …`) when it is shown.
//! The reason codes are part of the package's API: never change one, only add.

use crate::mem::String;

use crate::error::Args;
use crate::text::{byte_at, nth};

/// The interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Locale {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
}

macro_rules! messages {
    ($($name:ident $reason:literal, $en:literal, $zh:literal, $dev:literal;)*) => {
        /// A message of the table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Msg {
            $(
                #[doc = $dev]
                $name,
            )*
        }

        /// `reason\ten\tzh\tdev\n` for each [`Msg`], in its order: one text, because a table of
        /// texts costs 8 bytes of pointer and length a text, which compress badly (packing this
        /// table and the codes' took 1.0 KB gzip off the module).
        static TEXTS: &str = concat!($($reason, "\t", $en, "\t", $zh, "\t", $dev, "\n",)*);

        /// `(reason, en, zh, dev)` for each [`Msg`], in its order, for the generator and the
        /// tests (not in the module).
        #[cfg(not(target_arch = "wasm32"))]
        pub(crate) static TABLE: &[(&str, &str, &str, &str)] = &[$(($reason, $en, $zh, $dev),)*];
    };
}

messages! {
    // Parameters, options and configuration.
    Required "required", "Required", "必填", "is required";
    UnknownKey "unknown_key", "Unknown field", "未知字段", "is not a known key{0}";
    WrongType "wrong_type", "Invalid value", "值无效", "expected {0}, got {1}";
    Null "null", "Invalid value", "值无效", "null is not allowed: leave the key out (or set it to undefined) for \"not given\"";
    Empty "empty", "Required", "必填", "an empty string (or white space only) is not allowed: a non-empty string is required";
    NotInteger "not_integer", "Must be a whole number", "须为整数", "{0} is not allowed: an integer from {1} to {2} is required{3}";
    OutOfRange "out_of_range", "Must be from {1} to {2}", "须在 {1} 到 {2} 之间", "{0} is out of range: an integer from {1} to {2} is required";
    NotTicketNumber "not_ticket_number", "Not a ticket number", "不是有效的单号", "{0} is not a ticket number: expected ASCII letters and digits such as \"REQ20240101000001\" (at most 64, no spaces)";
    NotOneOf "not_one_of", "Not an allowed value", "不是可选的值", "{0} is not one of {1}";
    BadDate "bad_date", "Use the form YYYY-MM-DD hh:mm:ss", "格式应为 YYYY-MM-DD hh:mm:ss", "{0} must be exactly \"YYYY-MM-DD hh:mm:ss\" (24-hour clock)";
    NoSuchDate "no_such_date", "Not a real date", "日期不存在", "{0} is not a real calendar date";
    NoSuchTime "no_such_time", "Not a real time of day", "时间不存在", "{0} is not a real time of day (hours 00-23, minutes and seconds 00-59)";
    DateOrder "date_order", "Later than the end of the range", "开始时间晚于结束时间", "\"{0}\" is later than {1} \"{2}\", so nothing can match{3}";
    DatePair "date_pair", "Give both ends of the range", "请同时填写起止时间", "is ignored by the server without {0}: give both (the range is inclusive)";
    NotStatus "not_status", "Not a ticket status", "不是有效的单据状态", "{0} is not a ticket status: expected one of {1} or an admin-defined 32-hex status key";
    TooLong "too_long", "At most {1} characters", "最多 {1} 个字符", "{0} is longer than {1} characters, the most the server takes{2}";
    NotThroughEsb "gateway_only", "Not available through ESB", "ESB 不支持", "{0}";
    Unreadable "unreadable", "Invalid value", "值无效", "could not be read: {0}";
    BadUrl "bad_url", "Not a valid address", "地址无效", "{0}";
    BadHeader "bad_header", "Not a valid header", "请求头无效", "{0} {1}";
    OnlyGateway "apigw_only", "Only with the API gateway", "仅用于 API 网关", "only applies to the API gateway: set gateway: \"apigw\" as well";
    NotSegment "bad_segment", "Letters, digits, - and _ only", "只能包含字母、数字、- 和 _", "{0} must be letters, digits, - and _ (it goes into the path)";
    NoFetch "no_fetch", "This browser cannot send requests", "当前环境无法发送请求", "is not available: this package sends with the global fetch (browsers, Node 18+): pass createClient({ fetch }), or install a fetch polyfill";
    Twice "twice", "Given twice", "重复填写", "is given twice";
    RequiredWhen "required", "Required", "必填", "is required when {0} is {1}";
    // A ticket's form (the service's fields), and the step an action is for.
    NotInForm "not_in_form", "Not a field of this form", "不是此表单的字段", "is not a field of the service's form (its fields: {0})";
    FormRequired "required", "Required", "必填", "{0} is required by the service's form";
    NotAChoice "not_a_choice", "Not one of the choices", "不是可选项", "{0} is not one of the choices of {1}: {2}";
    NoChoices "form_broken", "This field cannot be filled here", "此字段无法在此填写", "{0} has no choices in the service's form, so the server refuses any value (ask the service's admin)";
    UnknownRule "form_broken", "This field cannot be filled here", "此字段无法在此填写", "{0} names the rule {1}, which ITSM does not know, so the server refuses any value (ask the service's admin)";
    BadFormat "bad_format", "Must be {1}", "须为{2}", "{0} is not {1}, as the form's rule {3} requires";
    NoMatch "bad_format", "Invalid format", "格式不正确", "{0} does not match the form's pattern {1}";
    BadFormDate "bad_date", "Use the form {1}", "格式应为 {1}", "{0} is not a real date in the form {1}";
    TooEarly "too_early", "Must be after {1}", "须晚于{2}", "{0} is not after {1}, as the form's rule {3} requires (the server's clock, UTC+8, decides)";
    TooLate "too_late", "Must be before {1}", "须早于{2}", "{0} is not before {1}, as the form's rule {3} requires (the server's clock, UTC+8, decides)";
    RowRequired "required", "Required", "必填", "row {0}: {1} is required by the service's form";
    OtherAnswer "wrong_type", "Invalid value", "值无效", "is for {0} {1}, not {2}: hand in the answer of this call's own {0}";
    NotAForm "wrong_type", "Invalid value", "值无效", "is not {0} (expected what {1} resolves to)";
    NotCurrentStep "not_current_step", "This step is no longer open", "该步骤已不在进行中", "{0} is not a running step of the ticket now (its running steps: {1})";
    NotProcessor "not_processor", "You are not a processor of this step", "您不是此步骤的处理人", "{0} is not one of the step's processors ({1})";
    NotUser "not_the_user", "You can only act as yourself", "只能以本人身份操作", "{0} is not the client's user {1}: a write acts as the user the client was made for (createClient({ user }))";
    // Failures after sending.
    Api "api", "The server refused the request", "服务器拒绝了请求", "{0}";
    HttpStatus "http_status", "The server answered with an error (HTTP {0})", "服务器返回错误（HTTP {0}）", "HTTP {0}{1}: the answer is not the API's JSON envelope ({2})";
    Redirect "redirect", "The server redirected the request", "服务器重定向了请求", "the server answered with a redirect ({0}{1}); the client never follows redirects, because a redirected request would carry its credentials (bk_app_secret, bk_token) to wherever it points: point baseUrl at the final address";
    Network "network", "Could not reach the server", "无法连接服务器", "no answer from {0}: {1} (the server is unreachable, the connection dropped, or the browser blocked the request: CORS, mixed content){2}";
    NotResponse "network", "Could not reach the server", "无法连接服务器", "fetch resolved to something that is not a Response (is fetch patched?)";
    Timeout "timeout", "The server took too long to answer", "服务器响应超时", "no complete answer within {0} ms (timeoutMs){1}";
    NotYet "timeout", "The ticket is still being set up", "单据仍在创建中", "the ticket stood at no step yet after {0} ms (waitMs): its flow has not started on the server (is ITSM's celery worker running?)";
    Aborted "aborted", "Cancelled", "已取消", "the request was aborted by its AbortSignal";
    NotEnvelope "not_envelope", "The server's answer could not be read", "无法识别服务器的响应", "the answer is not the API's JSON envelope ({0})";
    NoResult "not_envelope", "The server's answer could not be read", "无法识别服务器的响应", "the answer is JSON but not the API's envelope: it has no boolean `result`";
    BadShape "bad_shape", "The server's answer could not be read", "无法识别服务器的响应", "the answer is not {0}: {1}: expected {2}, got {3}";
    WrongPage "wrong_page", "The server does not page through results", "服务器不支持分页", "the server answered page {0} when page {1} was asked for: it ignores `page` in the body, as ITSM before 2.6.0 does (it reads the query string only, which ESB drops): upgrade ITSM, or use the API gateway (gateway: \"apigw\")";
    RepeatedPage "repeated_page", "The server does not page through results", "服务器不支持分页", "page {0} brought no item that the pages before it had not: the server repeats pages or ignores `page`, so the walk stops";
    HookFailed "hook_failed", "The request could not be prepared", "无法准备请求", "a beforeRequest hook threw: {0}";
    NoWasm "no_webassembly", "This browser is too old for this page", "浏览器版本过低", "is not available: this package runs in WebAssembly, which this environment lacks";
}

impl Msg {
    /// Field `i` of the message's line of [`TEXTS`]: 0 the reason, 1 English, 2 Chinese, 3 the
    /// developer's text.
    fn text(self, i: usize) -> &'static str {
        text_at(self as usize, i)
    }

    /// The stable reason code.
    pub(crate) fn reason(self) -> &'static str {
        self.text(0)
    }

    /// The short text for the UI.
    pub(crate) fn user(self, locale: Locale, args: &Args) -> String {
        fill(self.text(if locale == Locale::Zh { 2 } else { 1 }), args)
    }

    /// The developer's text.
    pub(crate) fn dev(self, args: &Args) -> String {
        fill(self.text(3), args)
    }
}

/// Field `i` of line `line` of [`TEXTS`].
fn text_at(line: usize, i: usize) -> &'static str {
    nth(nth(TEXTS, b'\n', line), b'\t', i)
}

/// `template` with `{0}` … `{9}` replaced by `args` (a missing one by nothing).
pub(crate) fn fill(template: &str, args: &Args) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = byte_at(rest, b'{') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let tail = rest.get(at..).unwrap_or_default().as_bytes();
        match (tail.get(1), tail.get(2)) {
            (Some(d @ b'0'..=b'9'), Some(b'}')) => {
                if let Some(arg) = args.get(usize::from(d - b'0')) {
                    out.push_str(arg);
                }
                rest = rest.get(at + 3..).unwrap_or_default();
            }
            _ => {
                out.push('{');
                rest = rest.get(at + 1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_take_their_arguments() {
        let args = Args::of(&["10001", "1", "10000"]);
        assert_eq!(
            Msg::OutOfRange.dev(&args),
            "10001 is out of range: an integer from 1 to 10000 is required"
        );
        assert_eq!(
            Msg::OutOfRange.user(Locale::En, &args),
            "Must be from 1 to 10000"
        );
        assert_eq!(
            Msg::OutOfRange.user(Locale::Zh, &args),
            "须在 1 到 10000 之间"
        );
        assert_eq!(fill("a {x} {9} {", &Args::default()), "a {x}  {");
    }

    #[test]
    fn the_packed_texts_are_the_table() {
        for (line, row) in TABLE.iter().enumerate() {
            let packed = (0..4).map(|i| text_at(line, i));
            assert!(packed.eq([row.0, row.1, row.2, row.3]), "{row:?}");
        }
        assert_eq!(text_at(TABLE.len(), 0), "");
        assert_eq!(Msg::NoWasm as usize + 1, TABLE.len());
        assert_eq!(Msg::NoWasm.reason(), "no_webassembly");
    }

    #[test]
    fn every_message_has_a_reason_and_both_languages() {
        for (reason, en, zh, dev) in TABLE {
            assert!(!reason.is_empty() && !en.is_empty() && !zh.is_empty() && !dev.is_empty());
            assert!(
                reason.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{reason}"
            );
            // The UI text never starts with a field name.
            assert!(!en.contains(": ") && !zh.contains(": "), "{en} {zh}");
        }
    }
}
