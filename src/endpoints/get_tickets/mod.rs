//! `get_tickets`: every ticket of the instance, filtered and paged. Its parameters
//! (`params`) and its result shape (`ticket`).

pub(crate) mod params;
pub(crate) mod ticket;
