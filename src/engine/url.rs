//! Every URL rule in one place: what a `baseUrl` may be, the page's origin a relative one
//! resolves against, and whether a URL sends a secret in clear over the network.
//!
//! What the browser's URL parser makes of a URL comes from the driver (`url_parts`, one
//! JavaScript call): the module checks the client's base URL against it once, when the client
//! is made, so a host the parser would rewrite (`ＥＸＡＭＰＬＥ.com`) is refused with the
//! spelling to use instead.

use crate::mem::String;

use crate::engine::value::Value;
use crate::error::{Issue, Msg};
use crate::text::{ascii_lower, byte_at, cut, json, until};

#[cfg(target_arch = "wasm32")]
use crate::exports::url_parts;

/// Natively (tests), a small stand-in for the URL parser: `scheme://host[:port]`.
#[cfg(not(target_arch = "wasm32"))]
fn url_parts(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !h.ends_with(']') || authority.starts_with('[') => {
            if port.is_empty() {
                return None;
            }
            h
        }
        _ => authority,
    };
    let mut out = String::from(scheme);
    out.push_str("://");
    out.push_str(&ascii_lower(authority));
    out.push('\n');
    out.push_str(&ascii_lower(host));
    Some(out)
}

/// `(origin, hostname)` of `url` as the URL parser reads it.
pub(crate) fn parse(url: &str) -> Option<(String, String)> {
    let parts = url_parts(url)?;
    let (origin, hostname) = cut(&parts, b'\n');
    Some((String::from(origin), String::from(hostname?)))
}

/// `true` for an absolute http(s) URL.
pub(crate) fn is_absolute(url: &str) -> bool {
    after_scheme(url).is_some()
}

/// What follows `https://` or `http://`.
fn after_scheme(url: &str) -> Option<&str> {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
}

/// The page's origin from its address, when it is an http(s) page.
pub(crate) fn page_origin(href: Option<&str>) -> Option<String> {
    parse(href?)
        .map(|(origin, _)| origin)
        .filter(|o| is_absolute(o))
}

fn bad(key: &str, what: String) -> Issue {
    Issue::new(key, Msg::BadUrl, &[&what])
}

/// The `baseUrl` rule: an absolute `http(s)://host[:port][/path]` or a path from the root, with
/// no query, fragment, user info or white space (the API path is appended to it).
pub(crate) fn base_url(key: &str, value: &Value) -> Result<String, Issue> {
    let s = match value {
        Value::Str(s) => s.clone(),
        Value::Null => return Err(Issue::new(key, Msg::Null, &[])),
        other => {
            return Err(Issue::new(
                key,
                Msg::WrongType,
                &["a URL string", other.type_name()],
            ))
        }
    };
    let rest = after_scheme(&s);
    let host = match rest {
        Some(rest) => cut(rest, b'/').0,
        None => "",
    };
    let relative = s.starts_with('/') && !s.starts_with("//") || s.is_empty();
    // The host and the path, which are all of `rest` (or of `s`) together.
    let wrong = rest
        .unwrap_or(&s)
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\'));
    if rest.is_some_and(|_| host.is_empty())
        || rest.is_none() && !relative
        || byte_at(host, b'@').is_some()
        || wrong
        || !port_ok(host)
    {
        let mut out = value.describe();
        out.push_str(
            " must be an http(s) origin with an optional path, like \"https://paas.example.com\", \
             or a path on the page's origin, like \"/itsm-proxy\" (no query, fragment or user info)",
        );
        return Err(bad(key, out));
    }
    Ok(s)
}

/// `true` when the `host[:port]` of a URL has a closed IPv6 bracket and a port from 0 to
/// 65535, if any (the URL parser refuses others: every call would fail). Byte scans: `str`'s
/// pattern searchers would add a kilobyte to the module.
fn port_ok(authority: &str) -> bool {
    let b = authority.as_bytes();
    let host_end = if b.first() == Some(&b'[') {
        match b.iter().position(|&c| c == b']') {
            Some(end) if end > 1 => end + 1,
            _ => return false,
        }
    } else if b.iter().any(|&c| c == b'[' || c == b']') {
        return false;
    } else {
        b.iter().rposition(|&c| c == b':').unwrap_or(b.len())
    };
    match b.get(host_end..).unwrap_or_default().split_first() {
        None => true,
        Some((b':', port)) => {
            host_end > 0
                && !port.is_empty()
                && port.len() <= 5
                && port.iter().all(u8::is_ascii_digit)
                && port.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 65535
        }
        Some(_) => false,
    }
}

/// The host as written in an absolute URL (without port or brackets' content change).
fn written_host(url: &str) -> &str {
    let rest = after_scheme(url).unwrap_or(url);
    let authority = cut(rest, b'/').0;
    let b = authority.as_bytes();
    let end = if b.first() == Some(&b'[') {
        b.iter().position(|&c| c == b']').map(|at| at + 1)
    } else {
        b.iter().rposition(|&c| c == b':')
    };
    end.and_then(|end| authority.get(..end))
        .unwrap_or(authority)
}

/// Checks a client's base URL where it is made: an absolute one must read as written, a
/// relative one needs a page.
pub(crate) fn check_base(base: &str, page: Option<&str>) -> Result<(), Issue> {
    if is_absolute(base) {
        return match parse(base) {
            None => Err(not_a_url(base)),
            Some((_, hostname)) => {
                let written = ascii_lower(written_host(base));
                if hostname == written {
                    Ok(())
                } else {
                    let mut out = String::from("the host ");
                    json::push_str(&mut out, &written, false);
                    out.push_str(" is read by the URL parser as ");
                    json::push_str(&mut out, &hostname, false);
                    out.push_str(": write that instead");
                    Err(bad("baseUrl", out))
                }
            }
        };
    }
    match page {
        Some(_) => Ok(()),
        None => Err(bad(
            "baseUrl",
            String::from(
                "is required outside a browser page (there is no page origin to default to): \
                 pass an absolute http(s) URL, e.g. createClient({ baseUrl: \"https://paas.example.com\" })",
            ),
        )),
    }
}

fn not_a_url(url: &str) -> Issue {
    let mut out = String::new();
    json::push_str(&mut out, url, false);
    out.push_str(" is not a URL the URL parser can read");
    bad("baseUrl", out)
}

/// The absolute base of a call, and the origin it goes to: the client's base URL, or the
/// page's origin with the client's path.
pub(crate) fn resolve(base: &str, page: Option<&str>) -> Result<(String, String), Issue> {
    let absolute = if is_absolute(base) {
        String::from(base)
    } else {
        match page {
            Some(origin) => {
                let mut out = String::from(origin);
                out.push_str(base);
                out
            }
            None => {
                return Err(check_base(base, None)
                    .err()
                    .unwrap_or_else(|| not_a_url(base)))
            }
        }
    };
    match parse(&absolute) {
        Some((origin, _)) => Ok((absolute, origin)),
        None => Err(not_a_url(&absolute)),
    }
}

/// `true` when `url` is plain `http:` to a host other than loopback: a secret sent there can
/// be read by anyone on the network path.
pub(crate) fn is_plain_http_to_remote(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = until(rest, b"/?#");
    let host = ascii_lower(match authority.strip_prefix('[') {
        Some(v6) => until(v6, b"]"),
        None => {
            let end = authority
                .bytes()
                .rposition(|c| c == b':')
                .unwrap_or(authority.len());
            authority.get(..end).unwrap_or(authority)
        }
    });
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(is_three_octets);
    !loopback
}

/// `true` for `a.b.c`, three decimal numbers from 0 to 255.
fn is_three_octets(r: &str) -> bool {
    let mut parts = 0;
    let mut rest = Some(r);
    while let Some(text) = rest {
        let (part, next) = cut(text, b'.');
        rest = next;
        parts += 1;
        let ok = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.bytes().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 255;
        if !ok {
            return false;
        }
    }
    parts == 3
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
    fn base_urls() {
        let s = |x: &str| Value::Str(x.into());
        for bad_url in [
            "ftp://x",
            "https://x/?a=1",
            "https://user:pw@x",
            "//x",
            "https://",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:65536/x",
            "http://[::1",
            "http://[::1]x",
            "http://[]:80",
            "http://x:",
            "http://x:8a",
            "http://:80",
            "http://a]b",
        ] {
            assert!(base_url("baseUrl", &s(bad_url)).is_err(), "{bad_url}");
        }
        for ok in [
            "http://127.0.0.1:8000",
            "http://127.0.0.1:65535",
            "http://[::1]",
            "http://[::1]:8000/x",
            "https://工单.example.com",
            "https://paas.example.com/",
            "/itsm-proxy",
            "",
        ] {
            assert!(base_url("baseUrl", &s(ok)).is_ok(), "{ok}");
        }
    }
}
