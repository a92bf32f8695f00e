//! `get_ticket_status`: where one ticket stands (its current steps, each with its node's field
//! definitions and operations) and what can be done with it, a GET through either door.

use crate::api::shared::{SN, TICKET_STEP};
use crate::engine::describe::{docs, m, Doors, Endpoint, Method, Obj, Poll, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_ticket_status",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[SN],
    checks: &[],
    result: Ty::Obj(&TICKET_STATUS),
    what: "a ticket's status",
    doc: docs!("Where one ticket stands (its current steps, each with its form and operations) and what can be done with it. An unknown number rejects with kind `\"api\"`, code 3900022 (`ItsmCode.TICKET_NOT_FOUND`)."),
    before: None,
    params_type: docs!("TicketStatusParams"),
};

/// `waitForSteps`: a new ticket's flow starts on the server a moment after `create_ticket`
/// answers; until then its status has no step and allows almost nothing.
pub(crate) static WAIT: Poll = Poll {
    js: "waitForSteps",
    endpoint: &ENDPOINT,
    key: "sn",
    until: "current_steps",
    or: ("current_status", &["FINISHED", "TERMINATED", "REVOKED"]),
    doc: docs!("Asks `getTicketStatus` again until the ticket stands at a step (or has ended), and resolves to that status: a new ticket's flow starts on the server a moment after `createTicket` answers, and until then nothing can be done with it. Waits at most `waitMs` (default 15000), then rejects with kind `\"timeout\"`."),
};

static TICKET_STATUS: Obj = Obj {
    name: "TicketStatus",
    base: None,
    doc: docs!("Where a ticket stands and what can be done with it. Members the server sends beyond these stay on the object."),
    members: &[
        m("ticket_url", Ty::Str, docs!("Link to the ticket in the ITSM web app.")),
        m("iframe_ticket_url", Ty::Str, docs!("Link for embedding the ticket in an iframe (absent before ITSM 2.6.0).")).opt(),
        m("operations", Ty::Arr(&Ty::Obj(&OPERATION)), docs!("What can be done with the ticket as a whole: `WITHDRAW` (撤单), `SUSPEND` (挂起) or `UNSUSPEND` (恢复); `[]` once it has ended.")),
        m("current_status", Ty::Str, docs!("The ticket's status key (`RUNNING`, `SUSPENDED`, …, or an admin-defined 32-hex key).")).ts(docs!("TicketStatusKey")),
        m("current_steps", Ty::Arr(&Ty::Obj(&STATUS_STEP)), docs!("The steps it stands at; `[]` when none is running.")),
        m("is_commented", Ty::Bool, docs!("Whether the ticket has been rated.")),
    ],
};

static OPERATION: Obj = Obj {
    name: "TicketOperation",
    base: None,
    doc: docs!("Something that can be done with a ticket or at one of its steps."),
    members: &[
        m("key", Ty::Str, docs!("`WITHDRAW`, `SUSPEND`, `UNSUSPEND`, `TRANSITION`, `DELIVER`, `TERMINATE`, `SIGN`, …")),
        m("name", Ty::Str, docs!("Its name as the server words it (Chinese); `null` for a `SIGN` step's own operation.")).null(),
        m("can_operate", Ty::Bool, docs!("Always `true` as the server sends it.")),
    ],
};

static STATUS_STEP: Obj = Obj {
    name: "TicketStatusStep",
    base: Some(&TICKET_STEP),
    doc: docs!("A step the ticket stands at, with its node's form and what can be done there."),
    members: &[
        m("fields", Ty::Arr(&Ty::Open), docs!("The node's field definitions from the workflow, without values: open objects whose members vary by ITSM version (`id`, `key`, `name`, `type`, `desc`, `choice`, `source`, …).")),
        m("operations", Ty::Arr(&Ty::Obj(&OPERATION)), docs!("What can be done at this node: a paused node offers only `UNSUSPEND`; otherwise the node's own action (`name` null for `SIGN`), and for `TRANSITION` nodes also `SUSPEND`, `DELIVER`, `TERMINATE` where allowed.")),
    ],
};
