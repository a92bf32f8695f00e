//! The engine: reads any endpoint's description (`describe`) and never names one. Inputs
//! come in as snapshots (`value`), are read by one path (`params`, `rules`, `datetime`,
//! `config`, `credentials`, `url`), become a request (`request`); answers are checked
//! (`shape`) and classified (`envelope`); `retry` and `walk` decide what happens next; `call`
//! is what the driver calls.

pub(crate) mod before;
pub(crate) mod call;
pub(crate) mod config;
pub(crate) mod credentials;
pub(crate) mod datetime;
pub(crate) mod describe;
pub(crate) mod envelope;
pub(crate) mod form;
pub(crate) mod params;
pub(crate) mod request;
pub(crate) mod retry;
pub(crate) mod rules;
pub(crate) mod shape;
pub(crate) mod url;
pub(crate) mod value;
pub(crate) mod walk;
