//! `operate_node`: acts at one step of a ticket (submits it, claims it, distributes it, hands
//! it over, terminates it), a POST through either door.

use crate::api::shared::{ID, SN, OPERATOR};
use crate::engine::describe::{docs, p, Check, Doors, Endpoint, Method, Rule, Ty};

/// The actions that name who is to process the step.
const WITH_PROCESSORS: &[&str] = &["CLAIM", "DISTRIBUTE", "DELIVER"];

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "operate_node",
    apigw_name: "",
    method: Method::Post,
    doors: Doors::Both,
    safe: false,
    params: &[
        SN,
        p("state_id", ID, true, docs!("The step (`current_steps[].state_id` of `getTicketStatus`) (required).")),
        p("action_type", Rule::OneOf(&["TRANSITION", "CLAIM", "DISTRIBUTE", "DELIVER", "TERMINATE"]), true, docs!("`TRANSITION` (submit the step's form), `CLAIM`, `DISTRIBUTE`, `DELIVER` (hand over) or `TERMINATE` (required).")),
        OPERATOR,
        p("fields", Rule::Fields { strings: true }, false, docs!("For `TRANSITION`: the step's form values, an array of `{ key, value }` or an object; sent as strings (numbers as their digits, arrays comma-joined).")),
        p("processors_type", Rule::OneOf(&["PERSON", "GENERAL", "CMDB", "ORGANIZATION", "STARTER", "STARTER_LEADER", "ASSIGN_LEADER", "BY_ASSIGNOR", "VARIABLE", "VARIABLE_LEADER", "IAM", "OPEN", "EMPTY"]), false, docs!("What `processors` names (`PERSON` for user names); required for `CLAIM`, `DISTRIBUTE` and `DELIVER`.")),
        p("processors", Rule::Names, false, docs!("Who processes the step next: user names, comma-joined or an array; required for `CLAIM` (the claimer), `DISTRIBUTE` and `DELIVER`.")),
        p("action_message", Rule::Short(255), false, docs!("Why; required for `DELIVER` and `TERMINATE`.")),
    ],
    checks: &[
        Check::RequiredWhen("processors", "action_type", WITH_PROCESSORS),
        Check::RequiredWhen("processors_type", "action_type", WITH_PROCESSORS),
        Check::RequiredWhen("action_message", "action_type", &["DELIVER", "TERMINATE"]),
        Check::EmptyWhen("fields", "action_type", &["TRANSITION"]),
    ],
    result: Ty::Arr(&Ty::Any),
    what: "an operation's answer",
    doc: docs!("Acts at one step of a ticket. Resolves to the server's `[]`: the step moves on asynchronously. Refusals reject with kind `\"api\"` (3900004 or 3900005 with the server's reason). ITSM 2.7.1's `TERMINATE` here always fails on the server (3900004 `terminate() got an unexpected keyword argument 'source'`): terminate the ticket with `operateTicket` instead."),
    params_type: docs!("OperateNodeParams"),
    before: None,
};
