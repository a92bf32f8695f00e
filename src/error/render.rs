//! An `ItsmError` as JavaScript sees it, from one property list: the module writes each
//! property as JSON for the driver, which makes the `Error` (`src/js/driver.js`), and the
//! generator (`src/bin/describe.rs`) declares the same list to TypeScript.
//!
//! Every text passes through the call's [`Redactor`] here, the last guard before the error
//! leaves the module.

use crate::mem::String;
#[cfg(not(target_arch = "wasm32"))]
use crate::mem::Vec;

use crate::error::codes::known;
use crate::error::{Code, Issue, ItsmError, Kind, Locale, Msg, Redactor, Sent};
use crate::text::json::Obj;

/// What an error is written with.
pub(crate) struct Render<'a> {
    /// The language of `userMessage`.
    pub(crate) locale: Locale,
    /// The secrets of the call.
    pub(crate) redactor: &'a Redactor,
}

impl Render<'_> {
    fn str(&self, o: &mut Obj, key: &str, text: &str) {
        o.str(key, &self.redactor.redact(text));
    }
}

/// The code as text: a number as JavaScript prints it.
pub(crate) fn code_text(code: &Code) -> String {
    match code {
        Code::Number(n) => {
            let mut out = String::new();
            crate::text::push_number(&mut out, *n);
            out
        }
        Code::Text(s) => s.clone(),
    }
}

/// `(reason, userMessage)` of an error.
fn reason_and_user(e: &ItsmError, locale: Locale) -> (&'static str, String) {
    if let (Kind::Api, Some(code)) = (e.kind, &e.code) {
        if let Some(k) = known(&code_text(code)) {
            return (
                k[0],
                String::from(if locale == Locale::Zh { k[2] } else { k[1] }),
            );
        }
        if let Some(server) = e.args.get(0).filter(|s| !s.is_empty()) {
            return (Msg::Api.reason(), String::from(server));
        }
    }
    match (e.kind, e.issues.first()) {
        (Kind::Validation, Some(first)) => {
            (first.msg.reason(), first.msg.user(locale, &first.args))
        }
        _ => (e.msg.reason(), e.msg.user(locale, &e.args)),
    }
}

/// Declares every property an `ItsmError` has beyond `name`, `kind` and `message`, in the
/// order they are set: a row is `group "name" "?" (or ""): "TypeScript type", "doc" =>
/// |error, render, object| code that writes it (or not)`. The group is where TypeScript
/// declares it: `base` (every error), `validation` or `api`.
macro_rules! properties {
    ($($group:ident $name:literal $opt:literal : $ts:literal, $doc:literal
        => |$e:ident, $r:ident, $o:ident| $body:expr;)*) => {
        fn write_properties(e: &ItsmError, r: &Render, o: &mut Obj) {
            $({
                let ($e, $r, $o) = (e, r, &mut *o);
                $body
            })*
        }

        /// `(group, name, optional, TypeScript type, doc)` of each property, for the generator.
        #[cfg(not(target_arch = "wasm32"))]
        pub(crate) static PROPERTIES: &[(&str, &str, &str, &str, &str)] =
            &[$((stringify!($group), $name, $opt, $ts, $doc),)*];
    };
}

properties! {
    base "reason" "": "ItsmReason",
        "Why, as a stable code to switch on or translate from: the first issue's rule for a validation error (`\"out_of_range\"`), the meaning of a known server code (`\"login_required\"`, `\"ticket_not_found\"`), or what failed (`\"timeout\"`, `\"network\"`, `\"http_status\"`, `\"bad_shape\"`, …)."
        => |e, r, o| {
            o.str("reason", reason_and_user(e, r.locale).0);
        };
    base "userMessage" "": "string",
        "A short sentence for the UI, in the client's `locale`, without field names: `\"须为 1 到 10000 之间\"`. For an api error with a code the package does not know, the server's own message."
        => |e, r, o| r.str(o, "userMessage", &reason_and_user(e, r.locale).1);
    validation "field" "": "string",
        "The first field at fault, e.g. `\"page_size\"`."
        => |e, r, o| if e.kind == Kind::Validation {
            r.str(o, "field", e.field().unwrap_or("params"));
        };
    validation "issues" "": "ValidationIssue[]",
        "Every broken rule."
        => |e, r, o| if e.kind == Kind::Validation {
            o.raw("issues", &issues_json(&e.issues, r));
        };
    api "code" "": "number | string",
        "The API's code as sent: a number (ESB, the gateway: `1306000`) or a string (ITSM: `\"SERVER_500_ERROR\"`). When the answer's `code` was missing or of another type, its JSON text (`\"null\"`, `\"{…}\"`), or `\"\"` when there was none. Known codes are exported as `ItsmCode`."
        => |e, r, o| if e.kind == Kind::Api {
            match &e.code {
                Some(Code::Number(n)) if n.is_finite() => {
                    crate::text::push_number(o.key("code"), *n);
                }
                Some(code) => r.str(o, "code", &code_text(code)),
                None => {
                    o.str("code", "");
                }
            }
        };
    base "status" "?": "number",
        "The HTTP status, when an answer arrived."
        => |e, _r, o| if let Some(s) = e.status {
            o.int("status", i64::from(s));
        };
    base "requestId" "?": "string",
        "ESB's `request_id` or the gateway's `X-Bkapi-Request-ID`, when the answer had one."
        => |e, r, o| if let Some(id) = &e.request_id {
            r.str(o, "requestId", id);
        };
    base "url" "?": "string",
        "The URL the request went to (absent for validation errors); secrets in it are redacted."
        => |e, r, o| if let Some(url) = &e.url {
            r.str(o, "url", url);
        };
    base "attempts" "": "number",
        "Requests sent in all, retries included (0 when validation failed)."
        => |e, _r, o| {
            o.int("attempts", i64::from(e.attempts));
        };
    base "sent" "?": "false | \"maybe\"",
        "For a write (createTicket, approve, …): `false` when the server did not act (nothing was sent, or it answered with a refusal); `\"maybe\"` when the request left and no answer came back (a timeout, a dropped connection): the server may have acted, so look before submitting again. Absent for reads."
        => |e, _r, o| match e.sent {
            Sent::No => {
                o.bool("sent", false);
            }
            Sent::Maybe => {
                o.str("sent", "maybe");
            }
            Sent::Unknown => {}
        };
}

/// Issues as a JSON array of `ValidationIssue`s: `field`, `reason`, `message` (the developer's
/// text, which names the field), `userMessage` (the UI's, which does not).
pub(crate) fn issues_json(issues: &[Issue], r: &Render) -> String {
    let mut out = String::from("[");
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut item = Obj::new();
        r.str(&mut item, "field", &issue.field);
        r.str(&mut item, "message", &issue.dev());
        item.str("reason", issue.msg.reason());
        r.str(
            &mut item,
            "userMessage",
            &issue.msg.user(r.locale, &issue.args),
        );
        out.push_str(&item.finish());
    }
    out.push(']');
    out
}

/// The error as the JSON object the driver makes an `ItsmError` of: `kind`, `message`, then
/// the properties above.
pub(crate) fn to_json(e: &ItsmError, r: &Render) -> String {
    let mut o = Obj::new();
    o.str("kind", e.kind.as_str());
    r.str(&mut o, "message", &e.dev());
    write_properties(e, r, &mut o);
    o.finish()
}

/// Every reason code an error or issue can carry, for the generator's `ItsmReason` type.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn reasons() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = crate::error::messages::TABLE.iter().map(|m| m.0).collect();
    all.extend(crate::error::codes::CODES.iter().map(|k| k.2));
    let mut out: Vec<&'static str> = Vec::new();
    for r in all {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::vec;

    #[test]
    fn a_validation_error_names_its_issues_in_both_texts() {
        let e = ItsmError::validation(vec![
            Issue::new("page", Msg::OutOfRange, &["0", "1", "9"]),
            Issue::new("sns", Msg::Required, &[]),
        ]);
        let r = Redactor::default();
        let text = to_json(
            &e,
            &Render {
                locale: Locale::Zh,
                redactor: &r,
            },
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "validation");
        assert_eq!(
            v["message"],
            "page: 0 is out of range: an integer from 1 to 9 is required (and 1 more problem: see error.issues)"
        );
        assert_eq!(v["reason"], "out_of_range");
        assert_eq!(v["userMessage"], "须在 1 到 9 之间");
        assert_eq!(v["field"], "page");
        assert_eq!(v["issues"][1]["reason"], "required");
        assert_eq!(v["issues"][1]["message"], "sns: is required");
        assert_eq!(v["attempts"], 0);
        assert!(v.get("code").is_none() && v.get("sent").is_none());
    }

    #[test]
    fn an_api_error_always_has_a_code_and_secrets_never_leave() {
        let r = Redactor::new(["tok-123"]);
        let render = Render {
            locale: Locale::En,
            redactor: &r,
        };
        let mut e = ItsmError::new(Kind::Api, Msg::Api, &["token tok-123 is invalid"]);
        let v: serde_json::Value = serde_json::from_str(&to_json(&e, &render)).unwrap();
        assert_eq!(v["code"], "");
        assert_eq!(v["message"], "token [REDACTED] is invalid");
        e.code = Some(Code::Number(1306000.0));
        let v: serde_json::Value = serde_json::from_str(&to_json(&e, &render)).unwrap();
        assert_eq!(v["code"], 1306000);
        assert_eq!(v["reason"], "login_required");
        assert_eq!(v["userMessage"], "Please sign in again");
        e.code = Some(Code::Number(f64::INFINITY));
        let v: serde_json::Value = serde_json::from_str(&to_json(&e, &render)).unwrap();
        assert_eq!(v["code"], "Infinity");
    }
}
