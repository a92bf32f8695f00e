//! The two front doors to ITSM: ESB and the API gateway. Each has its own path and its own
//! place for the common parameters.
//!
//! | | ESB | API gateway |
//! |---|---|---|
//! | path | `/api/c/compapi/v2/itsm/get_tickets/` | `/api/bk-itsm/{stage}/v2/itsm/get_tickets/` |
//! | common parameters | in the JSON body | in the `X-Bkapi-Authorization` header (JSON), never the body |
//! | request id | body `request_id` | header `X-Bkapi-Request-ID` |

use crate::credentials::Credentials;
use crate::json::ObjectWriter;
use crate::params::GetTicketsParams;

/// Which front door requests go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// BlueKing ESB, the API document's path.
    Esb,
    /// The API gateway, on a stage (`prod` by default).
    Gateway {
        /// The gateway stage, e.g. `prod`.
        stage: String,
    },
}

/// The header that carries credentials to the gateway.
pub const AUTHORIZATION_HEADER: &str = "X-Bkapi-Authorization";

/// A request ready for the transport: where, what, and the credentials header if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The full URL.
    pub url: String,
    /// The JSON body.
    pub body: String,
    /// The `X-Bkapi-Authorization` header value, for the gateway.
    pub authorization: Option<String>,
}

impl Door {
    /// The request path of `get_tickets` behind this door.
    pub fn path(&self) -> String {
        match self {
            Door::Esb => "/api/c/compapi/v2/itsm/get_tickets/".to_owned(),
            Door::Gateway { stage } => format!("/api/bk-itsm/{stage}/v2/itsm/get_tickets/"),
        }
    }

    /// Builds the request: `base_url` (no trailing slash needed) + path, the body with the
    /// filters, and the credentials where this door reads them.
    pub fn prepare(
        &self,
        base_url: &str,
        params: &GetTicketsParams,
        credentials: &Credentials,
    ) -> Outgoing {
        let url = format!("{}{}", base_url.trim_end_matches('/'), self.path());
        let mut body = ObjectWriter::new();
        let mut authorization = None;
        match self {
            Door::Esb => write_credentials(&mut body, credentials),
            Door::Gateway { .. } => {
                if !credentials.is_empty() {
                    let mut header = ObjectWriter::new();
                    write_credentials(&mut header, credentials);
                    authorization = Some(header.finish());
                }
            }
        }
        params.write_filters(&mut body);
        Outgoing {
            url,
            body: body.finish(),
            authorization,
        }
    }
}

/// `true` for an absolute `http:` URL whose host is not loopback: a secret sent there crosses
/// the network in clear text.
pub fn is_plain_http_to_remote(url: &str) -> bool {
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

fn write_credentials(out: &mut ObjectWriter, c: &Credentials) {
    for (key, value) in [
        ("bk_app_code", &c.app_code),
        ("bk_app_secret", &c.app_secret),
        ("bk_token", &c.token),
        ("bk_username", &c.username),
    ] {
        if let Some(value) = value {
            out.string(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            app_code: Some("app".into()),
            app_secret: Some("sec".into()),
            token: Some("tok".into()),
            username: None,
        }
    }

    fn params() -> GetTicketsParams {
        GetTicketsParams {
            creator: Some("admin".into()),
            page_size: Some(10),
            ..Default::default()
        }
    }

    #[test]
    fn esb_puts_credentials_in_the_body() {
        let out = Door::Esb.prepare("https://paas.example.com/", &params(), &creds());
        assert_eq!(
            out.url,
            "https://paas.example.com/api/c/compapi/v2/itsm/get_tickets/"
        );
        assert_eq!(
            out.body,
            r#"{"bk_app_code":"app","bk_app_secret":"sec","bk_token":"tok","creator":"admin","page_size":10}"#
        );
        assert_eq!(out.authorization, None);
    }

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
    fn the_gateway_puts_them_in_the_header_only() {
        let door = Door::Gateway {
            stage: "prod".into(),
        };
        let out = door.prepare("", &params(), &creds());
        assert_eq!(out.url, "/api/bk-itsm/prod/v2/itsm/get_tickets/");
        assert_eq!(out.body, r#"{"creator":"admin","page_size":10}"#);
        assert_eq!(
            out.authorization.as_deref(),
            Some(r#"{"bk_app_code":"app","bk_app_secret":"sec","bk_token":"tok"}"#)
        );
        let bare = door.prepare("", &params(), &Credentials::default());
        assert_eq!(bare.authorization, None);
    }
}
