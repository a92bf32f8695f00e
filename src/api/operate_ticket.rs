//! `operate_ticket`: withdraws, suspends, resumes or terminates a ticket, a POST through either
//! door.

use crate::api::shared::{OPERATOR, SN};
use crate::engine::describe::{docs, p, Doors, Endpoint, Method, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "operate_ticket",
    apigw_name: "",
    method: Method::Post,
    doors: Doors::Both,
    safe: false,
    params: &[
        SN,
        p("action_type", Rule::OneOf(&["WITHDRAW", "SUSPEND", "UNSUSPEND", "TERMINATE"]), true, docs!("`WITHDRAW` (its creator, while only the submission is done), `SUSPEND`, `UNSUSPEND` or `TERMINATE` (a current processor or an ITSM manager) (required).")),
        p("action_message", Rule::Short(255), true, docs!("Why, at most 255 characters (required: the server fails without one).")),
        OPERATOR,
    ],
    checks: &[],
    result: Ty::Arr(&Ty::Any),
    what: "an operation's answer",
    doc: docs!("Withdraws, suspends, resumes or terminates a ticket. Resolves to the server's `[]`; refusals reject with kind `\"api\"` (3900004 with the server's reason, 3900022 for an unknown number). `getTicketStatus`'s `operations` say what the ticket allows now."),
    params_type: docs!("OperateTicketParams"),
    before: None,
};
