//! What an endpoint declares, and the list of endpoints (one folder each).
//!
//! The machinery in `call/` takes an endpoint as a type parameter and asks it everything it
//! needs: the door builds the path from [`Endpoint::NAME`], the request writer puts the
//! parameters in the body or the query string by [`Endpoint::METHOD`], the classifier runs
//! the endpoint's [`ResultShape`], the retry policy asks [`Endpoint::SAFE_TO_REPEAT`], and the
//! page walker takes any endpoint whose parameters are [`PagedParams`]. So a new endpoint is
//! one new folder here, a line below, and its JavaScript export in `lib.rs`.

use crate::call::credentials::Credentials;
use crate::call::door::Door;
use crate::call::envelope::EnvelopeKeys;
use crate::call::request::FieldWriter;
use crate::endpoints::table::{checked, read_params, require, ParamsTable};
use crate::error::Issue;
use crate::input::js_value::Js;
use crate::input::value::{Value, View};

pub(crate) mod get_ticket_info;
pub(crate) mod get_ticket_logs;
pub(crate) mod get_ticket_status;
pub(crate) mod get_tickets;
pub(crate) mod get_tickets_by_user;
pub(crate) mod table;

/// How a request is sent, which decides where its parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Parameters in the query string (the read endpoints).
    Get,
    /// Parameters in a JSON body.
    Post,
}

/// One ITSM API: its name, how it is sent, and what it takes and returns.
pub trait Endpoint: 'static {
    /// The API's name, the last segment of its path behind either door (`get_tickets`).
    const NAME: &'static str;
    /// How it is sent.
    const METHOD: Method;
    /// `true` when sending it twice does no harm (a read): only then does a failed request
    /// go again.
    const SAFE_TO_REPEAT: bool;
    /// Its checked parameters.
    type Params: Params;
    /// The property names its result is checked with, prepared once.
    type Shape<V: View>: ResultShape<V>;
    /// Runs `f` with this endpoint's envelope and result names as JavaScript strings, made
    /// once for the page (made per call, they were 26 strings copied out of wasm each time:
    /// see BENCHMARKS.md).
    fn with_keys<R>(f: impl FnOnce(&EnvelopeKeys<Js, Self::Shape<Js>>) -> R) -> R;
}

/// Declares one API: its type, its [`Endpoint`] description and the cache of its result's
/// property names, from one line each. Every endpoint's declaration has this shape; only
/// the values differ.
macro_rules! endpoint {
    (
        $(#[$doc:meta])*
        $name:ident: $api:literal, $method:ident, safe to repeat: $safe:expr,
        params: $params:ty, result: $shape:ident
    ) => {
        $(#[$doc])*
        pub struct $name;

        thread_local! {
            static KEYS: $crate::call::envelope::EnvelopeKeys<
                $crate::input::js_value::Js,
                $shape<$crate::input::js_value::Js>,
            > = $crate::call::envelope::EnvelopeKeys::new();
        }

        impl $crate::endpoints::Endpoint for $name {
            const NAME: &'static str = $api;
            const METHOD: $crate::endpoints::Method = $crate::endpoints::Method::$method;
            const SAFE_TO_REPEAT: bool = $safe;
            type Params = $params;
            type Shape<V: $crate::input::value::View> = $shape<V>;

            fn with_keys<R>(
                f: impl FnOnce(
                    &$crate::call::envelope::EnvelopeKeys<
                        $crate::input::js_value::Js,
                        $shape<$crate::input::js_value::Js>,
                    >,
                ) -> R,
            ) -> R {
                KEYS.with(f)
            }
        }
    };
}
pub(crate) use endpoint;

/// An endpoint's parameters: read from a JavaScript value, checked, and written out.
///
/// The table (`params_table!`) gives the reading and writing; an endpoint's impl names its
/// endpoint and adds only what is its own: required keys, a door check, rules between fields.
pub trait Params: ParamsTable + Clone + Sized + 'static {
    /// The endpoint these are the parameters of.
    type Endpoint: Endpoint<Params = Self>;
    /// The keys that must be given, each with the example its message shows.
    const REQUIRED: &'static [(&'static str, &'static str)] = &[];
    /// Reads and checks them: every broken rule, or the parameters. The server checks
    /// nothing (a missing `sn` is "not found"), so a missing required key is refused here,
    /// before anything is sent.
    fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let (params, mut issues) = read_params(value, Self::set);
        for (key, example) in Self::REQUIRED.iter().rev() {
            require(&mut issues, params.given(key), key, example);
        }
        checked(params, issues)
    }
    /// The common `bk_*` parameters given with this call (the client's fill in the rest).
    fn credentials(&self) -> Credentials {
        self.common()
    }
    /// Refuses what `door` would silently change (nothing, unless the endpoint says so).
    fn check_door(&self, _door: &Door) -> Result<(), Issue> {
        Ok(())
    }
    /// Writes the endpoint's own parameters (the common ones go where the door reads them).
    fn write_fields<W: FieldWriter>(&self, out: &mut W) {
        self.write_filters(out);
    }
    /// The page asked for, for a paged endpoint (the answer must be that page).
    fn page(&self) -> Option<i64> {
        self.given_page()
    }
    /// The page size asked for, for a paged endpoint.
    fn page_size(&self) -> Option<i64> {
        self.given_page_size()
    }
}

/// The parameters of an endpoint whose result is a page (`page`, `total_page`, `count`,
/// `items` with an `id` each): what the page walker needs to set.
pub trait PagedParams: Params {
    /// Asks for page `page`.
    fn set_page(&mut self, page: i64);
    /// Asks for `size` items a page.
    fn set_page_size(&mut self, size: i64);
}

/// Property names of a result, prepared once, and the check of a result's shape.
pub trait ResultShape<V: View> {
    /// What the result is, for the message when it is not: "a page of tickets".
    const WHAT: &'static str;
    /// Prepares the names.
    fn new() -> Self;
    /// Checks that `data` (the envelope's `data`) has this shape.
    fn check(&self, data: &V) -> Result<(), ShapeError>;
    /// The page number `data` says it is, for a paged result (checked by [`Self::check`]).
    fn page_number(&self, _data: &V) -> Option<i64> {
        None
    }
}

/// Where an answer departs from the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// A path such as `data.items[3].id`.
    pub path: String,
    /// What the path should hold.
    pub expected: &'static str,
    /// What it holds, described briefly.
    pub got: String,
}

impl ShapeError {
    /// The error at `path`, describing the value found there.
    pub(crate) fn at<V: View>(path: String, expected: &'static str, got: &V) -> Self {
        ShapeError {
            path,
            expected,
            got: got.describe(),
        }
    }
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.path, self.expected, self.got
        )
    }
}
