//! The request writer: one endpoint's checked parameters and the call's common `bk_*`
//! parameters, written for a door into a [`Request`] the transport sends as is.
//!
//! | | POST | GET |
//! |---|---|---|
//! | the endpoint's parameters | JSON body | query string |
//! | common parameters, ESB | JSON body | query string (ESB reads a GET's from there only) |
//! | common parameters, API gateway | `X-Bkapi-Authorization` header | `X-Bkapi-Authorization` header |
//!
//! A GET through ESB thus carries `bk_app_secret` or `bk_token` in its URL: the URL every error
//! keeps is redacted like every other text (see `url.rs`), and a secret should stay on a server
//! behind a same-origin proxy anyway (the README's security section).

use crate::call::credentials::Credentials;
use crate::call::door::{CommonParamsGo, Door};
use crate::call::json::ObjectWriter;
use crate::call::url::QueryWriter;
use crate::endpoints::{Endpoint, Method, Params};

/// A request ready for the transport: where, how, what, and the credentials header if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// How it is sent.
    pub(crate) method: Method,
    /// The full URL.
    pub url: String,
    /// The JSON body of a POST (empty for a GET).
    pub body: String,
    /// The `X-Bkapi-Authorization` header value, for the gateway.
    pub authorization: Option<String>,
}

/// Where the parameters of one request are written, field by field: a JSON body
/// ([`ObjectWriter`]) or a query string ([`QueryWriter`]).
pub trait FieldWriter {
    /// Adds a string.
    fn string(&mut self, key: &str, value: &str);
    /// Adds an integer.
    fn integer(&mut self, key: &str, value: i64);
    /// Adds a list of strings.
    fn strings(&mut self, key: &str, values: &[String]);
    /// Adds a list of integers.
    fn integers(&mut self, key: &str, values: &[i64]);
}

impl FieldWriter for ObjectWriter {
    fn string(&mut self, key: &str, value: &str) {
        ObjectWriter::string(self, key, value);
    }
    fn integer(&mut self, key: &str, value: i64) {
        ObjectWriter::integer(self, key, value);
    }
    fn strings(&mut self, key: &str, values: &[String]) {
        ObjectWriter::strings(self, key, values);
    }
    fn integers(&mut self, key: &str, values: &[i64]) {
        ObjectWriter::integers(self, key, values);
    }
}

/// What the request writer needs of an endpoint besides its parameters.
struct Route {
    /// The API's name.
    name: &'static str,
    /// How it is sent.
    method: Method,
    /// The page asked for, for a paged endpoint.
    page: Option<i64>,
    /// The page size asked for, for a paged endpoint.
    page_size: Option<i64>,
}

/// The four common parameters, under their wire names, in the order the server documents them.
fn write_credentials(out: &mut impl FieldWriter, c: &Credentials) {
    for (key, value) in c.wire() {
        if let Some(value) = value {
            out.string(key, value);
        }
    }
}

impl Door {
    /// Builds the request of endpoint `E`: `base_url` (no trailing slash needed) + its path,
    /// its parameters where its method puts them, and the credentials where this door reads
    /// them.
    pub fn prepare<P: Params>(
        &self,
        base_url: &str,
        params: &P,
        credentials: &Credentials,
    ) -> Request {
        self.prepare_for(
            base_url,
            Route {
                name: <P::Endpoint as Endpoint>::NAME,
                method: <P::Endpoint as Endpoint>::METHOD,
                page: params.page(),
                page_size: params.page_size(),
            },
            credentials,
            &|query| params.write_fields(query),
            &|body| params.write_fields(body),
        )
    }

    /// [`Self::prepare`] with the endpoint's parameters as writers: compiled once, not once
    /// per endpoint.
    fn prepare_for(
        &self,
        base_url: &str,
        route: Route,
        credentials: &Credentials,
        write_query: &dyn Fn(&mut QueryWriter),
        write_body: &dyn Fn(&mut ObjectWriter),
    ) -> Request {
        let mut url = format!(
            "{}{}",
            base_url.trim_end_matches('/'),
            self.path(route.name)
        );
        let authorization = match self.common_params_go() {
            CommonParamsGo::InTheHeader if !credentials.is_empty() => {
                let mut header = ObjectWriter::ascii();
                write_credentials(&mut header, credentials);
                Some(header.finish())
            }
            _ => None,
        };
        let with_the_others = self.common_params_go() == CommonParamsGo::WithTheOthers;
        let method = route.method;
        let body = match method {
            Method::Get => {
                let mut query = QueryWriter::default();
                if with_the_others {
                    write_credentials(&mut query, credentials);
                }
                write_query(&mut query);
                url.push_str(&query.finish());
                String::new()
            }
            Method::Post => {
                if self.forwards_query() {
                    // ITSM before 2.6.0 reads paging from the query string only (DRF's
                    // default) and answers page 1 to a `page` in the body; the gateway forwards
                    // the query string (ESB drops it), and newer servers read the query first,
                    // with the same values.
                    let mut query = QueryWriter::default();
                    if let Some(page) = route.page {
                        query.integer("page", page);
                    }
                    if let Some(size) = route.page_size {
                        query.integer("page_size", size);
                    }
                    url.push_str(&query.finish());
                }
                let mut body = ObjectWriter::new();
                if with_the_others {
                    write_credentials(&mut body, credentials);
                }
                write_body(&mut body);
                body.finish()
            }
        };
        Request {
            method,
            url,
            body,
            authorization,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::envelope::EnvelopeKeys;
    use crate::endpoints::table::ParamsTable;
    use crate::endpoints::{ResultShape, ShapeError};
    use crate::error::Issue;
    use crate::input::js_value::Js;
    use crate::input::value::Value;

    /// A GET endpoint, as the read endpoints of issue 13 are.
    struct Info;
    /// Its result shape: any value (the request writer never looks at it).
    struct Anything;
    impl<V: crate::input::value::View> ResultShape<V> for Anything {
        const WHAT: &'static str = "anything";
        fn new() -> Self {
            Anything
        }
        fn check(&self, _: &V) -> Result<(), ShapeError> {
            Ok(())
        }
    }
    #[derive(Clone, Default)]
    struct InfoParams {
        sn: String,
    }
    impl Endpoint for Info {
        const NAME: &'static str = "get_ticket_info";
        const METHOD: Method = Method::Get;
        const SAFE_TO_REPEAT: bool = true;
        type Params = InfoParams;
        type Shape<V: crate::input::value::View> = Anything;
        fn with_keys<R>(f: impl FnOnce(&EnvelopeKeys<Js, Anything>) -> R) -> R {
            f(&EnvelopeKeys::new())
        }
    }
    impl ParamsTable for InfoParams {
        fn set(&mut self, _: &str, _: &Value) -> Result<(), Issue> {
            Ok(())
        }
        fn write_filters<W: FieldWriter>(&self, out: &mut W) {
            out.string("sn", &self.sn);
        }
        fn common(&self) -> Credentials {
            Credentials::default()
        }
        fn given(&self, _: &str) -> bool {
            true
        }
    }
    impl Params for InfoParams {
        type Endpoint = Info;
    }

    fn creds() -> Credentials {
        Credentials {
            app_code: Some("app".into()),
            app_secret: Some("s&c".into()),
            token: None,
            username: Some("张三".into()),
        }
    }

    #[test]
    fn a_get_carries_everything_in_the_query_string_through_esb() {
        let params = InfoParams { sn: "NO 1".into() };
        let out = Door::Esb.prepare("https://paas.example.com/", &params, &creds());
        assert_eq!(out.method, Method::Get);
        assert_eq!(
            out.url,
            "https://paas.example.com/api/c/compapi/v2/itsm/get_ticket_info/\
             ?bk_app_code=app&bk_app_secret=s%26c&bk_username=%E5%BC%A0%E4%B8%89&sn=NO%201"
        );
        assert_eq!(out.body, "");
        assert_eq!(out.authorization, None);
    }

    #[test]
    fn a_get_through_the_gateway_keeps_the_credentials_in_the_header() {
        let door = Door::Gateway {
            name: "bk-itsm".into(),
            stage: "prod".into(),
        };
        let out = door.prepare("", &InfoParams { sn: "NO1".into() }, &creds());
        assert_eq!(out.url, "/api/bk-itsm/prod/v2/itsm/get_ticket_info/?sn=NO1");
        assert_eq!(out.body, "");
        assert_eq!(
            out.authorization.as_deref(),
            Some(r#"{"bk_app_code":"app","bk_app_secret":"s&c","bk_username":"\u5f20\u4e09"}"#)
        );
    }
}
