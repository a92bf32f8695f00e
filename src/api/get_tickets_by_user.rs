//! `get_tickets_by_user`: one user's lists (to-dos, created, history, approvals, followed,
//! dealt), filtered and paged, a GET through the API gateway only (ESB has no such component).

use crate::api::shared::{ID, PAGE, PAGE_SIZE};
use crate::engine::describe::{docs, m, p, Check, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The lists a user has, as the server names them.
pub(crate) const VIEW_TYPES: &[&str] = &[
    "my_todo",
    "my_created",
    "my_history",
    "my_approval",
    "my_attention",
    "my_dealt",
];

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_tickets_by_user",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::GatewayOnly,
    safe: true,
    params: &[
        p("user", Rule::Text, true, docs!("Whose lists (a user name; required). The gateway does not check that the caller is this user: any app with access reads any user's lists.")),
        p("view_type", Rule::OneOf(VIEW_TYPES), true, docs!("Which list (required): `\"my_todo\"` (waiting on the user), `\"my_created\"`, `\"my_history\"` (the user acted on, not created), `\"my_approval\"` (to-dos at an approval step), `\"my_attention\"` (followed), `\"my_dealt\"` (to-do, history or viewable).")),
        p("service_id", ID, false, docs!("Only tickets of this service (id).")),
        p("catalog_id", ID, false, docs!("Only tickets of this service catalogue and its descendants (id; 1 is the root).")),
        p("create_at__gte", Rule::Date, false, docs!("Created at or after this time, `\"YYYY-MM-DD hh:mm:ss\"`; only with `create_at__lte` (the server ignores one bound alone).")),
        p("create_at__lte", Rule::Date, false, docs!("Created at or before this time, `\"YYYY-MM-DD hh:mm:ss\"`; only with `create_at__gte`.")),
        p("current_processor", Rule::Text, false, docs!("Only tickets also waiting on this user.")),
        PAGE,
        PAGE_SIZE,
    ],
    checks: &[
        Check::Renamed("username", "user"),
        Check::Order("create_at__gte", "create_at__lte", ""),
        Check::Pair("create_at__gte", "create_at__lte"),
    ],
    result: Ty::Page(&USER_TICKET),
    what: "a page of a user's tickets",
    doc: docs!("One page of a user's list (`view_type`: to-dos, created, history, approvals, followed, dealt). Through the API gateway only: through ESB it rejects with a `validation` error on `gateway` and sends nothing."),
    before: None,
    params_type: docs!("TicketsByUserParams"),
};

static USER_TICKET: Obj = Obj {
    name: "UserTicket",
    base: None,
    doc: docs!("One ticket of a user's list. The 16 base members are always there; the others are missing when the server could not enrich the ticket (a deleted service or flow version, a ticket without node status rows, e.g. imported ones), and `create_at` is then ISO `YYYY-MM-DDThh:mm:ss`. Members the server sends beyond these stay on the object."),
    members: &[
        m("sn", Ty::Str, docs!("Ticket number.")),
        m("id", Ty::Int, docs!("Ticket id.")),
        m("title", Ty::Str, docs!("Title, as the user typed it: show it as text, never as HTML.")),
        m("service_id", Ty::Int, docs!("Service id.")),
        m("service_type", Ty::Str, docs!("`\"change\"`, `\"event\"`, `\"request\"`, `\"question\"` (or `\"DEFAULT\"`).")),
        m("meta", Ty::Open, docs!("Extra data (`meta.priority = {key, name, order}` when set).")),
        m("bk_biz_id", Ty::Int, docs!("Business id, `-1` for none, sometimes `null`.")).null(),
        m("current_status", Ty::Str, docs!("The status key (`RUNNING`, …, or an admin-defined 32-hex key).")).ts(docs!("TicketStatusKey")),
        m("create_at", Ty::Str, docs!("Creation time, `\"YYYY-MM-DD hh:mm:ss\"` (ISO with a `T` when not enriched).")),
        m("creator", Ty::Str, docs!("Creator, `null` for some imported tickets.")).null(),
        m("is_supervise_needed", Ty::Bool, docs!("Whether it is supervised.")),
        m("flow_id", Ty::Int, docs!("Flow version id.")),
        m("supervise_type", Ty::Str, docs!("`\"EMPTY\"` unless supervised.")),
        m("supervisor", Ty::Str, docs!("The supervisor, `null` or `\"\"` when none.")).null(),
        m("project_key", Ty::Str, docs!("The project (`\"0\"` by default).")),
        m("current_processors", Ty::Str, docs!("The current processors as stored, e.g. `\",admin,alice,\"` (names, role ids, `O_<org>`); `\"\"` when none.")),
        m("service_name", Ty::Str, docs!("The service's name.")).opt(),
        m("current_status_display", Ty::Str, docs!("The status's display name (`\"--\"` for an unknown status).")).opt(),
        m("current_steps", Ty::Arr(&Ty::Obj(&USER_TICKET_STEP)), docs!("The steps it stands at (also failed task steps, also on ended tickets).")).opt(),
        m("priority_name", Ty::Str, docs!("The priority's name, `\"--\"` when none.")).opt(),
        m("can_comment", Ty::Bool, docs!("Whether the user may rate it.")).opt(),
        m("can_operate", Ty::Bool, docs!("Always `false` as the server sends it.")).opt(),
        m("waiting_approve", Ty::Bool, docs!("Whether it waits on the user's approval.")).opt(),
        m("followers", Ty::Arr(&Ty::Str), docs!("Who follows it.")).opt(),
        m("comment_id", Ty::IntOrStr, docs!("The rating's id (a number), `\"\"` when none, `\"-1\"` for anyone but the creator. Also sent, as `\"-1\"`, on tickets that are not enriched.")).opt(),
        m("can_supervise", Ty::Bool, docs!("Whether the user may supervise it.")).opt(),
        m("can_withdraw", Ty::Bool, docs!("Whether the user may withdraw it.")).opt(),
        m("sla", Ty::Arr(&Ty::Str), docs!("The names of its SLAs.")).opt(),
        m("sla_color", Ty::Str, docs!("The SLA colour, `\"\"` when none.")).opt(),
    ],
};

static USER_TICKET_STEP: Obj = Obj {
    name: "UserTicketStep",
    base: None,
    doc: docs!("A step a ticket of a user's list stands at."),
    members: &[
        m("id", Ty::Int, docs!("The node status row's id.")),
        m("tag", Ty::Str, docs!("The node's tag.")),
        m("name", Ty::Str, docs!("The node's name.")),
        m("state_id", Ty::Int, docs!("The node's id in the flow.")),
        m("type", Ty::Str, docs!("`NORMAL`, `APPROVAL`, `SIGN`, `TASK`, …")),
    ],
};
