//! The two front doors to ITSM: ESB and the API gateway. Each has its own path and its own
//! place for the common parameters.
//!
//! | | ESB | API gateway |
//! |---|---|---|
//! | path | `/api/c/compapi/v2/itsm/get_tickets/` | `/api/{name}/{stage}/v2/itsm/get_tickets/` (name `bk-itsm` by default) |
//! | common parameters | in the JSON body | in the `X-Bkapi-Authorization` header (JSON, ASCII), never the body |
//! | `username` filter | stripped before ITSM: refused here | forwarded |
//! | query string | dropped | forwarded: `page` and `page_size` also go there |
//! | request id | body `request_id` | header `X-Bkapi-Request-ID` |

use crate::call::credentials::Credentials;
use crate::call::json::ObjectWriter;
use crate::endpoints::get_tickets::params::GetTicketsParams;
use crate::error::Issue;

/// Which front door requests go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// BlueKing ESB, the API document's path.
    Esb,
    /// The API gateway, on a stage (`prod` by default).
    Gateway {
        /// The gateway's name, a deployment setting (`BK_APIGW_NAME`, `bk-itsm` by default).
        name: String,
        /// The gateway stage, e.g. `prod`.
        stage: String,
    },
}

/// The API gateway's name unless the deployment chose another.
pub(crate) const DEFAULT_APIGW_NAME: &str = "bk-itsm";

/// The header that carries credentials to the gateway.
pub(crate) const AUTHORIZATION_HEADER: &str = "X-Bkapi-Authorization";

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
            Door::Gateway { name, stage } => format!("/api/{name}/{stage}/v2/itsm/get_tickets/"),
        }
    }

    /// Refuses what this door would silently change. ESB strips `username` from the body, so
    /// the call would succeed with every ticket of the instance instead of the user's to-dos:
    /// a wider result the caller cannot tell from the right one.
    pub fn check(&self, params: &GetTicketsParams) -> Result<(), Issue> {
        if *self == Door::Esb && params.username.is_some() {
            return Err(Issue::new(
                "username",
                "ESB drops it before ITSM sees it, so the call would list every ticket instead \
                 of the user's to-dos: use the API gateway (gateway: \"apigw\"), which honours it",
            ));
        }
        Ok(())
    }

    /// Builds the request: `base_url` (no trailing slash needed) + path, the body with the
    /// filters, and the credentials where this door reads them.
    pub fn prepare(
        &self,
        base_url: &str,
        params: &GetTicketsParams,
        credentials: &Credentials,
    ) -> Outgoing {
        let mut url = format!("{}{}", base_url.trim_end_matches('/'), self.path());
        let mut body = ObjectWriter::new();
        let mut authorization = None;
        match self {
            Door::Esb => write_credentials(&mut body, credentials),
            Door::Gateway { .. } => {
                // ITSM before 2.6.0 reads paging from the query string only (DRF's default) and
                // answers page 1 to a `page` in the body; the gateway forwards the query string
                // (ESB drops it), and newer servers read the query first, with the same values.
                let mut separator = '?';
                for (key, value) in [("page", params.page), ("page_size", params.page_size)] {
                    if let Some(value) = value {
                        url.push(separator);
                        url.push_str(key);
                        url.push('=');
                        url.push_str(&value.to_string());
                        separator = '&';
                    }
                }
                if !credentials.is_empty() {
                    let mut header = ObjectWriter::ascii();
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
    fn esb_refuses_username_which_it_would_drop() {
        let with_username = GetTicketsParams {
            username: Some("alice".into()),
            ..params()
        };
        let issue = Door::Esb.check(&with_username).unwrap_err();
        assert_eq!(issue.field, "username");
        assert!(issue.message.contains("ESB drops it"), "{}", issue.message);
        assert!(issue.message.contains("apigw"), "{}", issue.message);
        assert_eq!(Door::Esb.check(&params()), Ok(()));
        let gateway = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        assert_eq!(gateway.check(&with_username), Ok(()));
    }

    #[test]
    fn the_gateway_sends_paging_in_the_query_string_as_well() {
        let door = Door::Gateway {
            name: "itsm-gw".into(),
            stage: "stag".into(),
        };
        let paged = GetTicketsParams {
            page: Some(3),
            ..params()
        };
        let out = door.prepare("https://apigw.example.com/", &paged, &creds());
        assert_eq!(
            out.url,
            "https://apigw.example.com/api/itsm-gw/stag/v2/itsm/get_tickets/?page=3&page_size=10"
        );
        assert_eq!(out.body, r#"{"creator":"admin","page":3,"page_size":10}"#);
        let bare = door.prepare("", &GetTicketsParams::default(), &creds());
        assert_eq!(bare.url, "/api/itsm-gw/stag/v2/itsm/get_tickets/");
        // ESB drops query strings: nothing is added there.
        let esb = Door::Esb.prepare("", &paged, &creds());
        assert_eq!(esb.url, "/api/c/compapi/v2/itsm/get_tickets/");
    }

    #[test]
    fn the_gateway_header_is_ascii_for_any_user_name() {
        let door = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        for (name, escaped) in [("张三", r"\u5f20\u4e09"), ("José", r"Jos\u00e9")] {
            let user = Credentials {
                app_code: Some("app".into()),
                app_secret: Some("sec".into()),
                username: Some(name.into()),
                ..Default::default()
            };
            let header = door.prepare("", &params(), &user).authorization.unwrap();
            assert!(header.is_ascii(), "{header}");
            assert_eq!(
                header,
                format!(
                    r#"{{"bk_app_code":"app","bk_app_secret":"sec","bk_username":"{escaped}"}}"#
                )
            );
        }
        // The body is UTF-8 JSON, where names stay as they are.
        let esb = Door::Esb.prepare(
            "",
            &GetTicketsParams {
                creator: Some("张三".into()),
                ..Default::default()
            },
            &Credentials::default(),
        );
        assert_eq!(esb.body, r#"{"creator":"张三"}"#);
    }

    #[test]
    fn the_gateway_puts_them_in_the_header_only() {
        let door = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        let out = door.prepare("", &params(), &creds());
        assert_eq!(
            out.url,
            "/api/bk-itsm/prod/v2/itsm/get_tickets/?page_size=10"
        );
        assert_eq!(out.body, r#"{"creator":"admin","page_size":10}"#);
        assert_eq!(
            out.authorization.as_deref(),
            Some(r#"{"bk_app_code":"app","bk_app_secret":"sec","bk_token":"tok"}"#)
        );
        let bare = door.prepare("", &params(), &Credentials::default());
        assert_eq!(bare.authorization, None);
    }
}
