//! `get_services`: the enabled services, a GET through either door.

use crate::api::shared::ID;
use crate::engine::describe::{docs, m, p, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_services",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[
        p("catalog_id", ID, false, docs!("Only the services bound to this catalogue (not to the catalogues under it).")),
        p("service_type", Rule::Text, false, docs!("Only services of this type: `request`, `change`, `event`, `question`, or an admin-defined key.")),
        p("display_type", Rule::Text, false, docs!("Only services of this visibility (`OPEN`, `INVISIBLE`, `GENERAL`, `ORGANIZATION`).")),
        p("display_role", Rule::Text, false, docs!("Only services shown to this role.")),
    ],
    checks: &[],
    result: Ty::Arr(&Ty::Obj(&SERVICE)),
    what: "a list of services",
    doc: docs!("The enabled services, optionally of one catalogue or type. The server does not filter by who asks: a service hidden from the user is listed too."),
    params_type: docs!("ServicesParams"),
    before: None,
};

static SERVICE: Obj = Obj {
    name: "Service",
    base: None,
    doc: docs!("A service a ticket can be opened for."),
    members: &[
        m("id", Ty::Int, docs!("Its id (`getServiceDetail({ service_id: id })`, `createTicket({ service_id: id, … })`).")),
        m("name", Ty::Str, docs!("Its name.")),
        m("service_type", Ty::Str, docs!("Its type: `request`, `change`, `event`, `question`, or an admin-defined key.")),
        m("desc", Ty::Str, docs!("Its description.")).null(),
    ],
};
