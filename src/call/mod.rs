//! The machinery of a call, which never names an endpoint: the client's configuration and a
//! call's options (`config`), the BlueKing credentials (`credentials`), the two doors
//! (`door`), the JSON text writer (`json`), the fetch and its timeout (`transport`), the retry
//! policy (`retry`), the classification of an answer (`envelope`), running one call
//! (`client`) and walking pages (`pager`).

pub(crate) mod client;
pub(crate) mod config;
pub(crate) mod credentials;
pub(crate) mod door;
pub(crate) mod envelope;
pub(crate) mod json;
pub(crate) mod pager;
pub(crate) mod retry;
pub(crate) mod transport;
