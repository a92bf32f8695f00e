//! One folder per ITSM endpoint: its parameters and the shape of its result.

pub(crate) mod get_tickets;
