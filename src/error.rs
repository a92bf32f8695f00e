//! `ItsmError`: the one error every failure becomes, and the redaction of secrets.
//!
//! Causes stay apart in [`Kind`]: our own rule ([`Kind::Validation`]), the server's refusal
//! ([`Kind::Api`]), an HTTP answer that is not the API's ([`Kind::Http`]), the transport
//! ([`Kind::Network`], [`Kind::Timeout`], [`Kind::Aborted`]) and an answer of the wrong shape
//! ([`Kind::Decode`]). Every text that can carry a server's words or a caller's value passes
//! through [`Redactor`] before it is stored here, so no message, property or `toString` can
//! hold `bk_app_secret` or `bk_token`.

use std::fmt;

/// What went wrong, as the `kind` discriminant that JavaScript sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The parameters, the client configuration or the request options broke a rule; nothing
    /// was sent.
    Validation,
    /// The API answered with its envelope and `result: false`.
    Api,
    /// A non-2xx answer without a usable envelope (a proxy's HTML page, a redirect).
    Http,
    /// The request did not get an answer: connection refused, DNS, CORS, a dropped connection.
    Network,
    /// No complete answer within `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx answer that is not the expected JSON shape.
    Decode,
}

impl Kind {
    /// The discriminant string.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Validation => "validation",
            Kind::Api => "api",
            Kind::Http => "http",
            Kind::Network => "network",
            Kind::Timeout => "timeout",
            Kind::Aborted => "aborted",
            Kind::Decode => "decode",
        }
    }
}

/// The API's `code`, kept as the server sent it: ESB sends numbers, ITSM itself strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// A numeric code such as `1306000`.
    Number(f64),
    /// A string code such as `"SERVER_500_ERROR"`.
    Text(String),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Number(n) => f.write_str(&crate::value::format_number(*n)),
            Code::Text(s) => f.write_str(s),
        }
    }
}

/// One broken rule: the field and a sentence naming the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq, tsify::Tsify)]
#[tsify(rename = "ValidationIssue")]
pub struct Issue {
    /// The parameter or option name, as the caller spelled it.
    pub field: String,
    /// A full sentence that starts with the field name.
    pub message: String,
}

impl Issue {
    /// An issue whose message is `"{field}: {text}"`.
    pub fn new(field: &str, text: impl fmt::Display) -> Self {
        Issue {
            field: field.to_owned(),
            message: format!("{field}: {text}"),
        }
    }
}

/// Every failure of the client.
#[derive(Debug, Clone, PartialEq)]
pub struct ItsmError {
    /// What went wrong.
    pub kind: Kind,
    /// A sentence for people, free of secrets.
    pub message: String,
    /// For validation errors: the first field at fault.
    pub field: Option<String>,
    /// For validation errors: every broken rule, the first one being `field`'s.
    pub issues: Vec<Issue>,
    /// For API errors: the envelope's `code`, number or string as sent.
    pub code: Option<Code>,
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// The request id from the ESB body or the gateway's `X-Bkapi-Request-ID` header.
    pub request_id: Option<String>,
    /// The URL the request went to, without secrets.
    pub url: Option<String>,
    /// How many requests were sent in all, retries included (0 for validation errors).
    pub attempts: u32,
}

impl ItsmError {
    /// A bare error of `kind`; the other fields are set with the builder methods below.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        ItsmError {
            kind,
            message: message.into(),
            field: None,
            issues: Vec::new(),
            code: None,
            status: None,
            request_id: None,
            url: None,
            attempts: 0,
        }
    }

    /// A validation error made of one or more issues (the first names `field`).
    pub fn validation(issues: Vec<Issue>) -> Self {
        let message = match issues.as_slice() {
            [] => "invalid input".to_owned(),
            [one] => one.message.clone(),
            [first, rest @ ..] => format!(
                "{} (and {} more problem{}: see error.issues)",
                first.message,
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        };
        let mut e = ItsmError::new(Kind::Validation, message);
        e.field = issues.first().map(|i| i.field.clone());
        e.issues = issues;
        e
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the request id, when there is one.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// Passes every text of the error through `redactor` once more: the last guard before
    /// the error leaves Rust.
    pub fn redacted(mut self, redactor: &Redactor) -> Self {
        self.message = redactor.redact(&self.message);
        // A field name is the caller's key as spelled: an unknown key can be anything, the
        // secret itself included (`{[token]: 1}`).
        self.field = self.field.map(|f| redactor.redact(&f));
        for issue in &mut self.issues {
            issue.field = redactor.redact(&issue.field);
            issue.message = redactor.redact(&issue.message);
        }
        if let Some(Code::Text(code)) = &mut self.code {
            *code = redactor.redact(code);
        }
        self.request_id = self.request_id.map(|r| redactor.redact(&r));
        self.url = self.url.map(|u| redactor.redact(&u));
        self
    }
}

impl fmt::Display for ItsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ItsmError [{}]: {}", self.kind.as_str(), self.message)
    }
}

/// What replaces a secret in any text the client shows.
pub const REDACTED: &str = "[REDACTED]";

/// Replaces the values of `bk_app_secret` and `bk_token` in outgoing texts.
///
/// Built per request from the secrets that request carries (the client's and the call's),
/// so a server that echoes a secret in its `message` cannot make the client leak it. A secret
/// is looked for in every form the package writes it or shows a server's text in: as given,
/// JSON-escaped (request bodies and the gateway header are JSON, and a server that echoes the
/// body echoes that), with controls escaped (how a server's `message` is shown) and
/// URL-encoded.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// `s` as `encodeURIComponent` writes it.
fn percent_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            let hex = |n: u8| char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 });
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
    out
}

/// `s` as a JSON string's content (without the quotes).
fn json_escaped(s: &str) -> String {
    let mut out = String::new();
    crate::json::write_string(&mut out, s);
    out.get(1..out.len().saturating_sub(1))
        .unwrap_or_default()
        .to_owned()
}

impl Redactor {
    /// A redactor for these secret values (empty strings are ignored).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets.into_iter().filter(|s| !s.is_empty()) {
            for form in [
                secret.to_owned(),
                json_escaped(secret),
                crate::json::escape_controls(secret),
                percent_encoded(secret),
            ] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        // Longest first, so a secret that contains another is replaced whole. An insertion
        // sort: there are at most a handful, and the library sorts cost 4 KB of wasm.
        for i in 1..forms.len() {
            let mut j = i;
            while j > 0 && forms.get(j - 1).map(String::len) < forms.get(j).map(String::len) {
                forms.swap(j - 1, j);
                j -= 1;
            }
        }
        Redactor { secrets: forms }
    }

    /// `text` with every occurrence of every secret replaced by [`REDACTED`], and the start of
    /// a secret that an excerpt cut short (just before its `…`) replaced too.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            out = replace_all(&out, secret, REDACTED);
        }
        if self.secrets.is_empty() || find_cut(&out).is_none() {
            return out;
        }
        let mut mended = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = find_cut(rest) {
            let piece = rest.get(..at).unwrap_or_default();
            let tail = self.cut_secret_len(piece);
            mended.push_str(piece.get(..piece.len() - tail).unwrap_or_default());
            if tail > 0 {
                mended.push_str(REDACTED);
            }
            mended.push(CUT);
            rest = rest.get(at + CUT.len_utf8()..).unwrap_or_default();
        }
        mended.push_str(rest);
        mended
    }

    /// The byte length of the longest prefix (3 characters or more) of a secret that `piece`
    /// ends with, or 0.
    fn cut_secret_len(&self, piece: &str) -> usize {
        self.secrets
            .iter()
            .flat_map(|secret| {
                secret
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(MIN_CUT_CHARS)
                    .filter(|&end| piece.ends_with(secret.get(..end).unwrap_or_default()))
            })
            .max()
            .unwrap_or(0)
    }
}

/// `text` with every occurrence of `from` (non-empty) replaced by `to`, left to right.
///
/// A plain byte comparison instead of `str::replace`, whose two-way searcher and its panic
/// paths cost 5 KB of wasm (see BENCHMARKS.md); texts and secrets are short. A match of valid
/// UTF-8 in valid UTF-8 always starts and ends on character boundaries, so the slices below
/// never fail.
fn replace_all(text: &str, from: &str, to: &str) -> String {
    let (haystack, needle) = (text.as_bytes(), from.as_bytes());
    let mut out = String::with_capacity(text.len());
    let (mut start, mut i) = (0, 0);
    while !needle.is_empty() && i + needle.len() <= haystack.len() {
        if haystack.get(i..i + needle.len()) == Some(needle) {
            out.push_str(text.get(start..i).unwrap_or_default());
            out.push_str(to);
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out
}

/// The byte offset of the first [`CUT`] in `s`: a byte search, because `str::find` with a
/// pattern brings its searcher and panic paths into the module (3 KB, see BENCHMARKS.md).
fn find_cut(s: &str) -> Option<usize> {
    let mut mark = [0; 4];
    let mark = CUT.encode_utf8(&mut mark).as_bytes();
    s.as_bytes().windows(mark.len()).position(|w| w == mark)
}

/// The mark `value::shorten` leaves where it cut a text.
const CUT: char = '…';

/// The shortest start of a secret redacted before a cut (any longer one is too).
const MIN_CUT_CHARS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_replaces_every_secret_longest_first() {
        let r = Redactor::new(["s3cret", "s3cret-token", ""]);
        assert_eq!(
            r.redact("bad s3cret-token and s3cret, s3cret"),
            "bad [REDACTED] and [REDACTED], [REDACTED]"
        );
        assert_eq!(Redactor::default().redact("plain"), "plain");
    }

    #[test]
    fn the_start_of_a_secret_cut_by_an_excerpt_is_redacted_too() {
        let r = Redactor::new(["s3cret-token"]);
        assert_eq!(
            r.redact("got \"xx s3cr…\" and s3…"),
            "got \"xx [REDACTED]…\" and s3…"
        );
        assert_eq!(r.redact("a s3cret-tok… b…"), "a [REDACTED]… b…");
        assert_eq!(r.redact("plain… text"), "plain… text");
        assert_eq!(Redactor::default().redact("s3cr…"), "s3cr…");
    }

    #[test]
    fn every_form_the_package_writes_a_secret_in_is_redacted() {
        let secret = "se\"cr\\et/ü\u{1b}x";
        let r = Redactor::new([secret]);
        for text in [
            // As given, JSON-escaped (a server echoing the body), with controls escaped (a
            // server's message as shown), URL-encoded.
            format!("a {secret} b"),
            r#"{"bk_app_secret":"se\"cr\\et/ü\u001bx"}"#.to_owned(),
            "echo: se\"cr\\et/ü\\u001bx".to_owned(),
            "path /se%22cr%5Cet%2F%C3%BC%1Bx/".to_owned(),
        ] {
            let out = r.redact(&text);
            assert!(out.contains(REDACTED), "{text} -> {out}");
            assert!(!out.contains("cr\\et") && !out.contains("cr%5C"), "{out}");
        }
    }

    #[test]
    fn a_secret_cut_short_by_an_excerpt_is_redacted_in_every_form() {
        let r = Redactor::new(["ab\"cdefgh-token"]);
        assert_eq!(r.redact(r#"x: "ab\"cde…"#), format!("x: \"{REDACTED}…"));
        assert_eq!(r.redact("x: ab\"cdefgh-to…"), format!("x: {REDACTED}…"));
    }

    #[test]
    fn replacement_is_left_to_right_on_whole_characters() {
        assert_eq!(replace_all("aaaa", "aa", "b"), "bb");
        assert_eq!(replace_all("工单tok工单tok", "tok", "*"), "工单*工单*");
        assert_eq!(replace_all("to", "tok", "*"), "to");
        assert_eq!(replace_all("x", "", "*"), "x");
        let r = Redactor::new(["tok", "tok"]);
        assert_eq!(r.redact("tok-tok"), "[REDACTED]-[REDACTED]");
    }

    #[test]
    fn redacted_errors_keep_no_secret_anywhere() {
        let mut e = ItsmError::new(Kind::Api, "token tok-123 is invalid");
        e.code = Some(Code::Text("tok-123".into()));
        e.url = Some("https://x/?t=tok-123".into());
        e.request_id = Some("tok-123".into());
        let e = e.redacted(&Redactor::new(["tok-123"]));
        assert!(!format!("{e:?}").contains("tok-123"));
    }

    #[test]
    fn redaction_covers_field_names() {
        let e = ItsmError::validation(vec![Issue::new("tok-123", "is not a known key")])
            .redacted(&Redactor::new(["tok-123"]));
        assert_eq!(e.field.as_deref(), Some(REDACTED));
        assert_eq!(e.issues[0].field, REDACTED);
        assert_eq!(e.message, "[REDACTED]: is not a known key");
    }

    #[test]
    fn validation_message_counts_the_other_issues() {
        let e = ItsmError::validation(vec![
            Issue::new("page", "must be >= 1"),
            Issue::new("page_size", "must be <= 10000"),
            Issue::new("sns", "must be an array"),
        ]);
        assert_eq!(e.field.as_deref(), Some("page"));
        assert_eq!(
            e.message,
            "page: must be >= 1 (and 2 more problems: see error.issues)"
        );
        assert_eq!(
            e.to_string(),
            format!("ItsmError [validation]: {}", e.message)
        );
    }
}
