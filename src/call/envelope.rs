//! The envelope classifier: an HTTP response becomes the endpoint's checked result, the API's
//! refusal, an HTTP failure, or a shape error. The result's shape is the endpoint's own
//! ([`ResultShape`]); everything else here is common to every ITSM API.
//!
//! | answer | result |
//! |---|---|
//! | any status, envelope with `result: false` | [`ErrorKind::Api`] with `code` as sent |
//! | 2xx, envelope with `result: true` and the endpoint's result in `data` | the result |
//! | 2xx, anything else (not JSON, empty, `data` of another shape) | [`ErrorKind::Decode`] |
//! | non-2xx without a usable envelope | [`ErrorKind::Http`], or [`ErrorKind::Api`] when the gateway's `X-Bkapi-Error-Code` header says why |

use crate::call::json::{escape_controls, write_string};
use crate::endpoints::{ResultShape, ShapeError};
use crate::error::Redactor;
use crate::error::{Code, ErrorKind, ItsmError};
use crate::input::value::{shorten, View, EXCERPT_CHARS};

/// The longest server text (`message`, a string `code`, a request id) an error keeps: a hostile
/// server cannot make an error message megabytes long.
pub const MAX_SERVER_TEXT_CHARS: usize = 2000;

/// A server's text, as an error keeps it: its control characters, bidirectional controls and
/// escape sequences escaped (a `message` must not forge or reorder the caller's log lines),
/// and shortened.
fn server_text(s: String) -> String {
    let s = escape_controls(&s);
    if s.len() <= MAX_SERVER_TEXT_CHARS {
        s
    } else {
        shorten(&s, MAX_SERVER_TEXT_CHARS)
    }
}

/// The body of an answer, as far as JSON goes.
#[derive(Debug)]
pub enum Body<V> {
    /// It parsed as JSON.
    Json(V),
    /// It did not; `excerpt` is its start, for the message.
    NotJson {
        /// The first characters of the body.
        excerpt: String,
        /// The body length in UTF-16 units, as JavaScript counts it.
        length: u32,
    },
}

/// An HTTP response as the transport read it off `fetch`'s `Response`.
#[derive(Debug)]
pub struct Response<V> {
    /// HTTP status.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// `X-Bkapi-Request-ID`, else `X-Request-ID`.
    pub header_request_id: Option<String>,
    /// The gateway's `X-Bkapi-Error-Code`.
    pub error_code_header: Option<String>,
    /// The gateway's `X-Bkapi-Error-Message`.
    pub error_message_header: Option<String>,
    /// `Retry-After`, for the retry policy.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Body<V>,
}

impl<V> Response<V> {
    /// Redacts the excerpt of a body that is not JSON with the secrets of its request, before
    /// anything reshapes it (the message collapses its white space), and marks with `…` where
    /// the JavaScript side cut it, so the start of a secret the cut left is redacted too (an
    /// error page that echoes the request after 150 spaces ends inside the secret) and the
    /// reader sees the excerpt is not the whole body. The client calls it on every answer.
    pub fn redact_excerpt(&mut self, redactor: &Redactor) {
        if let Body::NotJson { excerpt, length } = &mut self.body {
            if was_cut(excerpt, *length) {
                excerpt.push(CUT);
            }
            *excerpt = redactor.redact(excerpt);
        }
    }
}

const CUT: char = '…';

/// `true` when `excerpt` is shorter than the body it was taken from and does not say so yet.
fn was_cut(excerpt: &str, length: u32) -> bool {
    usize::try_from(length).map_or(true, |l| l > excerpt.encode_utf16().count())
        && !excerpt.ends_with(CUT)
}

/// A successful answer: the checked `data` and the request id, if known.
#[derive(Debug)]
pub struct Success<V> {
    /// The checked `data`.
    pub data: V,
    /// ESB's body `request_id`, else the gateway's header.
    pub request_id: Option<String>,
}

/// Property names of the envelope, and of the endpoint's result (`S`), prepared once.
pub struct EnvelopeKeys<V: View, S> {
    names: EnvelopeNames<V>,
    /// The result's own names.
    pub shape: S,
}

/// The envelope's own property names.
struct EnvelopeNames<V: View> {
    result: V::Key,
    code: V::Key,
    message: V::Key,
    data: V::Key,
    request_id: V::Key,
}

impl<V: View, S: ResultShape<V>> EnvelopeKeys<V, S> {
    /// Prepares the names.
    pub fn new() -> Self {
        EnvelopeKeys {
            names: EnvelopeNames {
                result: V::key("result"),
                code: V::key("code"),
                message: V::key("message"),
                data: V::key("data"),
                request_id: V::key("request_id"),
            },
            shape: S::new(),
        }
    }
}

impl<V: View, S: ResultShape<V>> Default for EnvelopeKeys<V, S> {
    fn default() -> Self {
        Self::new()
    }
}

/// Turns an answer into a page or an error (secrets are not yet redacted here: the caller
/// redacts every error once, see `ItsmError::redacted`).
pub fn classify<V: View, S: ResultShape<V>>(
    answer: Response<V>,
    keys: &EnvelopeKeys<V, S>,
) -> Result<Success<V>, ItsmError> {
    classify_with(answer, &keys.names, &|data| keys.shape.check(data), S::WHAT)
}

/// [`classify`] with the result's check as a function: compiled once, not once per endpoint.
fn classify_with<V: View>(
    answer: Response<V>,
    keys: &EnvelopeNames<V>,
    check: &dyn Fn(&V) -> Result<(), ShapeError>,
    what: &'static str,
) -> Result<Success<V>, ItsmError> {
    let ok = (200..300).contains(&answer.status);
    let status = answer.status;
    let header_request_id = answer.header_request_id.clone().map(server_text);
    // The gateway's reason, when it says something (a blank header is no message).
    let header_message = answer
        .error_message_header
        .clone()
        .filter(|m| !m.trim().is_empty())
        .map(server_text);
    let fail = |kind: ErrorKind, message: String, request_id: Option<String>| {
        ItsmError::new(kind, message)
            .with_status(status)
            .with_request_id(request_id.or_else(|| header_request_id.clone()))
    };

    let envelope = match &answer.body {
        Body::Json(v) if v.is_object() => Some(v),
        _ => None,
    };
    let result = envelope.and_then(|e| e.get(&keys.result).boolean());

    match (envelope, result) {
        (Some(env), Some(false)) => {
            let body_request_id = env.get(&keys.request_id).string().map(server_text);
            let code = env.get(&keys.code);
            let code = code
                .number()
                .map(Code::Number)
                .or_else(|| code.string().map(|c| Code::Text(server_text(c))))
                .or_else(|| answer.error_code_header.clone().map(header_code));
            let message = env
                .get(&keys.message)
                .string()
                .filter(|m| !m.trim().is_empty())
                .map(server_text)
                .or_else(|| header_message.clone())
                .unwrap_or_else(|| "the API refused the request without a message".to_owned());
            let mut e = fail(ErrorKind::Api, message, body_request_id);
            e.code = code;
            Err(e)
        }
        (Some(env), Some(true)) if ok => {
            let request_id = env
                .get(&keys.request_id)
                .string()
                .map(server_text)
                .or_else(|| header_request_id.clone());
            let data = env.get(&keys.data);
            match check(&data) {
                Ok(()) => Ok(Success { data, request_id }),
                Err(shape) => Err(fail(
                    ErrorKind::Decode,
                    format!("the answer is not {what}: {shape}"),
                    request_id,
                )),
            }
        }
        _ if !ok => {
            if let Some(code) = answer.error_code_header.clone() {
                let message = header_message.clone().unwrap_or_else(|| {
                    format!("the API gateway refused the request (HTTP {status})")
                });
                let mut e = fail(ErrorKind::Api, message, None);
                e.code = Some(header_code(code));
                return Err(e);
            }
            Err(fail(
                ErrorKind::Http,
                format!(
                    "HTTP {status} {}: the answer is not the API's JSON envelope ({})",
                    reason_phrase(status),
                    describe_body(&answer)
                ),
                None,
            ))
        }
        (Some(_), _) => Err(fail(
            ErrorKind::Decode,
            "the answer is JSON but not the API's envelope: it has no boolean `result`".to_owned(),
            None,
        )),
        (None, _) => Err(fail(
            ErrorKind::Decode,
            format!(
                "the answer is not the API's JSON envelope ({})",
                describe_body(&answer)
            ),
            None,
        )),
    }
}

/// Checks that a page answer is the page asked for (`requested`: the `page` sent, 1 when none
/// was). ITSM before 2.6.0 reads paging from the query string only and answers page 1 to every
/// `page` in the body: taken as page N, that page would be shown as the wrong tickets, and a
/// walk would repeat page 1 `total_page` times. `request_id` is the answer's, for the error.
pub(crate) fn check_page_number<V: View, S: ResultShape<V>>(
    data: &V,
    keys: &EnvelopeKeys<V, S>,
    requested: i64,
    request_id: Option<&str>,
) -> Result<(), ItsmError> {
    let Some(answered) = keys.shape.page_number(data) else {
        return Ok(()); // not a paged result
    };
    if answered == requested {
        return Ok(());
    }
    Err(ItsmError::new(
        ErrorKind::Decode,
        format!(
            "the server answered page {answered} when page {requested} was asked for: it ignores \
             `page` in the body, as ITSM before 2.6.0 does (it reads the query string only, which \
             ESB drops): upgrade ITSM, or use the API gateway (gateway: \"apigw\")"
        ),
    )
    .with_request_id(request_id.map(str::to_owned)))
}

/// `true` for ITSM's answer to a page past the end: `SERVER_500_ERROR` with Django's
/// "Invalid page." (or its Chinese translation, on a server whose language is Chinese).
/// During a walk this means the result set shrank since the first page.
pub(crate) fn is_invalid_page(e: &ItsmError) -> bool {
    e.kind == ErrorKind::Api
        && matches!(&e.code, Some(Code::Text(code)) if code == "SERVER_500_ERROR")
        && matches!(e.message.trim(), "Invalid page." | "无效页面。")
}

fn header_code(code: String) -> Code {
    match code.trim().parse::<u32>() {
        Ok(n) => Code::Number(f64::from(n)),
        Err(_) => Code::Text(server_text(code)),
    }
}

fn describe_body<V: View>(answer: &Response<V>) -> String {
    let kind = answer
        .content_type
        .as_deref()
        // The server's header: quoted shortened, like the body.
        .map(|c| shorten(c.split(';').next().unwrap_or(c).trim(), EXCERPT_CHARS))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "no content type".to_owned());
    match &answer.body {
        Body::NotJson { length: 0, .. } => format!("{kind}, empty body"),
        Body::NotJson { excerpt, length } => {
            let one_line: String = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown = shorten(&one_line, EXCERPT_CHARS);
            // Quoted as a JSON string: what a JavaScript reader expects, and far smaller in
            // the module than Rust's `{:?}` (see BENCHMARKS.md).
            let mut out = format!("{kind}, {length} characters: ");
            write_string(&mut out, &shown);
            out
        }
        Body::Json(v) => format!("{kind}: {}", v.describe()),
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::get_tickets::ticket::PageKeys;
    use crate::input::value::testing::{parse, try_parse};
    use crate::input::value::Value;

    /// The classifier is checked with the one real result shape there is, a ticket page.
    fn keys<'a>() -> EnvelopeKeys<&'a Value, PageKeys<&'a Value>> {
        EnvelopeKeys::new()
    }

    const PAGE: &str =
        r#"{"page":1,"total_page":1,"count":0,"next":null,"previous":null,"items":[]}"#;

    /// Classifies `text` answered with `status`, after `tweak` sets headers.
    fn run_with(
        status: u16,
        text: &str,
        tweak: impl FnOnce(&mut Response<&Value>),
    ) -> Result<(Value, Option<String>), ItsmError> {
        let parsed = try_parse(text);
        let body = match &parsed {
            Some(v) => Body::Json(v),
            None => Body::NotJson {
                excerpt: text.chars().take(200).collect(),
                length: text.encode_utf16().count() as u32,
            },
        };
        let mut answer = Response {
            status,
            content_type: Some("application/json".into()),
            header_request_id: None,
            error_code_header: None,
            error_message_header: None,
            retry_after: None,
            body,
        };
        tweak(&mut answer);
        classify(answer, &keys()).map(|p| (p.data.clone(), p.request_id))
    }

    fn run(status: u16, text: &str) -> Result<(Value, Option<String>), ItsmError> {
        run_with(status, text, |_| {})
    }

    #[test]
    fn a_page_with_the_esb_request_id() {
        let (data, request_id) = run(
            200,
            &format!(
                r#"{{"result":true,"code":0,"message":"success","data":{PAGE},"request_id":"abc"}}"#
            ),
        )
        .unwrap();
        assert_eq!(request_id.as_deref(), Some("abc"));
        assert_eq!(data, parse(PAGE));
    }

    #[test]
    fn the_gateway_request_id_comes_from_the_header() {
        let (_, request_id) = run_with(
            200,
            &format!(r#"{{"result":true,"code":0,"data":{PAGE}}}"#),
            |a| a.header_request_id = Some("uuid-1".into()),
        )
        .unwrap();
        assert_eq!(request_id.as_deref(), Some("uuid-1"));
    }

    #[test]
    fn api_errors_keep_the_code_as_sent() {
        let e = run(
            200,
            r#"{"result":false,"code":"SERVER_500_ERROR","data":null,"message":"Invalid page."}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.code, Some(Code::Text("SERVER_500_ERROR".into())));
        assert_eq!(e.message, "Invalid page.");
        let e = run(200, r#"{"result":false,"code":1306000,"message":"APP Code [bk_app_code] cannot be empty","request_id":"r1"}"#).unwrap_err();
        assert_eq!(e.code, Some(Code::Number(1306000.0)));
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        let e = run(400, r#"{"code":1640001,"code_name":"INVALID_ARGS","message":"Parameters error","result":false,"data":null}"#).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(400)));
    }

    #[test]
    fn http_errors_describe_the_body() {
        let e = run(502, "<html>\n<body>Bad gateway</body></html>").unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::Http, Some(502)));
        assert!(e.message.contains("HTTP 502 Bad Gateway"), "{}", e.message);
        assert!(
            e.message.contains("<html> <body>Bad gateway"),
            "{}",
            e.message
        );
        let e = run_with(403, "forbidden", |a| {
            a.error_code_header = Some("1640301".into());
            a.error_message_header = Some("App has no permission".into());
        })
        .unwrap_err();
        assert_eq!(
            (e.kind, e.code),
            (ErrorKind::Api, Some(Code::Number(1640301.0)))
        );
        let e = run(403, "This API can only be accessed through API gateway").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Http);
        // A blank reason header is no message (found by tests/properties.rs).
        let e = run_with(429, "", |a| {
            a.error_code_header = Some("1642901".into());
            a.error_message_header = Some(" ".into());
        })
        .unwrap_err();
        assert_eq!(e.message, "the API gateway refused the request (HTTP 429)");
        // A hostile server's megabytes of message are kept shortened.
        let e = run(
            200,
            &format!(
                r#"{{"result":false,"code":"{0}","message":"{0}","request_id":"{0}"}}"#,
                "m".repeat(100_000)
            ),
        )
        .unwrap_err();
        assert_eq!(e.message.chars().count(), MAX_SERVER_TEXT_CHARS + 1);
        assert!(
            matches!(&e.code, Some(Code::Text(c)) if c.chars().count() == MAX_SERVER_TEXT_CHARS + 1)
        );
        assert_eq!(
            e.request_id.map(|r| r.chars().count()),
            Some(MAX_SERVER_TEXT_CHARS + 1)
        );
        let e = run_with(502, "x", |a| a.content_type = Some("t".repeat(100_000))).unwrap_err();
        assert!(e.message.len() < 400, "{}", e.message.len());
    }

    /// An HTML error page that echoes the request body after `pad` spaces, cut at 200
    /// characters by the transport as the browser's excerpt is.
    fn echo_page(status: u16, pad: usize, body: &str, r: &Redactor) -> ItsmError {
        let text = format!("<html>{}{body}</html>", " ".repeat(pad));
        let mut answer = Response::<&Value> {
            status,
            content_type: Some("text/html".into()),
            header_request_id: None,
            error_code_header: None,
            error_message_header: None,
            retry_after: None,
            body: Body::NotJson {
                excerpt: text.chars().take(200).collect(),
                length: text.encode_utf16().count() as u32,
            },
        };
        answer.redact_excerpt(r);
        classify(answer, &keys()).unwrap_err().redacted(r)
    }

    #[test]
    fn an_echoed_secret_cut_anywhere_leaves_no_six_characters_behind() {
        let secret = "Zq7Wx9pLmN4vB2cR8tY6uI1oP3aS5dF0";
        let token = "tok\"en\\Kj4Hg7Fd2Sa9Lk";
        let r = Redactor::new([secret, token]);
        let body =
            format!(r#"{{"bk_app_secret":"{secret}","bk_token":"tok\"en\\Kj4Hg7Fd2Sa9Lk"}}"#);
        for status in [502, 200] {
            for pad in 0..=200 {
                let e = echo_page(status, pad, &body, &r);
                for s in [secret, token, r#"tok\"en\\Kj4Hg7Fd2Sa9Lk"#] {
                    for start in 0..s.len() - 6 {
                        let piece = &s[start..start + 6];
                        assert!(
                            !e.message.contains(piece),
                            "pad {pad}: {piece} in {}",
                            e.message
                        );
                    }
                }
            }
        }
        // A body cut by the transport is marked as cut even when it shows short.
        let e = echo_page(502, 190, "x", &Redactor::default());
        assert!(e.message.ends_with("…\")"), "{}", e.message);
    }

    #[test]
    fn a_servers_message_cannot_forge_log_lines() {
        let e = run(
            200,
            r#"{"result":false,"code":1,"message":"bad\n[INFO] ok \u001b[31mred \u202egnp.exe"}"#,
        )
        .unwrap_err();
        assert_eq!(e.message, r"bad\n[INFO] ok \u001b[31mred \u202egnp.exe");
        assert!(
            !e.message.contains(|c: char| c.is_control()),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_code_is_kept_only_when_it_is_a_number_or_a_string() {
        for code in ["{}", "[]", "null", "true", r#""""#] {
            let e = run(
                200,
                &format!(r#"{{"result":false,"code":{code},"message":"m"}}"#),
            )
            .unwrap_err();
            let expected = (code == r#""""#).then(|| Code::Text(String::new()));
            assert_eq!(e.code, expected, "{code}");
        }
        let e = run(200, r#"{"result":false,"message":"m"}"#).unwrap_err();
        assert_eq!(e.code, None);
    }

    #[test]
    fn decode_errors_for_2xx_of_the_wrong_shape() {
        for (body, needle) in [
            ("", "empty body"),
            (r#"{"result":true,"data":{"pa"#, "characters"),
            ("[1,2,3]", "[1, 2, 3]"),
            (r#"{"code":0,"data":{}}"#, "no boolean `result`"),
            (
                r#"{"result":true,"data":null}"#,
                "data: expected a page object, got null",
            ),
            (r#"{"result":true,"data":[]}"#, "switched paging off"),
            (
                r#"{"result":true,"data":{"page":1,"total_page":1,"count":1,"next":null,"previous":null,"items":{}}}"#,
                "data.items",
            ),
        ] {
            let e = run(200, body).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Decode, "{body}");
            assert!(e.message.contains(needle), "{body}: {}", e.message);
        }
    }

    #[test]
    fn a_page_other_than_the_one_asked_for_is_a_decode_error() {
        let keys = keys();
        let page = |n: u32| {
            parse(&format!(
                r#"{{"page":{n},"total_page":5,"count":50,"next":null,"previous":null,"items":[]}}"#
            ))
        };
        let (one, three) = (page(1), page(3));
        assert_eq!(check_page_number(&&three, &keys, 3, None), Ok(()));
        assert_eq!(check_page_number(&&one, &keys, 1, None), Ok(()));
        let e = check_page_number(&&one, &keys, 3, Some("r1")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert!(
            e.message
                .starts_with("the server answered page 1 when page 3 was asked for"),
            "{}",
            e.message
        );
        assert!(e.message.contains("ITSM before 2.6.0"), "{}", e.message);
    }

    #[test]
    fn invalid_page_is_recognised_in_both_languages_and_only_as_itsm_sends_it() {
        let api = |code: Code, message: &str| {
            let mut e = ItsmError::new(ErrorKind::Api, message);
            e.code = Some(code);
            e
        };
        let text = |c: &str| Code::Text(c.into());
        assert!(is_invalid_page(&api(
            text("SERVER_500_ERROR"),
            "Invalid page."
        )));
        assert!(is_invalid_page(&api(
            text("SERVER_500_ERROR"),
            "无效页面。"
        )));
        assert!(!is_invalid_page(&api(text("SERVER_500_ERROR"), "boom")));
        assert!(!is_invalid_page(&api(
            Code::Number(1306000.0),
            "Invalid page."
        )));
        assert!(!is_invalid_page(&ItsmError::new(
            ErrorKind::Decode,
            "Invalid page."
        )));
        // What the local server's `codestr` fault answers, classified.
        let e = run(
            200,
            r#"{"result":false,"code":"SERVER_500_ERROR","data":null,"message":"Invalid page."}"#,
        )
        .unwrap_err();
        assert!(is_invalid_page(&e));
    }
}
