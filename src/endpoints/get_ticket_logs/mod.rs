//! `get_ticket_logs`: one ticket's timeline, oldest first, in the simple form or the complex
//! one (with each step's form data), a GET through either door. Its parameters (here) and its
//! result (`result`).

#![allow(non_snake_case)] // the wire names are part of the contract

use tsify::Tsify;

use crate::endpoints::get_ticket_info::SN_EXAMPLE;
use crate::endpoints::table::params_table;
use crate::endpoints::{endpoint, Params};
use crate::input::rules::{one_of, ticket_number};

pub(crate) mod result;

use result::LogsKeys;

endpoint! {
    /// The `get_ticket_logs` API.
    GetTicketLogs: "get_ticket_logs", Get, safe to repeat: true,
    params: TicketLogsParams, result: LogsKeys
}

/// The forms of the log: the server takes exactly `complex` for the complex one and reads
/// anything else (`COMPLEX`, a typo) as simple, so a typo would quietly lose the form data.
pub(crate) const SHOW_TYPES: &[&str] = &["simple", "complex"];

params_table! {
    /// The parameters of `getTicketLogs`.
    ///
    /// The four common parameters (`bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`)
    /// override the client's for this call.
    #[derive(Debug, Clone, Default, PartialEq, Tsify)]
    pub struct TicketLogsParams, keys LOGS_KEYS;

    /// The ticket number, e.g. `"REQ20240101000001"` (required).
    #[tsify(type = "string")]
    sn: String = |key, value| ticket_number(key, value),
    /// `"simple"` (the default: who did what, when) or `"complex"` (each entry also has
    /// `form_data` and `from_state_type`). ITSM 2.6.1 and later; older servers send the simple
    /// form.
    #[tsify(optional, type = "\"simple\" | \"complex\"")]
    show_type: String = |key, value| one_of(key, value, SHOW_TYPES).map(str::to_owned),
}

impl Params for TicketLogsParams {
    type Endpoint = GetTicketLogs;
    const REQUIRED: &'static [(&'static str, &'static str)] = &[("sn", SN_EXAMPLE)];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::credentials::Credentials;
    use crate::call::door::Door;
    use crate::error::Issue;
    use crate::input::value::testing::parse;

    fn check(json: &str) -> Result<TicketLogsParams, Vec<Issue>> {
        TicketLogsParams::from_value(&parse(json))
    }

    #[test]
    fn show_type_is_simple_or_complex_and_sent_only_when_given() {
        let gateway = Door::Gateway {
            name: "bk-itsm".into(),
            stage: "prod".into(),
        };
        let complex = check(r#"{"sn":"REQ1","show_type":"complex"}"#).unwrap();
        assert_eq!(
            gateway.prepare("", &complex, &Credentials::default()).url,
            "/api/bk-itsm/prod/v2/itsm/get_ticket_logs/?sn=REQ1&show_type=complex"
        );
        let simple = check(r#"{"sn":"REQ1"}"#).unwrap();
        assert_eq!(
            gateway.prepare("", &simple, &Credentials::default()).url,
            "/api/bk-itsm/prod/v2/itsm/get_ticket_logs/?sn=REQ1"
        );
        for (json, field, needle) in [
            (
                r#"{"sn":"REQ1","show_type":"COMPLEX"}"#,
                "show_type",
                "is not one of \"simple\", \"complex\"",
            ),
            (
                r#"{"sn":"REQ1","show_type":null}"#,
                "show_type",
                "null is not allowed",
            ),
            (
                r#"{"sn":"REQ1","show_type":1}"#,
                "show_type",
                "expected one of",
            ),
            (r#"{"show_type":"simple"}"#, "sn", "is required"),
            (
                r#"{"sn":"REQ1","showType":"simple"}"#,
                "showType",
                "did you mean \"show_type\"",
            ),
        ] {
            let issues = check(json).expect_err(json);
            assert_eq!(issues[0].field, field, "{json}");
            assert!(
                issues[0].message.contains(needle),
                "{json}: {}",
                issues[0].message
            );
        }
    }
}
