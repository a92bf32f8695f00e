//! The endpoints, one description each: static data the engine (`src/engine/`) reads, and the
//! generator (`src/bin/describe.rs`) turns into the JavaScript functions, the `Client`
//! methods, both entries' export lists and the TypeScript declarations. Nothing else in the
//! crate or the package names an endpoint.
//!
//! A new endpoint is a file here and its line in the list below.

use crate::engine::describe::{Endpoint, Poll};

pub(crate) mod shared;

/// Declares each endpoint's module and the list of their descriptions from one line each.
macro_rules! endpoints {
    ($($name:ident,)*) => {
        $(pub(crate) mod $name;)*

        /// Every endpoint; its position is its id between the driver and the module.
        pub(crate) static ENDPOINTS: &[&Endpoint] = &[$(&$name::ENDPOINT,)*];
    };
}

endpoints! {
    get_tickets,
    get_ticket_info,
    get_ticket_status,
    get_ticket_logs,
    get_tickets_by_user,
    get_service_catalogs,
    get_services,
    get_service_detail,
    create_ticket,
    operate_ticket,
    operate_node,
    approve,
    comment_ticket,
}

/// The calls asked again until something has happened; a position is an id between the driver
/// and the module.
pub(crate) static POLLS: &[&Poll] = &[&get_ticket_status::WAIT];
