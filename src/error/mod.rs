//! `ItsmError`: the one error every failure becomes, its messages, and the redaction of
//! secrets. The bottom of the crate: it uses only `text`.
//!
//! Causes stay apart in [`Kind`]: our own rule (`Validation`), the server's refusal (`Api`),
//! an HTTP answer that is not the API's (`Http`), the transport (`Network`, `Timeout`,
//! `Aborted`) and an answer of the wrong shape (`Decode`). Texts are kept as a message of the
//! table ([`messages::Msg`]) with its arguments, and written out once, in the client's
//! language and through the call's [`Redactor`], when the error leaves the module
//! ([`render`]): no message, property or `toString` can hold `bk_app_secret` or `bk_token`.

pub(crate) mod codes;
pub(crate) mod messages;
pub(crate) mod redact;
pub(crate) mod render;

use crate::mem::String;
use crate::mem::Vec;

pub(crate) use messages::{Locale, Msg};
pub(crate) use redact::{Redactor, REDACTED};

/// What went wrong, as the `kind` discriminant JavaScript sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The parameters, the client configuration or the options broke a rule; nothing was sent.
    Validation,
    /// The API answered with its envelope and `result: false`.
    Api,
    /// A non-2xx answer without a usable envelope (a proxy's HTML page, a redirect).
    Http,
    /// No answer: connection refused, DNS, CORS, a dropped connection.
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
    pub(crate) fn as_str(self) -> &'static str {
        // One text, as the messages' (a `match` makes a table of texts).
        crate::text::nth(
            "validation api http network timeout aborted decode",
            b' ',
            self as usize,
        )
    }
}

/// The API's `code`, as the server sent it: ESB and the gateway send numbers, ITSM often
/// strings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Code {
    /// A numeric code such as `1306000`.
    Number(f64),
    /// A string code such as `"SERVER_500_ERROR"`, or the text of a code of another type.
    Text(String),
}

/// A message's arguments, in one text (`\u{1}` between them): one allocation where a list of
/// texts would cost one each, and the code that builds and frees the list at every call site.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Args(pub(crate) String);

/// The separator of [`Args`].
pub(crate) const SEP: char = '\u{1}';

impl Args {
    /// The arguments `parts`.
    pub(crate) fn of(parts: &[&str]) -> Args {
        let mut out = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push(SEP);
            }
            out.push_str(p);
        }
        Args(out)
    }

    /// The `i`th argument (byte scans: `str::split` brings the pattern machinery and its panic
    /// paths).
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let mut rest = Some(self.0.as_str());
        for _ in 0..i {
            rest = crate::text::cut(rest?, SEP as u8).1;
        }
        rest.map(|r| crate::text::cut(r, SEP as u8).0)
    }

    /// The arguments with the last replaced by `last`.
    pub(crate) fn with_last(&self, last: &str) -> Args {
        let mut out = String::new();
        let cut = self
            .0
            .bytes()
            .rposition(|b| b == SEP as u8)
            .map_or(0, |at| at + 1);
        out.push_str(self.0.get(..cut).unwrap_or_default());
        out.push_str(last);
        Args(out)
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    /// The parameter or option, as the caller spelled it.
    pub(crate) field: String,
    /// What the developer text names, when it is not `field` (`sns[1]`, `headers`).
    pub(crate) path: Option<String>,
    /// The rule.
    pub(crate) msg: Msg,
    /// The message's arguments.
    pub(crate) args: Args,
}

impl Issue {
    /// An issue of `field`.
    pub(crate) fn new(field: &str, msg: Msg, args: &[&str]) -> Issue {
        Issue {
            field: String::from(field),
            path: None,
            msg,
            args: Args::of(args),
        }
    }

    /// The developer's text: `field: what is wrong`.
    pub(crate) fn dev(&self) -> String {
        // A field can be a server's text (a form's key): a log line gets it with its controls
        // escaped.
        let mut out =
            crate::text::json::escape_controls(self.path.as_deref().unwrap_or(&self.field));
        out.push_str(": ");
        out.push_str(&self.msg.dev(&self.args));
        out
    }
}

/// Whether a failed write may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sent {
    /// Not a write, or nothing is known.
    Unknown,
    /// The request never left (validation) or the server answered that it refused it.
    No,
    /// The request left and no answer came back: the server may have acted.
    Maybe,
}

/// Every failure of the client.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItsmError {
    pub(crate) kind: Kind,
    /// The message of the table (for `Api`, the first argument is the server's text).
    pub(crate) msg: Msg,
    pub(crate) args: Args,
    /// For validation errors: every broken rule.
    pub(crate) issues: Vec<Issue>,
    /// For API errors: the envelope's `code`.
    pub(crate) code: Option<Code>,
    /// The HTTP status, when an answer arrived.
    pub(crate) status: Option<u16>,
    /// ESB's body `request_id` or the gateway's `X-Bkapi-Request-ID`.
    pub(crate) request_id: Option<String>,
    /// The URL the request went to.
    pub(crate) url: Option<String>,
    /// Requests sent in all, retries included.
    pub(crate) attempts: u32,
    /// For writes: whether the request may have reached the server.
    pub(crate) sent: Sent,
}

impl ItsmError {
    /// An error of `kind` with a message of the table.
    pub(crate) fn new(kind: Kind, msg: Msg, args: &[&str]) -> ItsmError {
        ItsmError {
            kind,
            msg,
            args: Args::of(args),
            issues: Vec::new(),
            code: None,
            status: None,
            request_id: None,
            url: None,
            attempts: 0,
            sent: Sent::Unknown,
        }
    }

    /// A validation error made of one or more issues.
    pub(crate) fn validation(issues: Vec<Issue>) -> ItsmError {
        let mut e = ItsmError::new(Kind::Validation, Msg::Required, &[]);
        if let Some(first) = issues.first() {
            e.msg = first.msg;
        }
        e.issues = issues;
        e
    }

    /// The developer's text.
    pub(crate) fn dev(&self) -> String {
        if self.kind != Kind::Validation {
            return self.msg.dev(&self.args);
        }
        let Some(first) = self.issues.first() else {
            return String::from("invalid input");
        };
        let mut out = first.dev();
        let more = self.issues.len() - 1;
        if more > 0 {
            out.push_str(" (and ");
            crate::text::push_int(&mut out, more as i64);
            out.push_str(if more == 1 {
                " more problem: see error.issues)"
            } else {
                " more problems: see error.issues)"
            });
        }
        out
    }

    /// The first field at fault, for a validation error.
    pub(crate) fn field(&self) -> Option<&str> {
        self.issues.first().map(|i| i.field.as_str())
    }

    /// Sets the HTTP status.
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_their_names() {
        let kinds = [
            (Kind::Validation, "validation"),
            (Kind::Api, "api"),
            (Kind::Http, "http"),
            (Kind::Network, "network"),
            (Kind::Timeout, "timeout"),
            (Kind::Aborted, "aborted"),
            (Kind::Decode, "decode"),
        ];
        for (kind, name) in kinds {
            assert_eq!(kind.as_str(), name);
        }
    }
}
