//! `get_service_catalogs`: the service catalogue, as a tree, a GET through either door.

use crate::engine::describe::{docs, m, p, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_service_catalogs",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[
        p("project_key", Rule::Text, false, docs!("The project whose catalogue to list (server default `\"0\"`, the default project).")),
        p("has_service", Rule::Boolean, false, docs!("`true`: only the catalogues services are bound to, with their ancestors (the server filters only the first level below the roots, and answers the roots of every project).")),
        p("service_key", Rule::Text, false, docs!("Only the catalogues holding services of this type (`request`, `change`, `event`, `question`); `[]` when none.")),
        p("name", Rule::Text, false, docs!("Only the catalogues of exactly this name, each with its whole subtree.")),
    ],
    checks: &[],
    result: Ty::Arr(&Ty::Obj(&CATALOG)),
    what: "a service catalogue",
    doc: docs!("The service catalogue as a tree: the project's root catalogues with their children, newest first. Which services a catalogue holds: `getServices({ catalog_id })`."),
    params_type: docs!("ServiceCatalogsParams"),
    before: None,
};

/// A catalogue and its children (the type refers to itself: checks stop at a depth of 8).
static CATALOG: Obj = Obj {
    name: "ServiceCatalog",
    base: None,
    doc: docs!("A catalogue of services, with the catalogues under it."),
    members: &[
        m("id", Ty::Int, docs!("Its id (`getServices({ catalog_id: id })`).")),
        m("key", Ty::Str, docs!("Its key (`\"root\"` for a root).")),
        m("name", Ty::Str, docs!("Its name.")),
        m("level", Ty::Int, docs!("Its depth: 0 for a root.")),
        m("desc", Ty::Str, docs!("Its description.")).null(),
        m("children", Ty::Arr(&Ty::Obj(&CATALOG)), docs!("The catalogues under it, newest first.")),
    ],
};
