//! Every field rule, in one match: how a [`Value`] of each [`Rule`] is read, what it becomes
//! on the wire ([`Wire`]), and the issue that says why it was refused.
//!
//! Wrong types are refused, never coerced; the one conversion is a string of digits where an
//! integer goes, as a form gives it (and as the API document's own example sends
//! `"page_size": "10"`).

use crate::mem::vec;
use crate::mem::String;
use crate::mem::Vec;

use crate::engine::datetime::DateTime;
use crate::engine::describe::Rule;
use crate::engine::value::{Other, Value};
use crate::error::{Issue, Msg, REDACTED};
use crate::text::{int_text, json, push_int, trunc};

/// The most characters of a ticket number.
pub(crate) const MAX_SN_CHARS: usize = 64;

/// The statuses every ITSM knows (admin-defined ones are 32-hex keys).
pub(crate) const KNOWN_STATUSES: &[&str] = &[
    "NEW",
    "RUNNING",
    "RESOLVED",
    "CONFIRMED",
    "SUSPENDED",
    "FINISHED",
    "TERMINATED",
    "REVOKED",
];

/// The headers the client writes itself: a caller's value would break the request (a JSON
/// body read as something else) or its authentication.
pub(crate) const OWN_HEADERS: [&str; 3] = [
    "Content-Type",
    "X-Bkapi-Authorization",
    crate::engine::request::PROXY_HEADER,
];

/// A value as it goes on the wire (or, for options, as the driver uses it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wire {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A list of strings (comma-joined in a query string).
    Strs(Vec<String>),
    /// A list of integers (comma-joined in a query string).
    Ints(Vec<i64>),
    /// JSON text.
    Json(String),
    /// A function or an `AbortSignal` the driver keeps (its handle).
    Handle(u32),
    /// Header names and values.
    Headers(Vec<(String, String)>),
    /// Hook lists: `(name, handles)`.
    Hooks(Vec<(&'static str, Vec<u32>)>),
    /// A ticket's field values by key, in the order given.
    Fields(Vec<(String, Value)>),
}

/// The hook lists a client takes, in the order they run.
pub(crate) const HOOKS: [&str; 3] = ["beforeRequest", "afterResponse", "beforeError"];

/// `true` when an endpoint parameter's value counts as not given: `undefined`, `null`, a
/// string of nothing but white space, `[]`. A form's empty fields then pass as they are.
pub(crate) fn is_blank(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => true,
        Value::Str(s) => crate::text::is_blank(s),
        Value::Arr(items) => items.is_empty(),
        _ => false,
    }
}

/// `"a number 5"`, `"an object"`: what a value is, for "expected X, got Y" (never a secret's
/// value).
fn got(value: &Value, secret: bool) -> String {
    let mut out = String::from(value.type_name());
    if secret {
        out.push_str(" (");
        out.push_str(REDACTED);
        out.push(')');
    } else if matches!(
        value,
        Value::Bool(_) | Value::Num(_) | Value::Str(_) | Value::Arr(_)
    ) {
        out.push(' ');
        out.push_str(&value.describe());
    }
    out
}

fn issue(key: &str, msg: Msg, args: &[&str]) -> Issue {
    Issue::new(key, msg, args)
}

/// An issue whose first argument is `value` described, then `rest`.
fn about(key: &str, msg: Msg, value: &Value, rest: &[&str]) -> Issue {
    let mut out = issue(key, msg, &[&value.describe()]);
    for r in rest {
        out.args.0.push(crate::error::SEP);
        out.args.0.push_str(r);
    }
    out
}

fn wrong(key: &str, expected: &str, value: &Value, secret: bool) -> Issue {
    issue(key, Msg::WrongType, &[expected, &got(value, secret)])
}

/// Reads `value` by `rule` (`undefined` and, for parameters, blank values are handled by the
/// caller).
pub(crate) fn read(key: &str, value: &Value, rule: &Rule) -> Result<Wire, Issue> {
    match rule {
        Rule::Names if matches!(value, Value::Arr(_)) => match list(key, value, &Rule::Text)? {
            Wire::Strs(names) => Ok(Wire::Str(joined(&names))),
            other => Ok(other),
        },
        Rule::Text
        | Rule::User
        | Rule::Secret
        | Rule::Short(_)
        | Rule::TicketNumber
        | Rule::Status
        | Rule::Segment
        | Rule::Names => string(key, value, rule).map(Wire::Str),
        Rule::Integer { min, max, digits } => {
            integer(key, value, *min, *max, *digits).map(Wire::Int)
        }
        Rule::Date => match value {
            Value::Str(s) => match DateTime::parse(s) {
                Ok(_) => Ok(Wire::Str(s.clone())),
                Err(msg) => Err(about(key, msg, value, &[])),
            },
            other => Err(refuse(
                key,
                "a string \"YYYY-MM-DD hh:mm:ss\"",
                other,
                false,
            )),
        },
        Rule::OneOf(allowed) => one_of(key, value, allowed).map(|s| Wire::Str(s.into())),
        Rule::List(element) => list(key, value, element),
        Rule::Fields { strings } => fields(key, value, *strings),
        Rule::Boolean => match value {
            Value::Bool(b) => Ok(Wire::Bool(*b)),
            other => Err(wrong(key, "true or false", other, false)),
        },
        Rule::Json => {
            let mut out = String::new();
            if crate::engine::value::write_json(&mut out, value, 0) {
                Ok(Wire::Json(out))
            } else {
                Err(wrong(key, "plain JSON data", value, false))
            }
        }
        Rule::BaseUrl => crate::engine::url::base_url(key, value).map(Wire::Str),
        Rule::Headers => headers(key, value).map(Wire::Headers),
        Rule::Signal => match value {
            Value::Other(Other::Signal(h)) => Ok(Wire::Handle(*h)),
            Value::Other(Other::Class(_)) | Value::Obj(_) => Err(wrong(
                key,
                "an AbortSignal (from an AbortController)",
                &Value::Other(Other::Class(String::new())),
                false,
            )),
            other => Err(wrong(key, "an AbortSignal", other, false)),
        },
        Rule::Function => match value {
            Value::Other(Other::Function(h)) => Ok(Wire::Handle(*h)),
            other => Err(wrong(key, "a function", other, false)),
        },
        Rule::Hooks => hooks(key, value),
    }
}

/// The string rules, read by one path (one call of [`text`], then the rule's own check).
fn string(key: &str, value: &Value, rule: &Rule) -> Result<String, Issue> {
    let s = text(key, value, matches!(rule, Rule::Secret))?;
    let refused = match rule {
        // (`text` has refused a blank string already.)
        Rule::User if s.trim() != s.as_str() => Some(wrong(
            key,
            "a user name (no white space around it)",
            value,
            false,
        )),
        Rule::Short(max) if crate::text::char_count(&s) > usize::from(*max) => Some(about(
            key,
            Msg::TooLong,
            value,
            &[&int_text(i64::from(*max)), ""],
        )),
        // A ticket number and a URL segment: the same characters, at most 64.
        Rule::TicketNumber | Rule::Segment
            if s.len() > MAX_SN_CHARS
                || !s
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            let msg = if matches!(rule, Rule::Segment) {
                Msg::NotSegment
            } else {
                Msg::NotTicketNumber
            };
            Some(about(key, msg, value, &[]))
        }
        Rule::Status
            if !(KNOWN_STATUSES.contains(&s.as_str())
                || s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())) =>
        {
            Some(about(
                key,
                Msg::NotStatus,
                value,
                &[&crate::text::join(KNOWN_STATUSES, ", ")],
            ))
        }
        _ => None,
    };
    match refused {
        Some(e) => Err(e),
        None => Ok(s),
    }
}

/// `null` (its own message) or a value of the wrong type.
fn refuse(key: &str, expected: &str, value: &Value, secret: bool) -> Issue {
    match value {
        Value::Null => issue(key, Msg::Null, &[]),
        other => wrong(key, expected, other, secret),
    }
}

/// A non-empty string (`secret`: its value is never shown).
fn text(key: &str, value: &Value, secret: bool) -> Result<String, Issue> {
    match value {
        // (An endpoint's blank parameters are "not given" before this; configuration and
        // options are code, where white space alone is a mistake.)
        Value::Str(s) if !crate::text::is_blank(s) => Ok(s.clone()),
        Value::Str(_) => Err(issue(key, Msg::Empty, &[])),
        other => Err(refuse(key, "a non-empty string", other, secret)),
    }
}

fn one_of(key: &str, value: &Value, allowed: &[&'static str]) -> Result<&'static str, Issue> {
    let mut list = String::new();
    for (i, a) in allowed.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        json::push_str(&mut list, a, false);
    }
    match value {
        Value::Str(s) => allowed
            .iter()
            .find(|a| **a == s.as_str())
            .copied()
            .ok_or_else(|| about(key, Msg::NotOneOf, value, &[&list])),
        other => {
            let mut expected = String::from("one of ");
            expected.push_str(&list);
            Err(refuse(key, &expected, other, false))
        }
    }
}

fn integer(key: &str, value: &Value, min: i64, max: i64, digits: bool) -> Result<i64, Issue> {
    let bounds =
        |msg: Msg, hint: &str| about(key, msg, value, &[&int_text(min), &int_text(max), hint]);
    let n = match value {
        Value::Num(n) => {
            if !n.is_finite() || trunc(*n) != *n {
                return Err(bounds(Msg::NotInteger, ""));
            }
            *n
        }
        Value::Str(s) if digits => {
            let d = s.strip_prefix('-').unwrap_or(s);
            if d.is_empty() || d.len() > 15 || !d.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bounds(
                    Msg::NotInteger,
                    " (a string must be plain digits, like \"10\")",
                ));
            }
            // At most 15 digits: exact in both i64 and f64.
            let magnitude = d
                .bytes()
                .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
            (if s.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }) as f64
        }
        other => {
            let mut expected = String::from("an integer from ");
            push_int(&mut expected, min);
            expected.push_str(" to ");
            push_int(&mut expected, max);
            return Err(refuse(key, &expected, other, false));
        }
    };
    if n < min as f64 || n > max as f64 {
        return Err(bounds(Msg::OutOfRange, ""));
    }
    Ok(n as i64)
}

/// What a list's elements are, for its "expected an array of …".
fn elements(rule: &Rule) -> &'static str {
    match rule {
        Rule::Status => "ticket statuses",
        Rule::Integer { .. } => "integers",
        Rule::TicketNumber => "ticket numbers",
        _ => "non-empty strings",
    }
}

fn list(key: &str, value: &Value, element: &Rule) -> Result<Wire, Issue> {
    let items = match value {
        Value::Arr(items) => items,
        other => {
            let mut expected = String::from("an array of ");
            expected.push_str(elements(element));
            return Err(refuse(key, &expected, other, false));
        }
    };
    let mut strs = Vec::new();
    let mut ints = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // Messages name the element (`sns[1]: …`); the issue's field stays the key itself.
        let at = indexed(key, i);
        match read(&at, item, element) {
            Ok(Wire::Int(n)) => ints.push(n),
            Ok(Wire::Str(s)) => strs.push(s),
            Ok(_) => {}
            Err(e) => return Err(placed(e, key, at)),
        }
    }
    Ok(if matches!(element, Rule::Integer { .. }) {
        Wire::Ints(ints)
    } else {
        Wire::Strs(strs)
    })
}

/// `"a,b"`: names joined by commas.
pub(crate) fn joined(names: &[String]) -> String {
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(n);
    }
    out
}

/// A ticket's field values: `[{key, value}, …]` or `{key: value, …}`, each key once. `null`
/// is sent as `""` (the server's "no value"). `strings`: every value becomes a string (a
/// number its digits, an array of strings joined by commas), as a node's submission must be.
fn fields(key: &str, value: &Value, strings: bool) -> Result<Wire, Issue> {
    let entries: Vec<(&str, &Value)> = match value {
        Value::Obj(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                out.push((k.as_str(), v));
            }
            out
        }
        Value::Arr(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let at = indexed(key, i);
                let named = match item {
                    Value::Obj(members) => {
                        let stray = members.iter().find(|(k, _)| k != "key" && k != "value");
                        match (item.get("key"), stray) {
                            (_, Some((k, _))) => Err(unknown_key(k, &["key", "value"])),
                            (Value::Str(k), None) if !k.is_empty() => Ok(k.as_str()),
                            (other, None) => Err(wrong("key", "a non-empty string", other, false)),
                        }
                    }
                    other => Err(wrong(&at, "an object { key, value }", other, false)),
                };
                match named {
                    Ok(k) => out.push((k, item.get("value"))),
                    Err(e) => return Err(placed(e, key, at)),
                }
            }
            out
        }
        other => {
            return Err(refuse(
                key,
                "an array of { key, value } or an object of values by key",
                other,
                false,
            ))
        }
    };
    if entries.is_empty() {
        // `{}`: no field at all, as `[]` (which counts as not given).
        return Err(issue(key, Msg::Required, &[]));
    }
    let mut out: Vec<(String, Value)> = Vec::with_capacity(entries.len());
    for (name, v) in entries {
        let mut at = String::from(key);
        at.push('.');
        at.push_str(name);
        let fail = |e: Issue| placed(e, key, at.clone());
        if out.iter().any(|(k, _)| k == name) {
            return Err(fail(issue(&at, Msg::Twice, &[])));
        }
        let v = match v {
            Value::Null | Value::Undefined => Value::Str(String::new()),
            Value::Str(_) | Value::Bool(_) | Value::Num(_) | Value::Arr(_) | Value::Obj(_)
                if !strings =>
            {
                let mut probe = String::new();
                if !crate::engine::value::write_json(&mut probe, v, 0) {
                    return Err(fail(wrong(&at, "plain JSON data", v, false)));
                }
                v.clone()
            }
            Value::Str(_) => v.clone(),
            Value::Num(n) if n.is_finite() => {
                let mut s = String::new();
                crate::text::push_number(&mut s, *n);
                Value::Str(s)
            }
            Value::Arr(_) => match list(&at, v, &Rule::Text) {
                Ok(Wire::Strs(items)) => Value::Str(joined(&items)),
                Ok(_) => Value::Str(String::new()),
                Err(e) => return Err(fail(e)),
            },
            other => {
                return Err(fail(wrong(
                    &at,
                    "a string, a number or an array of strings",
                    other,
                    false,
                )))
            }
        };
        out.push((String::from(name), v));
    }
    Ok(Wire::Fields(out))
}

/// `e`, of the element or member `at` of `key`: messages name `at`, the issue's field stays
/// `key`.
fn placed(mut e: Issue, key: &str, at: String) -> Issue {
    e.field = String::from(key);
    e.path = Some(at);
    e
}

/// `key[i]`.
fn indexed(key: &str, i: usize) -> String {
    let mut at = String::from(key);
    at.push('[');
    push_int(&mut at, i as i64);
    at.push(']');
    at
}

/// A `Record<string, string>` of extra headers: names that are HTTP tokens, given once, none
/// of the client's own; values that `fetch` accepts (Latin-1 characters, no CR, LF or NUL,
/// which would also let a value smuggle in another header). Messages never quote a value: a
/// header may carry a token.
fn headers(key: &str, value: &Value) -> Result<Vec<(String, String)>, Issue> {
    let entries = match value {
        Value::Obj(entries) => entries,
        other => {
            return Err(refuse(
                key,
                "a plain object of header names to string values",
                other,
                false,
            ))
        }
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(entries.len());
    for (name, v) in entries {
        let mut shown = String::new();
        json::push_str(&mut shown, name, false);
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        let problem = if !token {
            Some("is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")
        } else if let Some(own) = OWN_HEADERS.iter().find(|o| o.eq_ignore_ascii_case(name)) {
            Some(match own.len() {
                12 => "is always application/json",
                17 => "is written by the client for a same-origin proxy",
                _ => "is written by the client from the common parameters",
            })
        } else if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some("is given twice (header names ignore case)")
        } else {
            match v {
                Value::Str(s) if s.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) => {
                    Some("has a value with a line break or NUL")
                }
                Value::Str(s) if s.chars().any(|c| u32::from(c) > 0xff) => {
                    Some("has a value beyond Latin-1, which fetch cannot send (encode it first)")
                }
                Value::Str(s) => {
                    out.push((name.clone(), s.clone()));
                    None
                }
                _ => Some("must have a string value"),
            }
        };
        if let Some(problem) = problem {
            return Err(issue(key, Msg::BadHeader, &[&shown, problem]));
        }
    }
    Ok(out)
}

/// `{ beforeRequest: [fn, …], afterResponse: [fn, …], beforeError: [fn, …] }`.
fn hooks(key: &str, value: &Value) -> Result<Wire, Issue> {
    let Value::Obj(entries) = value else {
        return Err(wrong(key, "an object of hook lists", value, false));
    };
    let mut out = Vec::new();
    for (name, list) in entries {
        let mut at = String::from(key);
        at.push('.');
        at.push_str(name);
        let Some(hook) = HOOKS.iter().find(|h| **h == name.as_str()) else {
            return Err(placed(unknown_key(name, &HOOKS), key, at));
        };
        let mut handles = Vec::new();
        let stray = match list {
            Value::Undefined => continue,
            Value::Arr(items) => {
                let mut stray = None;
                for item in items {
                    match item {
                        Value::Other(Other::Function(h)) => handles.push(*h),
                        other => {
                            stray = Some(other);
                            break;
                        }
                    }
                }
                stray
            }
            other => Some(other),
        };
        if let Some(other) = stray {
            let e = wrong(key, "an array of functions", other, false);
            return Err(placed(e, key, at));
        }
        out.push((*hook, handles));
    }
    Ok(Wire::Hooks(out))
}

/// The issue of an unknown key, with the closest known key as a suggestion.
pub(crate) fn unknown_key(key: &str, known: &[&str]) -> Issue {
    let mut hint = String::new();
    match closest(key, known) {
        Some(best) => {
            hint.push_str(": did you mean ");
            json::push_str(&mut hint, best, false);
            hint.push('?');
        }
        None => {
            hint.push_str(" (known keys: ");
            hint.push_str(&crate::text::join(known, ", "));
            hint.push(')');
        }
    }
    Issue::new(key, Msg::UnknownKey, &[&hint])
}

/// The known key closest to `key`: the same letters ignoring case, `_` and `-`, or at most a
/// third of its characters away (edit distance).
pub(crate) fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key_norm = norm(key);
    for k in known {
        if norm(k) == key_norm {
            return Some(k);
        }
    }
    let limit = (crate::text::char_count(key) / 3).max(1).min(3);
    // The first of the nearest.
    let mut best: Option<(usize, &'a str)> = None;
    for k in known {
        let d = edit_distance(&key_norm, &norm(k));
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// A key's letters for [`closest`]: lower case, without `_` and `-`, at most 64.
fn norm(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in s.chars() {
        if out.len() == 64 {
            break;
        }
        if c != '_' && c != '-' {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    // One row: `row[j]` is the distance of `a[..i]` to `b[..j]` as `i` goes.
    let mut row = vec![0; b.len() + 1];
    for (j, slot) in row.iter_mut().enumerate() {
        *slot = j;
    }
    for (i, ca) in a.iter().enumerate() {
        let mut diag = i;
        let mut left = i + 1;
        if let Some(first) = row.first_mut() {
            *first = left;
        }
        for (j, cb) in b.iter().enumerate() {
            let Some(slot) = row.get_mut(j + 1) else {
                break;
            };
            let d = (diag + usize::from(ca != cb)).min(*slot + 1).min(left + 1);
            diag = *slot;
            *slot = d;
            left = d;
        }
    }
    row.last().copied().unwrap_or(0)
}
