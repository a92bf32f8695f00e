//! `get_ticket_logs`: one ticket's timeline, oldest first, in the simple form or the complex
//! one (with each step's form data), a GET through either door.

use crate::api::shared::SN;
use crate::engine::describe::{docs, m, p, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The forms of the log: the server takes exactly `complex` for the complex one and reads
/// anything else (`COMPLEX`, a typo) as simple, so a typo would quietly lose the form data.
pub(crate) const SHOW_TYPES: &[&str] = &["simple", "complex"];

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_ticket_logs",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[
        SN,
        p("show_type", Rule::OneOf(SHOW_TYPES), false, docs!("`\"simple\"` (the default: who did what, when) or `\"complex\"` (each entry also has `form_data` and `from_state_type`). ITSM 2.6.1 and later; older servers send the simple form.")),
    ],
    checks: &[],
    result: Ty::Obj(&TICKET_LOGS),
    what: "a ticket's logs",
    doc: docs!("One ticket's timeline, oldest first. An unknown number rejects with kind `\"api\"`, code 3900022 (`ItsmCode.TICKET_NOT_FOUND`)."),
    before: None,
    params_type: docs!("TicketLogsParams"),
};

static TICKET_LOGS: Obj = Obj {
    name: "TicketLogs",
    base: None,
    doc: docs!("A ticket's timeline. Members the server sends beyond these stay on the object."),
    members: &[
        m("sn", Ty::Str, docs!("Ticket number.")),
        m("title", Ty::Str, docs!("Title, as the user typed it: show it as text, never as HTML.")),
        m("create_at", Ty::Str, docs!("Creation time, `\"YYYY-MM-DD hh:mm:ss\"`.")),
        m("creator", Ty::Str, docs!("Creator, `null` for some imported tickets.")).null(),
        m("logs", Ty::Arr(&Ty::Obj(&TICKET_LOG)), docs!("The entries, oldest first.")),
    ],
};

static TICKET_LOG: Obj = Obj {
    name: "TicketLog",
    base: None,
    doc: docs!("One entry of a ticket's timeline."),
    members: &[
        m("operator", Ty::Str, docs!("Who acted; `null` when unknown (the `message` then reads `None …`), `\"\"` for the system.")).null(),
        m("operate_at", Ty::Str, docs!("When, `\"YYYY-MM-DD hh:mm:ss\"`.")),
        m("message", Ty::Str, docs!("What happened, as the server words it (`\"admin 提交【提单】.\"`): show it as text.")),
        m("source", Ty::Str, docs!("`WEB`, `MOBILE`, `API`, `SYS` or `AUTOMATIC` (task plugins).")),
        m("form_data", Ty::Any, docs!("Complex form only: the step's form data (a list of field objects for normal, approval and sign steps, `[{output_variables}]` for tasks, the raw snapshot, often `{}`, otherwise): any JSON.")).opt(),
        m("from_state_type", Ty::Str, docs!("Complex form only: the step's type (`NORMAL`, `APPROVAL`, `SIGN`, `TASK`, …), `\"\"` when the step has no status row.")).opt(),
    ],
};
