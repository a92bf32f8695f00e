//! `get_ticket_status`: where one ticket stands (its current steps, each with its node's field
//! definitions and operations) and what can be done with it, a GET through either door. Its
//! parameters (here) and its result (`result`).

#![allow(non_snake_case)] // the wire names are part of the contract

use tsify::Tsify;

use crate::endpoints::get_ticket_info::SN_EXAMPLE;
use crate::endpoints::table::params_table;
use crate::endpoints::{endpoint, Params};
use crate::input::rules::ticket_number;

pub(crate) mod result;

use result::StatusKeys;

endpoint! {
    /// The `get_ticket_status` API.
    GetTicketStatus: "get_ticket_status", Get, safe to repeat: true,
    params: TicketStatusParams, result: StatusKeys
}

params_table! {
    /// The parameters of `getTicketStatus`.
    ///
    /// The four common parameters (`bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`)
    /// override the client's for this call.
    #[derive(Debug, Clone, Default, PartialEq, Tsify)]
    pub struct TicketStatusParams, keys STATUS_KEYS;

    /// The ticket number, e.g. `"REQ20240101000001"` (required).
    #[tsify(type = "string")]
    sn: String = |key, value| ticket_number(key, value),
}

impl Params for TicketStatusParams {
    type Endpoint = GetTicketStatus;
    const REQUIRED: &'static [(&'static str, &'static str)] = &[("sn", SN_EXAMPLE)];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::credentials::Credentials;
    use crate::call::door::Door;
    use crate::input::value::testing::parse;

    #[test]
    fn sn_is_required_and_sent_in_the_query_string() {
        let params =
            TicketStatusParams::from_value(&parse(r#"{"sn":"INC20240101000002"}"#)).unwrap();
        let out = Door::Esb.prepare("", &params, &Credentials::default());
        assert_eq!(
            out.url,
            "/api/c/compapi/v2/itsm/get_ticket_status/?sn=INC20240101000002"
        );
        for json in ["{}", r#"{"sn":"a b"}"#, r#"{"sn":1}"#, r#"{"sns":"REQ1"}"#] {
            let issues = TicketStatusParams::from_value(&parse(json)).unwrap_err();
            assert_eq!(issues[0].field, "sn", "{json}");
        }
    }
}
