//! `get_ticket_info`: one ticket's detail (its current steps and every form field with its
//! display value), a GET through either door. Its parameters (here) and its result (`result`).

#![allow(non_snake_case)] // the wire names are part of the contract

use tsify::Tsify;

use crate::endpoints::table::params_table;
use crate::endpoints::{endpoint, Params};
use crate::input::rules::ticket_number;

pub(crate) mod result;

use result::InfoKeys;

/// The example a missing `sn` is shown with.
pub(crate) const SN_EXAMPLE: &str = "{ sn: \"REQ20240101000001\" }";

endpoint! {
    /// The `get_ticket_info` API.
    GetTicketInfo: "get_ticket_info", Get, safe to repeat: true,
    params: TicketInfoParams, result: InfoKeys
}

params_table! {
    /// The parameters of `getTicketInfo`.
    ///
    /// The four common parameters (`bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`)
    /// override the client's for this call.
    #[derive(Debug, Clone, Default, PartialEq, Tsify)]
    pub struct TicketInfoParams, keys INFO_KEYS;

    /// The ticket number, e.g. `"REQ20240101000001"` (required).
    #[tsify(type = "string")]
    sn: String = |key, value| ticket_number(key, value),
}

impl Params for TicketInfoParams {
    type Endpoint = GetTicketInfo;
    const REQUIRED: &'static [(&'static str, &'static str)] = &[("sn", SN_EXAMPLE)];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::credentials::Credentials;
    use crate::call::door::Door;
    use crate::error::Issue;
    use crate::input::value::testing::parse;
    use crate::input::value::Value;

    fn check(json: &str) -> Result<TicketInfoParams, Vec<Issue>> {
        TicketInfoParams::from_value(&parse(json))
    }

    #[test]
    fn sn_is_required_and_a_ticket_number() {
        assert_eq!(
            check(r#"{"sn":"REQ20240101000001"}"#)
                .unwrap()
                .sn
                .as_deref(),
            Some("REQ20240101000001")
        );
        for (json, needle) in [
            ("{}", "sn: is required"),
            (r#"{"page":1}"#, "sn: is required"),
            ("null", "params: null is not allowed"),
            ("[]", "params: expected an object"),
            (r#"{"sn":""}"#, "sn: \"\" is not allowed"),
            (r#"{"sn":null}"#, "sn: null is not allowed"),
            (r#"{"sn":5}"#, "sn: expected a non-empty string"),
            (r#"{"sn":" REQ1"}"#, "sn: \" REQ1\" is not a ticket number"),
            (r#"{"sn":"REQ1&page=2"}"#, "is not a ticket number"),
            (r#"{"sns":["REQ1"]}"#, "did you mean \"sn\""),
        ] {
            let issues = check(json).expect_err(json);
            assert!(
                issues.iter().any(|i| i.message.contains(needle)),
                "{json}: {issues:?}"
            );
        }
        assert!(check(&format!(r#"{{"sn":"{}"}}"#, "A".repeat(64))).is_ok());
        assert!(check(&format!(r#"{{"sn":"{}"}}"#, "A".repeat(65))).is_err());
        // undefined params: the missing sn, not an empty call.
        assert_eq!(
            TicketInfoParams::from_value(&Value::Undefined).unwrap_err()[0].field,
            "sn"
        );
    }

    #[test]
    fn a_get_with_sn_in_the_query_string_through_either_door() {
        let params = check(r#"{"sn":"REQ20240101000001"}"#).unwrap();
        let creds = Credentials {
            app_code: Some("app".into()),
            app_secret: Some("sec".into()),
            ..Default::default()
        };
        let esb = Door::Esb.prepare("", &params, &creds);
        assert_eq!(
            esb.url,
            "/api/c/compapi/v2/itsm/get_ticket_info/?bk_app_code=app&bk_app_secret=sec&sn=REQ20240101000001"
        );
        assert_eq!(esb.body, "");
        let gateway = Door::Gateway {
            name: "bk-itsm".into(),
            stage: "prod".into(),
        };
        let out = gateway.prepare("", &params, &creds);
        assert_eq!(
            out.url,
            "/api/bk-itsm/prod/v2/itsm/get_ticket_info/?sn=REQ20240101000001"
        );
        assert!(out.authorization.is_some());
    }
}
