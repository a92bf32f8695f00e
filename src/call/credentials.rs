//! The four common parameters: who the application is and who the user is.
//!
//! They come from three places, in order of precedence: the call's parameters, the client's
//! configuration, and (for the user only) the page's `bk_token` login cookie, which ESB does
//! not read by itself. Their secret values also make the [`Redactor`] of the request.

use crate::error::Redactor;

/// `bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// The application code.
    pub app_code: Option<String>,
    /// The application secret.
    pub app_secret: Option<String>,
    /// The user's login token.
    pub token: Option<String>,
    /// The user name (whitelisted apps).
    pub username: Option<String>,
}

/// The common parameters' wire names, in the order they are written.
pub(crate) const COMMON_KEYS: [&str; 4] =
    ["bk_app_code", "bk_app_secret", "bk_token", "bk_username"];

/// The common parameters whose values are secrets, redacted from every text the client shows.
pub const SECRET_KEYS: &[&str] = &["bk_app_secret", "bk_token"];

impl Credentials {
    /// Each parameter under its wire name ([`COMMON_KEYS`]), given or not.
    pub(crate) fn wire(&self) -> [(&'static str, &Option<String>); 4] {
        let [code, secret, token, username] = COMMON_KEYS;
        [
            (code, &self.app_code),
            (secret, &self.app_secret),
            (token, &self.token),
            (username, &self.username),
        ]
    }

    /// Each field from `call` when given there, otherwise from `client`.
    pub fn overlay(call: &Credentials, client: &Credentials) -> Credentials {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        Credentials {
            app_code: pick(&call.app_code, &client.app_code),
            app_secret: pick(&call.app_secret, &client.app_secret),
            token: pick(&call.token, &client.token),
            username: pick(&call.username, &client.username),
        }
    }

    /// Fills in `bk_token` from the login cookie when no user identity was given.
    pub fn with_cookie_token(mut self, cookie_header: Option<&str>) -> Credentials {
        if self.token.is_none() && self.username.is_none() {
            self.token = cookie_header.and_then(bk_token_from_cookie);
        }
        self
    }

    /// `true` when none of the four is set.
    pub fn is_empty(&self) -> bool {
        self.app_code.is_none()
            && self.app_secret.is_none()
            && self.token.is_none()
            && self.username.is_none()
    }

    /// A redactor for the secret values these credentials hold.
    pub fn redactor(&self) -> Redactor {
        Redactor::new(
            [&self.app_secret, &self.token]
                .into_iter()
                .filter_map(|s| s.as_deref()),
        )
    }
}

/// The value of the `bk_token` cookie in a `document.cookie` string, if set and non-empty.
pub(crate) fn bk_token_from_cookie(cookie: &str) -> Option<String> {
    cookie
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(name, _)| name.trim() == "bk_token")
        .map(|(_, value)| value.trim().trim_matches('"'))
        .find(|value| !value.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
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
        let client = Credentials {
            app_code: some("app"),
            app_secret: some("sec"),
            token: some("client-token"),
            username: None,
        };
        let call = Credentials {
            token: some("call-token"),
            ..Default::default()
        };
        let merged = Credentials::overlay(&call, &client);
        assert_eq!(merged.token, some("call-token"));
        assert_eq!(merged.app_secret, some("sec"));
        let cookie = Some("bk_token=cookie-token");
        assert_eq!(
            merged.clone().with_cookie_token(cookie).token,
            some("call-token")
        );
        let anonymous = Credentials::default().with_cookie_token(cookie);
        assert_eq!(anonymous.token, some("cookie-token"));
        let by_name = Credentials {
            username: some("admin"),
            ..Default::default()
        };
        assert_eq!(by_name.with_cookie_token(cookie).token, None);
    }
}
