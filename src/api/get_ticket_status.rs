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
        m("fields", Ty::Arr(&Ty::Obj(&STEP_FIELD)), docs!("The node's field definitions from the workflow, without values (a step's form: what `operateNode` TRANSITION fills, the approval's result and remark).")),
        m("operations", Ty::Arr(&Ty::Obj(&OPERATION)), docs!("What can be done at this node: a paused node offers only `UNSUSPEND`; otherwise the node's own action (`name` null for `SIGN`), and for `TRANSITION` nodes also `SUSPEND`, `DELIVER`, `TERMINATE` where allowed.")),
    ],
};

static STEP_FIELD: Obj = Obj {
    name: "TicketStatusField",
    base: None,
    doc: docs!("A field of a step's form, as the workflow defines it (members vary by ITSM version; others stay on the object)."),
    members: &[
        m("id", Ty::Int, docs!("Its id.")).opt(),
        m("key", Ty::Str, docs!("Its key (what `operateNode`'s `fields` name it by).")),
        m("name", Ty::Str, docs!("Its label.")),
        m("type", Ty::Str, docs!("How it is filled (see `FormField.type`).")).ts(docs!("FormFieldType")),
        m("desc", Ty::Str, docs!("Its help text.")).null().opt(),
        m("choice", Ty::Arr(&Ty::Open), docs!("Its choices (`{ key, name }`) for a CUSTOM source.")).opt(),
        m("validate_type", Ty::Str, docs!("`REQUIRE` or `OPTION`.")).opt(),
        m("source_type", Ty::Str, docs!("Where its choices come from: `CUSTOM`, `API`, `DATADICT`, `RPC`.")).opt(),
        m("source_uri", Ty::Str, docs!("The data dictionary or RPC code of its choices.")).opt(),
        m("source", Ty::Str, docs!("Where the field comes from (`CUSTOM`, `TABLE`, …).")).opt(),
        m("meta", Ty::Open, docs!("Type-specific settings; an approval's result field has `code: \"APPROVE_RESULT\"`.")).null().opt(),
        m("regex", Ty::Str, docs!("A named rule its value obeys (`EMPTY` for none).")).opt(),
        m("regex_config", Ty::Open, docs!("The configuration of a rule between fields.")).null().opt(),
        m("custom_regex", Ty::Str, docs!("The admin's pattern (`\"\"` for none).")).null().opt(),
        m("is_readonly", Ty::Bool, docs!("Whether it cannot be changed.")).opt(),
        m("api_instance_id", Ty::Int, docs!("The API instance of an `API` source.")).null().opt(),
        m("workflow_id", Ty::Int, docs!("The flow version's id.")).opt(),
        m("state_id", Ty::Int, docs!("The node's id.")).opt(),
    ],
};
