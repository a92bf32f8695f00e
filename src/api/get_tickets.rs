//! `get_tickets`: every ticket of the instance, filtered and paged, sent as a POST with a JSON
//! body (it only reads: repeating it is safe).

use crate::api::shared::{ID, PAGE, PAGE_SIZE};
use crate::engine::describe::{docs, m, p, Check, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_tickets",
    apigw_name: "",
    method: Method::Post,
    doors: Doors::Both,
    safe: true,
    params: &[
        p("sns", Rule::List(&Rule::Text), false, docs!("Only these ticket numbers (`sn`), e.g. `[\"REQ20240101000001\"]`.")),
        p("creator", Rule::Text, false, docs!("Only tickets created by this user.")),
        p("create_at__lte", Rule::Date, false, docs!("Created at or before this time, `\"YYYY-MM-DD hh:mm:ss\"` in the server's local time. (The API document swaps the descriptions of `__lte` and `__gte`.)")),
        p("create_at__gte", Rule::Date, false, docs!("Created at or after this time, `\"YYYY-MM-DD hh:mm:ss\"`.")),
        p("end_at__lte", Rule::Date, false, docs!("Ended at or before this time, `\"YYYY-MM-DD hh:mm:ss\"` (a filter the document omits).")),
        p("end_at__gte", Rule::Date, false, docs!("Ended at or after this time, `\"YYYY-MM-DD hh:mm:ss\"` (a filter the document omits).")),
        p("current_status__in", Rule::List(&Rule::Status), false, docs!("Only tickets in these statuses: `NEW`, `RUNNING`, `RESOLVED`, `CONFIRMED`, `SUSPENDED`, `FINISHED`, `TERMINATED`, `REVOKED`, or an admin-defined 32-hex status key (ITSM 2.6.1 and later).")),
        p("service_id__in", Rule::List(&ID), false, docs!("Only tickets of these services (ids).")),
        p("bk_biz_id__in", Rule::List(&Rule::Integer { min: -1, max: 9_007_199_254_740_991, digits: true }), false, docs!("Only tickets of these businesses (ids; -1 is \"no business\").")),
        PAGE,
        PAGE_SIZE,
        p("username", Rule::Text, false, docs!("Only RUNNING tickets waiting on this user (the to-do list). Through the API gateway only: ESB drops it before ITSM sees it, so the package refuses it there.")),
        p("tag", Rule::Short(32), false, docs!("Only tickets with this tag (exact, at most 32 characters; ITSM 2.6.2 and later).")),
        p("project_key", Rule::Short(32), false, docs!("Only tickets of this project (exact, at most 32 characters; ITSM 2.6.3 and later).")),
    ],
    checks: &[
        Check::Order("create_at__gte", "create_at__lte", ": create_at__gte means \"created at or after\" and create_at__lte \"created at or before\" (the API document swaps the two descriptions)"),
        Check::Order("end_at__gte", "end_at__lte", ": end_at__gte means \"ended at or after\" and end_at__lte \"ended at or before\""),
        Check::NotThroughEsb("username", "ESB drops it before ITSM sees it, so the call would list every ticket instead of the user's to-dos: use the API gateway (gateway: \"apigw\"), which honours it"),
    ],
    result: Ty::Page(&TICKET),
    what: "a page of tickets",
    doc: docs!("One page of tickets, filtered (every key optional). Older servers ignore a filter they do not know and answer with every ticket."),
    before: None,
    params_type: docs!("GetTicketsParams"),
};

/// One ticket, with the types and nullability the list endpoint really uses.
static TICKET: Obj = Obj {
    name: "Ticket",
    base: None,
    doc: docs!("One ticket, with the types and nullability the list endpoint really uses. Members the server sends beyond these stay on the object. The document's `current_steps` and `is_biz_need` are not here: the list endpoint never sends them."),
    members: &[
        m("id", Ty::Int, docs!("Ticket id.")),
        m("sn", Ty::Str, docs!("Ticket number, e.g. `\"REQ20240101000001\"`.")),
        m("title", Ty::Str, docs!("Title, as the user typed it: show it as text, never as HTML.")),
        m("catalog_id", Ty::Int, docs!("Service catalogue id.")),
        m("service_id", Ty::Int, docs!("Service id.")),
        m("service_type", Ty::Str, docs!("`\"change\"`, `\"event\"`, `\"request\"`, `\"question\"` (or the model default `\"DEFAULT\"`).")),
        m("flow_id", Ty::Int, docs!("Flow version id.")),
        m("current_status", Ty::Str, docs!("`NEW`, `RUNNING`, `RESOLVED`, `CONFIRMED`, `SUSPENDED`, `FINISHED`, `TERMINATED`, `REVOKED`, or an admin-defined 32-hex status key.")).ts(docs!("TicketStatusKey")),
        m("comment_id", Ty::Str, docs!("Rating id, `\"\"` when the ticket has none.")),
        m("is_commented", Ty::Bool, docs!("Whether the ticket has been rated.")),
        m("updated_by", Ty::Str, docs!("Last updater(s), possibly comma-separated.")),
        m("update_at", Ty::Str, docs!("Last update, `\"YYYY-MM-DD hh:mm:ss\"`.")),
        m("end_at", Ty::Str, docs!("End time, `null` while the ticket is open.")).null(),
        m("creator", Ty::Str, docs!("Creator, `null` for some imported tickets.")).null(),
        m("create_at", Ty::Str, docs!("Creation time, `\"YYYY-MM-DD hh:mm:ss\"`.")),
        m("bk_biz_id", Ty::Int, docs!("Business id, `-1` for none, sometimes `null`.")).null(),
        m("ticket_url", Ty::Str, docs!("Link to the ticket in the ITSM web app.")),
        m("iframe_ticket_url", Ty::Str, docs!("Link for embedding the ticket in an iframe (absent before ITSM 2.6.0).")).opt(),
    ],
};
