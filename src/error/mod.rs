//! `ItsmError`: the one error every failure becomes, and the redaction of secrets.
//!
//! Causes stay apart in [`ErrorKind`]: our own rule ([`ErrorKind::Validation`]), the server's refusal
//! ([`ErrorKind::Api`]), an HTTP answer that is not the API's ([`ErrorKind::Http`]), the transport
//! ([`ErrorKind::Network`], [`ErrorKind::Timeout`], [`ErrorKind::Aborted`]) and an answer of the wrong shape
//! ([`ErrorKind::Decode`]). Every text that can carry a server's words or a caller's value passes
//! through [`Redactor`] before it is stored here, so no message, property or `toString` can
//! hold `bk_app_secret` or `bk_token`.

use std::fmt;

pub(crate) mod js;
pub(crate) mod redact;

pub(crate) use redact::{Redactor, REDACTED};

/// What went wrong, as the `kind` discriminant that JavaScript sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
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

impl ErrorKind {
    /// The discriminant string.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Api => "api",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
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
            Code::Number(n) => f.write_str(&crate::input::value::format_number(*n)),
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
    pub kind: ErrorKind,
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
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
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
        let mut e = ItsmError::new(ErrorKind::Validation, message);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_errors_keep_no_secret_anywhere() {
        let mut e = ItsmError::new(ErrorKind::Api, "token tok-123 is invalid");
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
