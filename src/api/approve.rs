//! `approve`: approves or rejects at an approval step, a POST through the API gateway only.
//! Checked before it is sent against the ticket's status (`get_ticket_status`).

use crate::api::get_ticket_status;
use crate::api::shared::{ID, SN};
use crate::engine::describe::{docs, p, Against, Before, Doors, Endpoint, Method, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "approve",
    apigw_name: "",
    method: Method::Post,
    doors: Doors::GatewayOnly,
    safe: false,
    params: &[
        SN,
        p("state_id", ID, true, docs!("The approval step (`current_steps[].state_id` of `getTicketStatus`) (required).")),
        p("action", Rule::OneOf(&["true", "false"]), true, docs!("`\"true\"` approves, `\"false\"` rejects (required).")),
        p("remark", Rule::Text, false, docs!("The approver's remark (the server requires one for a rejection where the step's form does).")),
        p("approver", Rule::User, false, docs!("Who approves: the client's `user`, filled in (another name is refused). Without a `user`, nothing is sent and the proxy in front sets it.")),
    ],
    checks: &[],
    result: Ty::Arr(&Ty::Any),
    what: "an approval's answer",
    doc: docs!("Approves or rejects at an approval step. First checked against the ticket's status (fetched with `getTicketStatus` unless the option `status` hands it in): the step must be current and running, and the client's `user` one of its processors. Resolves to the server's `[]`; the flow moves on asynchronously."),
    params_type: docs!("ApproveParams"),
    before: Some(&Before {
        endpoint: &get_ticket_status::ENDPOINT,
        key: "sn",
        option: p("status", Rule::Json, false, docs!("The ticket's status as `getTicketStatus` resolved it, when the page has it already (it saves a request).")).ts(docs!("TicketStatus")),
        against: Against::Step,
    }),
};
