//! URL rules, in one place: the client's base URL (checked when the client is made, made
//! absolute against the page for each call), the page's origin, which URLs carry secrets in
//! clear text, and how a value is written into a query string.
//!
//! A GET request carries its parameters in the query string; through ESB that includes the
//! common `bk_*` parameters, secrets too (ESB reads a GET's parameters from the query string
//! only). So the URL an error keeps passes through the request's [`Redactor`] like every other
//! text, which looks for each secret percent-encoded as well ([`percent_encoded`]).
//!
//! [`Redactor`]: crate::error::Redactor

use wasm_bindgen::prelude::*;

use crate::call::config::Settings;
use crate::call::request::FieldWriter;
use crate::error::{Issue, ItsmError};

#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// The page's `location.href`, when there is a page.
    fn page_href() -> Option<String>;
    /// `"origin\nhostname"` of a URL, when the URL parser reads it.
    fn url_parts(url: &str) -> Option<String>;
}

/// Checks that the base URL can be used: an absolute one must be read by the URL parser as
/// written (a port beyond 65535, an unclosed `[`, a host the parser rewrites, such as one with
/// an ideographic full stop, would fail every call as a retried network error), and a relative
/// one needs a page to resolve against.
pub(crate) fn check_base_url(settings: &Settings) -> Result<(), ItsmError> {
    let base = &settings.base_url;
    if base.starts_with("http://") || base.starts_with("https://") {
        return match parse_url(base) {
            None => Err(no_url(base)),
            Some((_, hostname)) => {
                let written = written_host(base).to_ascii_lowercase();
                if hostname == written {
                    Ok(())
                } else {
                    Err(ItsmError::validation(vec![Issue::new(
                        "baseUrl",
                        format!(
                            "the host \"{written}\" is read by the URL parser as \"{hostname}\": \
                             write that instead"
                        ),
                    )]))
                }
            }
        };
    }
    page_origin().map(|_| ()).ok_or_else(|| {
        ItsmError::validation(vec![Issue::new(
            "baseUrl",
            "is required outside a browser page (there is no page origin to default to): pass \
             an absolute http(s) URL, e.g. createClient({ baseUrl: \"https://paas.example.com\" })",
        )])
    })
}

/// The host of an absolute `http(s)://host[:port][/path]` as written. (Prefix tests and byte
/// searches only: a substring search brings `core`'s two-way searcher, 2 KB, and its panic
/// path, 4 KB, into the module.)
fn written_host(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let slash = rest.bytes().position(|c| c == b'/').unwrap_or(rest.len());
    let authority = rest.get(..slash).unwrap_or(rest);
    let b = authority.as_bytes();
    let end = if b.first() == Some(&b'[') {
        b.iter().position(|&c| c == b']').map(|at| at + 1)
    } else {
        b.iter().rposition(|&c| c == b':')
    };
    end.and_then(|end| authority.get(..end))
        .unwrap_or(authority)
}

/// The origin and host name of `url` as the URL parser reads it.
pub(crate) fn parse_url(url: &str) -> Option<(String, String)> {
    let parts = url_parts(url)?;
    let (origin, hostname) = parts.split_once('\n')?;
    Some((origin.to_owned(), hostname.to_owned()))
}

/// The page's origin, from its own address (`location.href`, never `document.baseURI`, which
/// a `<base>` tag injected into the page would change): an http(s) origin, or none (Node, a
/// worker without a location, `about:blank`, a `file:` page, a sandboxed frame).
pub(crate) fn page_origin() -> Option<String> {
    parse_url(&page_href()?)
        .map(|(origin, _)| origin)
        .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
}

/// The base URL a call goes to, absolute, and its origin.
pub(crate) fn resolve_base_url(
    settings: &Settings,
    page: Option<&str>,
) -> Result<(String, String), ItsmError> {
    let base = &settings.base_url;
    let absolute = if base.starts_with("http://") || base.starts_with("https://") {
        base.clone()
    } else {
        match page {
            // A path from the root (config.rs checks it): the page's origin and that path.
            Some(origin) => format!("{origin}{base}"),
            None => {
                return Err(check_base_url(settings)
                    .err()
                    .unwrap_or_else(|| no_url(base)))
            }
        }
    };
    match parse_url(&absolute) {
        Some((origin, _)) => Ok((absolute, origin)),
        None => Err(no_url(&absolute)),
    }
}

fn no_url(url: &str) -> ItsmError {
    ItsmError::validation(vec![Issue::new(
        "baseUrl",
        format!("\"{url}\" is not a URL the URL parser can read"),
    )])
}

/// `true` for an absolute `http:` URL whose host is not loopback: a secret sent there crosses
/// the network in clear text.
pub(crate) fn is_plain_http_to_remote(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    }
    .to_ascii_lowercase();
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(|r| {
            r.split('.').count() == 3 && r.split('.').all(|p| p.parse::<u8>().is_ok())
        });
    !loopback
}

/// `s` as `encodeURIComponent` writes it.
pub(crate) fn percent_encoded(s: &str) -> String {
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

/// Builds a query string (`?a=1&b=x`), field by field, each value as `encodeURIComponent`
/// writes it; a list is one comma-separated value (as ITSM reads `exclude_ticket_id__in`).
#[derive(Debug, Default)]
pub(crate) struct QueryWriter {
    out: String,
}

impl QueryWriter {
    fn key(&mut self, key: &str) {
        self.out.push(if self.out.is_empty() { '?' } else { '&' });
        self.out.push_str(&percent_encoded(key));
        self.out.push('=');
    }

    /// The query text, empty when no field was written.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

impl FieldWriter for QueryWriter {
    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        self.out.push_str(&percent_encoded(value));
    }

    fn integer(&mut self, key: &str, value: i64) {
        self.key(key);
        self.out.push_str(&value.to_string());
    }

    fn strings(&mut self, key: &str, values: &[String]) {
        self.key(key);
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&percent_encoded(v));
        }
    }

    fn integers(&mut self, key: &str, values: &[i64]) {
        self.key(key);
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&v.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_to_a_remote_host_is_recognised() {
        for url in [
            "http://paas.example.com/x",
            "http://10.0.0.1:8000",
            "http://127.evil.com/",
            "http://[fe80::1]/",
        ] {
            assert!(is_plain_http_to_remote(url), "{url}");
        }
        for url in [
            "https://paas.example.com",
            "http://127.0.0.1:8000/x",
            "http://localhost",
            "http://api.localhost:1",
            "http://[::1]:80/",
            "/relative",
        ] {
            assert!(!is_plain_http_to_remote(url), "{url}");
        }
    }

    #[test]
    fn a_query_is_percent_encoded_with_lists_comma_separated() {
        let mut q = QueryWriter::default();
        q.string("sn", "NO 1&2");
        q.integer("page", 2);
        q.strings("x", &["a b".into(), "c".into()]);
        q.integers("ids", &[1, 2]);
        assert_eq!(q.finish(), "?sn=NO%201%262&page=2&x=a%20b,c&ids=1,2");
        assert_eq!(QueryWriter::default().finish(), "");
    }
}
