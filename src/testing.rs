//! The crate's insides for its own tests and fuzzers, behind the `test-support` feature: the
//! one door through which `tests/properties.rs` and `fuzz/` reach what is not the crate's API.
//! Nothing here is part of the npm package or of any stability promise; every item keeps
//! the name it has in its module, which the module's own documentation explains.

pub use crate::call::config::{merge_headers, ClientConfig, RequestOptions, CONFIG_KEYS};
pub use crate::call::credentials::{Credentials, SECRET_KEYS};
pub use crate::call::door::Door;
pub use crate::call::envelope::{classify, Body, Response, MAX_SERVER_TEXT_CHARS};
pub use crate::call::json::{escape_controls, write_string, ObjectWriter};
pub use crate::call::request::Request;
pub use crate::call::transport::redirect_error;
pub use crate::endpoints::get_tickets::params::{GetTicketsParams, KNOWN_STATUSES, PARAM_KEYS};
pub use crate::endpoints::get_tickets::ticket::{
    check_page, check_page_in, PageKeys, Ticket, ROWS_PER_CHECK,
};
pub use crate::endpoints::ShapeError;

/// The envelope's names with a `get_tickets` page as the result, the one result shape the
/// property tests and fuzzers check the classifier with.
pub type EnvelopeKeys<V> = crate::call::envelope::EnvelopeKeys<V, PageKeys<V>>;
pub use crate::error::redact::{Redactor, REDACTED};
pub use crate::error::{Code, ErrorKind, Issue, ItsmError};
pub use crate::input::datetime::DateTime;
pub use crate::input::rules::{closest, unknown_key};
pub use crate::input::value::testing::{from_json, parse, try_parse};
pub use crate::input::value::{format_number, shorten, Value, ValueKind, View, EXCERPT_CHARS};

/// Writes `params`' own fields (not the common ones) as the request writer does.
pub fn write_filters(params: &GetTicketsParams, out: &mut ObjectWriter) {
    crate::endpoints::table::ParamsTable::write_filters(params, out);
}
