//! The machinery of a call, which never names an endpoint: the client's configuration and a
//! call's options (`config`), the BlueKing credentials (`credentials`), the two doors
//! (`door`, routing only), URL rules (`url`), the JSON text writer (`json`), the request
//! writer (`request`), the fetch, its timeout and redirects (`transport`), the retry policy
//! (`retry`), the envelope classifier (`envelope`), running one call (`client`) and walking
//! pages (`pager`). Each takes the endpoint as a type parameter (`crate::endpoints::Endpoint`).

pub(crate) mod client;
pub(crate) mod config;
pub(crate) mod credentials;
pub(crate) mod door;
pub(crate) mod envelope;
pub(crate) mod json;
pub(crate) mod pager;
pub(crate) mod request;
pub(crate) mod retry;
pub(crate) mod transport;
pub(crate) mod url;
