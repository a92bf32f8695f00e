//! `get_ticket_info`: one ticket's detail (its current steps and every form field with its
//! display value), a GET through either door.

use crate::api::shared::{SN, TICKET_STEP};
use crate::engine::describe::{docs, m, Doors, Endpoint, Method, Obj, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_ticket_info",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[SN],
    checks: &[],
    result: Ty::Obj(&TICKET_INFO),
    what: "a ticket's detail",
    doc: docs!("One ticket's detail: its current steps and every form field with its display value. An unknown number rejects with kind `\"api\"`, code 3900022 (`ItsmCode.TICKET_NOT_FOUND`)."),
    before: None,
    params_type: docs!("TicketInfoParams"),
};

static TICKET_INFO: Obj = Obj {
    name: "TicketInfo",
    base: None,
    doc: docs!("One ticket's detail, with the types and nullability `get_ticket_info` really uses. Members the server sends beyond these stay on the object. Not here although the API document shows them: `service_type` and `is_biz_need` (never sent)."),
    members: &[
        m("id", Ty::Int, docs!("Ticket id.")),
        m("catalog_id", Ty::Int, docs!("Service catalogue id.")),
        m("service_id", Ty::Int, docs!("Service id.")),
        m("flow_id", Ty::Int, docs!("Flow version id.")),
        m("sn", Ty::Str, docs!("Ticket number, e.g. `\"REQ20240101000001\"`.")),
        m("title", Ty::Str, docs!("Title, as the user typed it: show it as text, never as HTML.")),
        m("current_status", Ty::Str, docs!("`NEW`, `RUNNING`, …, or an admin-defined 32-hex status key.")).ts(docs!("TicketStatusKey")),
        m("current_steps", Ty::Arr(&Ty::Obj(&TICKET_STEP)), docs!("The steps the ticket stands at; `[]` when none is running (ended tickets).")),
        m("comment_id", Ty::Str, docs!("Rating id, `\"\"` when the ticket has none.")),
        m("is_commented", Ty::Bool, docs!("Whether the ticket has been rated.")),
        m("updated_by", Ty::Str, docs!("Last updater(s), possibly comma-separated (`\"a,b\"`).")),
        m("update_at", Ty::Str, docs!("Last update, `\"YYYY-MM-DD hh:mm:ss\"` (server time).")),
        m("end_at", Ty::Str, docs!("End time, `null` while the ticket is open.")).null(),
        m("creator", Ty::Str, docs!("Creator, `null` for some imported tickets.")).null(),
        m("create_at", Ty::Str, docs!("Creation time, `\"YYYY-MM-DD hh:mm:ss\"`.")),
        m("bk_biz_id", Ty::Int, docs!("Business id, `-1` for none, sometimes `null`.")).null(),
        m("fields", Ty::Arr(&Ty::Obj(&TICKET_FIELD)), docs!("Every form field of the ticket (not only the submit node's), ordered by id.")),
        m("iframe_ticket_url", Ty::Str, docs!("Link for embedding the ticket in an iframe (absent before ITSM 2.6.0).")).opt(),
        m("ticket_url", Ty::Str, docs!("Link to the ticket in the ITSM web app.")),
    ],
};

static TICKET_FIELD: Obj = Obj {
    name: "TicketField",
    base: None,
    doc: docs!("A form field of the ticket with its value."),
    members: &[
        m("id", Ty::Int, docs!("The field's id.")),
        m("key", Ty::Str, docs!("The field's key, e.g. `\"title\"`.")),
        m("type", Ty::Str, docs!("`STRING`, `TEXT`, `INT`, `SELECT`, `MULTISELECT`, `TABLE`, `DATETIME`, …")),
        m("name", Ty::Str, docs!("The field's label.")),
        m("desc", Ty::Str, docs!("Its help text, `null` when none.")).null(),
        m("value", Ty::Any, docs!("The value: the stored text for most types (an `INT` field's is `\"3\"`), parsed JSON for table types, `null` when never filled.")),
        m("display_value", Ty::Any, docs!("The value as shown: a choice's name, names comma-joined, `a->b->c` for trees, `\"\"` when empty, `null` for an unknown choice, the value itself (any JSON) otherwise.")),
    ],
};
