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
