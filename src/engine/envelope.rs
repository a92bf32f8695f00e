//! What an answer means: the endpoint's result, the API's refusal, an HTTP failure, a shape
//! error, or a transport failure. The result's shape is the endpoint's own (checked by
//! `shape.rs`); everything else here is common to every ITSM API.
//!
//! | answer | outcome |
//! |---|---|
//! | any status, envelope with `result: false` | `api` error with `code` as sent |
//! | 2xx, envelope with `result: true` and the endpoint's result in `data` | the result |
//! | 2xx, anything else (not JSON, empty, `data` of another shape) | `decode` error |
//! | non-2xx without a usable envelope | `http` error, or `api` when the gateway's `X-Bkapi-Error-Code` header says why |

use crate::mem::String;

use crate::engine::describe::{Endpoint, Ty};
use crate::engine::shape::{kind, kind_name, preview, Answer, Checker, Cursor, Source};
use crate::engine::value::{write_json, Value, EXCERPT_CHARS};
use crate::error::{Code, ItsmError, Kind, Msg, Redactor};
use crate::text::json::{self, escape_controls};
use crate::text::{int_text, push_int, push_number, shorten};

/// The longest server text (`message`, a string `code`, a request id) an error keeps: a
/// hostile server cannot make an error message megabytes long.
pub(crate) const MAX_SERVER_TEXT_CHARS: usize = 2000;

/// What the driver's `send` resolved to (`outcome.k`).
pub(crate) mod outcome {
    /// An answer arrived (status, headers, body).
    pub(crate) const ANSWER: i64 = 0;
    /// No answer: `why` says what the network error said.
    pub(crate) const NETWORK: i64 = 1;
    /// The timeout fired.
    pub(crate) const TIMEOUT: i64 = 2;
    /// The caller's signal fired.
    pub(crate) const ABORTED: i64 = 3;
    /// A redirect (`status`, `location`).
    pub(crate) const REDIRECT: i64 = 4;
    /// `fetch` resolved to something that is not a `Response`.
    pub(crate) const NOT_RESPONSE: i64 = 5;
    /// The caller's signal had fired before anything was sent.
    pub(crate) const ABORTED_BEFORE: i64 = 6;
}

/// A server's text, as an error keeps it: its control characters, bidirectional controls and
/// escape sequences escaped (a `message` must not forge or reorder the caller's log lines),
/// and shortened.
fn server_text(s: &str) -> String {
    shorten(&escape_controls(s), MAX_SERVER_TEXT_CHARS)
}

/// What a successful answer tells beyond its result.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Success {
    /// ESB's body `request_id`, else the gateway's header.
    pub(crate) request_id: Option<String>,
    /// For a page: `page`, `total_page`, `count`.
    pub(crate) page: Option<[i64; 3]>,
}

/// Classifies the driver's outcome of one request of `endpoint` (`requested`: the page asked
/// for), reading the probe records from `records`. The error is not yet redacted.
pub(crate) fn classify(
    endpoint: &Endpoint,
    requested: i64,
    o: &Value,
    records: Source,
    answer: Answer,
    redactor: &Redactor,
    url: &str,
) -> Result<Success, ItsmError> {
    let n = |k: &str| o.get(k).int();
    let text = |k: &str| o.get(k).str().map(server_text);
    match n("k").unwrap_or(-1) {
        outcome::ANSWER => {}
        outcome::TIMEOUT => {
            return Err(ItsmError::new(
                Kind::Timeout,
                Msg::Timeout,
                &[&int_text(n("timeout").unwrap_or(0)), ""],
            ))
        }
        outcome::ABORTED | outcome::ABORTED_BEFORE => {
            return Err(ItsmError::new(Kind::Aborted, Msg::Aborted, &[]))
        }
        outcome::REDIRECT => {
            let status = n("status").filter(|s| *s != 0);
            let mut what = String::new();
            match status {
                Some(s) => {
                    what.push_str("HTTP ");
                    push_int(&mut what, s);
                }
                None => what.push_str("a redirect"),
            }
            let to = match o.get("location").str() {
                Some(l) => {
                    let mut out = String::from(" to ");
                    out.push_str(&shorten(&escape_controls(l), EXCERPT_CHARS));
                    out
                }
                None => String::new(),
            };
            let mut e = ItsmError::new(Kind::Http, Msg::Redirect, &[&what, &to]);
            e.status = status.map(|s| s as u16);
            return Err(e);
        }
        outcome::NOT_RESPONSE => return Err(ItsmError::new(Kind::Network, Msg::NotResponse, &[])),
        _ => {
            return Err(ItsmError::new(
                Kind::Network,
                Msg::Network,
                &[
                    url,
                    &text("why").unwrap_or_else(|| String::from("unknown error")),
                    "",
                ],
            ))
        }
    }

    let status = n("status").unwrap_or(0).max(0).min(999) as u16;
    let ok = (200..300).contains(&status);
    let header_request_id = text("rid");
    let header_message = text("em").filter(|m| !m.trim().is_empty());
    let fail = |kind: Kind, msg: Msg, args: &[&str], request_id: Option<String>| {
        let mut e = ItsmError::new(kind, msg, args).with_status(status);
        e.request_id = request_id.or_else(|| header_request_id.clone());
        e
    };

    let parsed = matches!(o.get("parsed"), Value::Bool(true));
    let mut cur = Cursor::new(records);
    let caps = o.get("caps").items();
    let mut checker = Checker::new(&mut cur, caps);
    let root = if parsed {
        checker.capture_kind()
    } else {
        kind::UNDEFINED
    };
    let envelope = root == kind::OBJECT;
    let mut env: [(u8, &Value); 4] = [(0, &Value::Undefined); 4];
    if envelope {
        for slot in env.iter_mut() {
            *slot = checker.capture();
        }
    }
    let [(result_kind, result), (_, code), (_, message), (_, body_request_id)] = env;
    let body_request_id = body_request_id.str().map(server_text);
    let result = (result_kind == kind::BOOL).then_some(matches!(result, Value::Bool(true)));

    match (envelope, result) {
        (true, Some(false)) => {
            let code = match code {
                Value::Num(n) if n.is_finite() => Code::Number(*n),
                Value::Num(n) => {
                    let mut out = String::new();
                    push_number(&mut out, *n);
                    Code::Text(out)
                }
                Value::Str(s) => Code::Text(server_text(s)),
                Value::Undefined => match o.get("ec").str() {
                    Some(header) => header_code(header),
                    None => Code::Text(String::new()),
                },
                other => {
                    let mut out = String::new();
                    if !write_json(&mut out, other, 0) {
                        out = other.describe();
                    }
                    Code::Text(server_text(&out))
                }
            };
            let message = message
                .str()
                .filter(|m| !m.trim().is_empty())
                .map(server_text)
                .or_else(|| header_message.clone())
                .unwrap_or_else(|| String::from("the API refused the request without a message"));
            let mut e = fail(Kind::Api, Msg::Api, &[&message], body_request_id);
            e.code = Some(code);
            Err(e)
        }
        (true, Some(true)) if ok => {
            let request_id = body_request_id.or_else(|| header_request_id.clone());
            if let Err(d) = checker.check(&endpoint.result, false, false) {
                let got = d.got.clone().unwrap_or_else(|| {
                    if d.kind == kind::UNDEFINED {
                        String::from("undefined")
                    } else {
                        let shown = preview(answer, &d.path_json());
                        if shown.is_empty() {
                            String::from(kind_name(d.kind))
                        } else {
                            shown
                        }
                    }
                });
                return Err(fail(
                    Kind::Decode,
                    Msg::BadShape,
                    &[
                        endpoint.what,
                        &d.path_text(),
                        &d.expected,
                        &redactor.redact(&got),
                    ],
                    request_id,
                ));
            }
            let page =
                matches!(endpoint.result, Ty::Page(_)).then(|| Checker::page_numbers(caps, 4));
            if let Some([answered, _, _]) = page {
                if answered != requested {
                    return Err(fail(
                        Kind::Decode,
                        Msg::WrongPage,
                        &[&int_text(answered), &int_text(requested)],
                        request_id,
                    ));
                }
            }
            Ok(Success { request_id, page })
        }
        _ if !ok => {
            if let Some(header) = o.get("ec").str() {
                let message = header_message.clone().unwrap_or_else(|| {
                    let mut out = String::from("the API gateway refused the request (HTTP ");
                    push_int(&mut out, i64::from(status));
                    out.push(')');
                    out
                });
                let mut e = fail(Kind::Api, Msg::Api, &[&message], None);
                e.code = Some(header_code(header));
                return Err(e);
            }
            let status_text = int_text(i64::from(status));
            Err(fail(
                Kind::Http,
                Msg::HttpStatus,
                &[
                    &status_text,
                    reason_phrase(&status_text),
                    &describe_body(o, answer, parsed, redactor),
                ],
                None,
            ))
        }
        (true, _) => Err(fail(Kind::Decode, Msg::NoResult, &[], None)),
        (false, _) => Err(fail(
            Kind::Decode,
            Msg::NotEnvelope,
            &[&describe_body(o, answer, parsed, redactor)],
            None,
        )),
    }
}

/// `true` for ITSM's answer to a page past the end: `SERVER_500_ERROR` with Django's
/// "Invalid page." in English or Chinese (`无效页。` as a `zh-hans` server words it, `无效页面。`
/// as older translations do). During a walk this means the result set shrank since the first
/// page.
pub(crate) fn is_invalid_page(e: &ItsmError) -> bool {
    e.kind == Kind::Api
        && matches!(&e.code, Some(Code::Text(c)) if c == "SERVER_500_ERROR")
        && matches!(
            e.args.get(0).map(|m| m.trim()),
            Some("Invalid page." | "无效页。" | "无效页面。")
        )
}

fn header_code(code: &str) -> Code {
    let t = code.trim();
    if !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit()) {
        Code::Number(t.bytes().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) as f64)
    } else {
        Code::Text(server_text(code))
    }
}

/// What the body of an answer that is not the API's envelope is: its content type and a
/// one-line excerpt (redacted: an error page may echo the request).
fn describe_body(o: &Value, answer: Answer, parsed: bool, redactor: &Redactor) -> String {
    let mut out = match o.get("ct").str() {
        Some(c) => shorten(
            &escape_controls(crate::text::until(c, b";").trim_ascii()),
            EXCERPT_CHARS,
        ),
        None => String::new(),
    };
    if out.is_empty() {
        out.push_str("no content type");
    }
    if parsed {
        out.push_str(": ");
        out.push_str(&redactor.redact(&preview(answer, "[]")));
        return out;
    }
    let length = o.get("length").int().unwrap_or(0);
    if length == 0 {
        out.push_str(", empty body");
        return out;
    }
    let mut excerpt = String::from(o.get("excerpt").str().unwrap_or_default());
    // The driver cut the body: mark where, so the start of a secret the cut left is redacted
    // too, and the reader sees the excerpt is not the whole body.
    if length > utf16_len(&excerpt) && !excerpt.ends_with('…') {
        excerpt.push('…');
    }
    let excerpt = redactor.redact(&excerpt);
    // On one line: every run of white space one space.
    let mut one_line = String::with_capacity(excerpt.len());
    for c in excerpt.chars() {
        if !c.is_whitespace() {
            one_line.push(c);
        } else if !one_line.is_empty() && !one_line.ends_with(' ') {
            one_line.push(' ');
        }
    }
    let one_line = one_line.trim_ascii_end();
    out.push_str(", ");
    push_int(&mut out, length);
    out.push_str(" characters: ");
    json::push_str(&mut out, &shorten(one_line, EXCERPT_CHARS), false);
    out
}

/// How many UTF-16 units `s` is (a byte count: `encode_utf16` costs more): one per character,
/// two for a character of four bytes.
fn utf16_len(s: &str) -> i64 {
    let mut n = 0;
    for b in s.bytes() {
        n += i64::from(b & 0xc0 != 0x80) + i64::from(b >= 0xf0);
    }
    n
}

/// The reason phrases of the statuses an error names, one a line after the status.
///
/// Why one text: a match over the statuses costs a jump table and a pointer and a length per
/// phrase (see `form.rs`'s named rules).
static REASONS: &str = concat!(
    "400 Bad Request\n",
    "401 Unauthorized\n",
    "403 Forbidden\n",
    "404 Not Found\n",
    "405 Method Not Allowed\n",
    "408 Request Timeout\n",
    "413 Payload Too Large\n",
    "429 Too Many Requests\n",
    "500 Internal Server Error\n",
    "502 Bad Gateway\n",
    "503 Service Unavailable\n",
    "504 Gateway Timeout",
);

/// `" Bad Request"` for the status `"400"`, or `""`.
fn reason_phrase(status: &str) -> &'static str {
    let mut rest = REASONS;
    while !rest.is_empty() {
        let (line, next) = crate::text::cut(rest, b'\n');
        rest = next.unwrap_or_default();
        if line.get(..3) == Some(status) {
            return line.get(3..).unwrap_or_default();
        }
    }
    ""
}
