//! The four common parameters, declared once: who the application is and who the user is.
//!
//! They come from three places, in order of precedence: the call's parameters, the client's
//! configuration, and (for the user only) the page's `bk_token` login cookie, which ESB does
//! not read by itself. Their secret values also make the `Redactor` of the request.

use crate::mem::String;

use crate::engine::describe::{docs, p, Param, Rule};
use crate::text::cut;

/// The common parameters every endpoint and every client configuration takes, in the order
/// they are written. `Rule::Secret` marks the two whose values are never shown.
pub(crate) static COMMON: &[Param] = &[
    p("bk_app_code", Rule::Text, false, docs!("The application code (`bk_app_code`); overrides the client's for this call.")),
    p("bk_app_secret", Rule::Secret, false, docs!("The application secret; overrides the client's for this call. Never ship it to browsers: see the README's security section.")),
    p("bk_token", Rule::Secret, false, docs!("The user's login token; overrides the client's (and the login cookie) for this call.")),
    p("bk_username", Rule::Text, false, docs!("The user name (apps on ESB's whitelist only); overrides the client's for this call.")),
];

/// `true` for the key of a common parameter whose value is a secret.
pub(crate) fn is_secret(key: &str) -> bool {
    COMMON
        .iter()
        .any(|p| p.key == key && p.rule == Rule::Secret)
}

/// `bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`, in [`COMMON`]'s order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Credentials(pub(crate) [Option<String>; 4]);

impl Credentials {
    /// Each field from `self` when given there, otherwise from `client`.
    pub(crate) fn over(mut self, client: &Credentials) -> Credentials {
        for (mine, theirs) in self.0.iter_mut().zip(client.0.iter()) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        self
    }

    /// Fills in `bk_token` from the login cookie when no user identity was given and the client
    /// holds the app's secret.
    pub(crate) fn with_cookie_token(mut self, cookie: Option<&str>) -> Credentials {
        // Without the app's secret the request goes to a same-origin proxy, which reads the
        // cookie itself: the token then stays out of URLs and the proxy's access log.
        if let [_, Some(_), token @ None, None] = &mut self.0 {
            *token = cookie.and_then(bk_token_from_cookie);
        }
        self
    }

    /// `true` when none of the four is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// Each given one under its wire name.
    pub(crate) fn given(&self) -> impl Iterator<Item = (&'static str, &str)> {
        COMMON
            .iter()
            .zip(self.0.iter())
            .filter_map(|(p, v)| v.as_deref().map(|v| (p.key, v)))
    }
}

/// The value of the `bk_token` cookie in a `document.cookie` string, if set and non-empty.
pub(crate) fn bk_token_from_cookie(cookie: &str) -> Option<String> {
    let mut rest = Some(cookie);
    while let Some(text) = rest {
        let (pair, next) = cut(text, b';');
        rest = next;
        if let (name, Some(value)) = cut(pair, b'=') {
            let value = value.trim_ascii();
            let value = value.strip_prefix('"').unwrap_or(value);
            let value = value.strip_suffix('"').unwrap_or(value);
            if name.trim_ascii() == "bk_token" && !value.is_empty() {
                return Some(String::from(value));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.into())
    }

    #[test]
    fn the_cookie_token_is_found_among_others() {
        assert_eq!(bk_token_from_cookie("a=1; bk_token=abc; b=2"), some("abc"));
        assert_eq!(bk_token_from_cookie("bk_token=\"q\""), some("q"));
        assert_eq!(bk_token_from_cookie("xbk_token=abc"), None);
        assert_eq!(bk_token_from_cookie("bk_token=; bk_token=x"), some("x"));
        assert_eq!(bk_token_from_cookie(""), None);
    }

    #[test]
    fn the_call_wins_and_the_cookie_fills_only_a_missing_user() {
        let client = Credentials([some("app"), some("sec"), some("client-token"), None]);
        let call = Credentials([None, None, some("call-token"), None]);
        let merged = call.over(&client);
        assert_eq!(merged.0[2], some("call-token"));
        assert_eq!(merged.0[1], some("sec"));
        let cookie = Some("bk_token=cookie-token");
        assert_eq!(
            merged.clone().with_cookie_token(cookie).0[2],
            some("call-token")
        );
        let with_app =
            Credentials([some("app"), some("sec"), None, None]).with_cookie_token(cookie);
        assert_eq!(with_app.0[2], some("cookie-token"));
        // No secret: a same-origin proxy's client, which leaves the cookie to the proxy.
        let anonymous = Credentials::default().with_cookie_token(cookie);
        assert_eq!(anonymous.0[2], None);
        let by_name = Credentials([None, None, None, some("admin")]);
        assert_eq!(by_name.with_cookie_token(cookie).0[2], None);
        assert!(is_secret("bk_token") && is_secret("bk_app_secret") && !is_secret("bk_username"));
    }
}
