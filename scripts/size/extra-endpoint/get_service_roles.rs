//! `get_service_roles`: who processes each node of a service's workflow, in the order a ticket
//! passes them, a GET through either door (bk-itsm `itsm/openapi/service/views.py`,
//! `get_service_roles`).
//!
//! Not shipped: scripts/size/extra-endpoint.mjs adds this file and its line in `src/api/mod.rs`
//! to a copy of the crate, to measure what one more endpoint costs (BENCHMARKS.md).

use crate::api::shared::ID;
use crate::engine::describe::{docs, m, p, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_service_roles",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[
        p("service_id", ID, true, docs!("The service's id (required). A string of digits is accepted.")),
        p("ticket_creator", Rule::Text, false, docs!("The ticket's creator: the processors of nodes handled by the creator or the creator's leader are resolved for that user.")),
    ],
    checks: &[],
    result: Ty::Arr(&Ty::Obj(&SERVICE_ROLE)),
    what: "a service's roles",
    doc: docs!("Who processes each node of a service's workflow, in the order a ticket passes them (the submit node left out). An unknown service rejects with kind `\"api\"`."),
    params_type: docs!("ServiceRolesParams"),
    before: None,
};

static SERVICE_ROLE: Obj = Obj {
    name: "ServiceRole",
    base: None,
    doc: docs!("A node of the service's workflow and who processes it. Members the server sends beyond these stay on the object."),
    members: &[
        m("id", Ty::Int, docs!("The node's id in the flow.")),
        m("name", Ty::Str, docs!("The node's name.")),
        m("processors", Ty::Str, docs!("The processors, comma-separated; `\"\"` when none could be resolved.")),
        m("processors_type", Ty::Str, docs!("`PERSON`, `GENERAL`, `CMDB`, `ORGANIZATION`, `STARTER`, `STARTER_LEADER`, `OPEN`, `EMPTY`, …")),
        m("sign_type", Ty::Str, docs!("`\"and\"` when every processor must act (a multi-person node), `\"or\"` when one is enough.")),
    ],
};
