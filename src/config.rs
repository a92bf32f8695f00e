//! `ClientConfig` and `RequestOptions`: read from JavaScript objects under the same rules as
//! the parameters (unknown keys with a suggestion, wrong types refused, `undefined` = not
//! given), and resolved into the [`Settings`] a client runs with.

#![allow(non_snake_case)] // the JavaScript names are part of the contract

use tsify::Tsify;

use crate::credentials::Credentials;
use crate::door::Door;
use crate::error::Issue;
use crate::rules::{integer_in, non_empty_string, one_of, unknown_key, Digits};
use crate::value::Value;

/// The longest timeout `setTimeout` can hold.
pub const MAX_TIMEOUT_MS: i64 = 2_147_483_647;

/// The default timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// How a client reaches the API, and the defaults of every call it makes.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
pub struct ClientConfig {
    /// Origin (and optional path prefix) the API paths are appended to, e.g.
    /// `"https://paas.example.com"` or `"/itsm-proxy"`. Default: the page's own origin.
    /// Required in Node.
    #[tsify(optional)]
    pub baseUrl: Option<String>,
    /// `"esb"` (default): `/api/c/compapi/v2/itsm/get_tickets/`, credentials in the body.
    /// `"apigw"`: `/api/bk-itsm/{stage}/v2/itsm/get_tickets/`, credentials in the
    /// `X-Bkapi-Authorization` header.
    #[tsify(optional, type = "\"esb\" | \"apigw\"")]
    pub gateway: Option<String>,
    /// The API gateway stage (default `"prod"`); only for `gateway: "apigw"`.
    #[tsify(optional)]
    pub stage: Option<String>,
    /// Default application code for every call.
    #[tsify(optional)]
    pub bk_app_code: Option<String>,
    /// Default application secret. Never ship it to browsers: see the README's security section.
    #[tsify(optional)]
    pub bk_app_secret: Option<String>,
    /// Default login token. In a browser the `bk_token` cookie is used when neither `bk_token`
    /// nor `bk_username` is given.
    #[tsify(optional)]
    pub bk_token: Option<String>,
    /// Default user name (apps on the ESB whitelist only).
    #[tsify(optional)]
    pub bk_username: Option<String>,
    /// The fetch `credentials` mode: `"include"` (default) sends the login cookie, also to
    /// another origin.
    #[tsify(optional, type = "\"include\" | \"same-origin\" | \"omit\"")]
    pub credentials: Option<String>,
    /// Milliseconds before a call fails with kind `"timeout"` (default 30000; 0 for none).
    #[tsify(optional)]
    pub timeoutMs: Option<u32>,
}

/// Options of one call.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
pub struct RequestOptions {
    /// Aborts the call (kind `"aborted"`) when it fires, also while the body downloads.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<()>,
    /// Overrides the client's `timeoutMs` for this call.
    #[tsify(optional)]
    pub timeoutMs: Option<u32>,
}

/// The fetch credentials mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieMode {
    /// Send cookies to any origin (CORS with credentials).
    Include,
    /// Send cookies to the page's own origin only.
    SameOrigin,
    /// Never send cookies.
    Omit,
}

/// A client's resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The base URL, `""` for the page's origin.
    pub base_url: String,
    /// The door.
    pub door: Door,
    /// Default credentials.
    pub credentials: Credentials,
    /// The fetch credentials mode.
    pub cookies: CookieMode,
    /// Timeout in ms, 0 for none.
    pub timeout_ms: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: String::new(),
            door: Door::Esb,
            credentials: Credentials::default(),
            cookies: CookieMode::Include,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

const CONFIG_KEYS: &[&str] = &[
    "baseUrl",
    "gateway",
    "stage",
    "bk_app_code",
    "bk_app_secret",
    "bk_token",
    "bk_username",
    "credentials",
    "timeoutMs",
];

const OPTION_KEYS: &[&str] = &["signal", "timeoutMs"];

/// Reads the entries of an options-like object: `undefined` means none, `null` and
/// non-objects are refused under the name `what`.
fn entries<'a>(value: &'a Value, what: &str) -> Result<&'a [(String, Value)], Vec<Issue>> {
    match value {
        Value::Undefined => Ok(&[]),
        Value::Object(entries) => Ok(entries),
        other => Err(vec![Issue::new(
            what,
            format!("expected an object or nothing, got {}", other.type_name()),
        )]),
    }
}

fn timeout(key: &str, value: &Value) -> Result<u32, Issue> {
    integer_in(
        key,
        value,
        (0, MAX_TIMEOUT_MS),
        Digits::Refused,
        " (milliseconds; 0 for no timeout)",
    )
    .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX))
}

impl ClientConfig {
    /// Reads and checks a configuration object (or `undefined`).
    pub fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let mut config = ClientConfig::default();
        let mut issues = Vec::new();
        for (key, value) in entries(value, "config")? {
            if matches!(value, Value::Undefined) {
                continue;
            }
            let string = |secret| non_empty_string(key, value, secret).map(Some);
            let result = match key.as_str() {
                "baseUrl" => base_url(key, value).map(|u| config.baseUrl = Some(u)),
                "gateway" => one_of(key, value, &["esb", "apigw"])
                    .map(|g| config.gateway = Some(g.to_owned())),
                "stage" => stage(key, value).map(|s| config.stage = Some(s)),
                "bk_app_code" => string(false).map(|s| config.bk_app_code = s),
                "bk_app_secret" => string(true).map(|s| config.bk_app_secret = s),
                "bk_token" => string(true).map(|s| config.bk_token = s),
                "bk_username" => string(false).map(|s| config.bk_username = s),
                "credentials" => one_of(key, value, &["include", "same-origin", "omit"])
                    .map(|c| config.credentials = Some(c.to_owned())),
                "timeoutMs" => timeout(key, value).map(|t| config.timeoutMs = Some(t)),
                _ => Err(unknown_key(key, CONFIG_KEYS)),
            };
            if let Err(issue) = result {
                issues.push(issue);
            }
        }
        if config.stage.is_some() && config.gateway.as_deref() != Some("apigw") {
            issues.push(Issue::new(
                "stage",
                "only applies to the API gateway: set gateway: \"apigw\" as well",
            ));
        }
        if issues.is_empty() {
            Ok(config)
        } else {
            Err(issues)
        }
    }

    /// The settings this configuration gives.
    pub fn settings(&self) -> Settings {
        Settings {
            base_url: self.baseUrl.clone().unwrap_or_default(),
            door: match self.gateway.as_deref() {
                Some("apigw") => Door::Gateway {
                    stage: self.stage.clone().unwrap_or_else(|| "prod".to_owned()),
                },
                _ => Door::Esb,
            },
            credentials: Credentials {
                app_code: self.bk_app_code.clone(),
                app_secret: self.bk_app_secret.clone(),
                token: self.bk_token.clone(),
                username: self.bk_username.clone(),
            },
            cookies: match self.credentials.as_deref() {
                Some("omit") => CookieMode::Omit,
                Some("same-origin") => CookieMode::SameOrigin,
                _ => CookieMode::Include,
            },
            timeout_ms: self.timeoutMs.unwrap_or(DEFAULT_TIMEOUT_MS),
        }
    }
}

impl RequestOptions {
    /// Reads and checks a call's options (or `undefined`). `signal` is only checked to be an
    /// object here; the browser side checks that it is an `AbortSignal`.
    pub fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let mut options = RequestOptions::default();
        let mut issues = Vec::new();
        for (key, value) in entries(value, "options")? {
            if matches!(value, Value::Undefined) {
                continue;
            }
            let result = match key.as_str() {
                "signal" => match value {
                    Value::Object(_) => {
                        options.signal = Some(());
                        Ok(())
                    }
                    other => Err(Issue::new(
                        key,
                        format!("expected an AbortSignal, got {}", other.type_name()),
                    )),
                },
                "timeoutMs" => timeout(key, value).map(|t| options.timeoutMs = Some(t)),
                _ => Err(unknown_key(key, OPTION_KEYS)),
            };
            if let Err(issue) = result {
                issues.push(issue);
            }
        }
        if issues.is_empty() {
            Ok(options)
        } else {
            Err(issues)
        }
    }
}

/// An absolute `http(s)://host[:port][/path]` or a path from the root, with no query,
/// fragment, user info or white space: the API path is appended to it.
fn base_url(key: &str, value: &Value) -> Result<String, Issue> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Null => return Err(crate::rules::null_issue(key)),
        other => {
            return Err(Issue::new(
                key,
                format!("expected a URL string, got {}", other.type_name()),
            ))
        }
    };
    let rule = "must be an http(s) origin with an optional path, like \"https://paas.example.com\", \
                or a path on the page's origin, like \"/itsm-proxy\" (no query, fragment or user info)";
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let (host, path) = match rest {
        Some(rest) => rest.split_at(rest.find('/').unwrap_or(rest.len())),
        None if s.starts_with('/') && !s.starts_with("//") => ("", s.as_str()),
        None if s.is_empty() => ("", ""),
        None => return Err(Issue::new(key, format!("{} {rule}", value.describe()))),
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\');
    if (rest.is_some() && host.is_empty())
        || host.contains('@')
        || host.contains(bad)
        || path.contains(bad)
    {
        return Err(Issue::new(key, format!("{} {rule}", value.describe())));
    }
    Ok(s)
}

fn stage(key: &str, value: &Value) -> Result<String, Issue> {
    let s = non_empty_string(key, value, false)?;
    if s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(s)
    } else {
        Err(Issue::new(
            key,
            format!(
                "{} must be letters, digits, - and _ (it goes into the path)",
                value.describe()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::testing::parse;

    fn config(json: &str) -> Result<Settings, Vec<Issue>> {
        ClientConfig::from_value(&parse(json)).map(|c| c.settings())
    }

    #[test]
    fn defaults_are_esb_on_the_page_origin_with_cookies_and_30s() {
        assert_eq!(
            ClientConfig::from_value(&Value::Undefined).map(|c| c.settings()),
            Ok(Settings::default())
        );
        let s = config("{}").unwrap();
        assert_eq!(
            (s.base_url.as_str(), s.door, s.cookies, s.timeout_ms),
            ("", Door::Esb, CookieMode::Include, 30_000)
        );
    }

    #[test]
    fn every_field_is_read() {
        let s = config(
            r#"{"baseUrl":"https://paas.example.com/proxy","gateway":"apigw","stage":"stag",
                "bk_app_code":"a","bk_app_secret":"s","bk_token":"t","bk_username":"u",
                "credentials":"omit","timeoutMs":0}"#,
        )
        .unwrap();
        assert_eq!(
            s.door,
            Door::Gateway {
                stage: "stag".into()
            }
        );
        assert_eq!(s.credentials.app_secret.as_deref(), Some("s"));
        assert_eq!((s.cookies, s.timeout_ms), (CookieMode::Omit, 0));
        assert_eq!(
            config(r#"{"gateway":"apigw"}"#).unwrap().door,
            Door::Gateway {
                stage: "prod".into()
            }
        );
    }

    #[test]
    fn bad_configs_are_refused_by_name() {
        for (json, field) in [
            (r#"{"baseURL":"x"}"#, "baseURL"),
            (r#"{"timeout":5}"#, "timeout"),
            (r#"{"gateway":"ESB"}"#, "gateway"),
            (r#"{"stage":"prod"}"#, "stage"),
            (r#"{"gateway":"apigw","stage":"a/b"}"#, "stage"),
            (r#"{"credentials":true}"#, "credentials"),
            (r#"{"timeoutMs":-1}"#, "timeoutMs"),
            (r#"{"timeoutMs":1.5}"#, "timeoutMs"),
            (r#"{"bk_app_secret":42}"#, "bk_app_secret"),
            (r#"{"baseUrl":"ftp://x"}"#, "baseUrl"),
            (r#"{"baseUrl":"https://x/?a=1"}"#, "baseUrl"),
            (r#"{"baseUrl":"https://user:pw@x"}"#, "baseUrl"),
            (r#"{"baseUrl":"//x"}"#, "baseUrl"),
            (r#"{"baseUrl":"https://"}"#, "baseUrl"),
            (r#"{"baseUrl":null}"#, "baseUrl"),
        ] {
            let issues = config(json).expect_err(json);
            assert_eq!(issues[0].field, field, "{json}");
        }
        assert!(config(r#"{"baseURL":"x"}"#).unwrap_err()[0]
            .message
            .contains("\"baseUrl\""));
        assert!(config(r#"{"timeout":5}"#).unwrap_err()[0]
            .message
            .contains("\"timeoutMs\""));
        assert!(!config(r#"{"bk_app_secret":42}"#).unwrap_err()[0]
            .message
            .contains("42"));
        for ok in [
            "http://127.0.0.1:8000",
            "https://paas.example.com/",
            "/itsm-proxy",
            "",
        ] {
            assert!(config(&format!(r#"{{"baseUrl":"{ok}"}}"#)).is_ok(), "{ok}");
        }
    }

    #[test]
    fn request_options() {
        assert_eq!(
            RequestOptions::from_value(&Value::Undefined),
            Ok(RequestOptions::default())
        );
        let o = RequestOptions::from_value(&parse(r#"{"signal":{},"timeoutMs":100}"#)).unwrap();
        assert_eq!((o.signal, o.timeoutMs), (Some(()), Some(100)));
        assert_eq!(
            RequestOptions::from_value(&parse(r#"{"signal":"x"}"#)).unwrap_err()[0].field,
            "signal"
        );
        assert_eq!(
            RequestOptions::from_value(&parse(r#"{"timeoutms":1}"#)).unwrap_err()[0].message,
            "timeoutms: is not a known key: did you mean \"timeoutMs\"?"
        );
        assert_eq!(
            RequestOptions::from_value(&Value::Null).unwrap_err()[0].field,
            "options"
        );
    }
}
