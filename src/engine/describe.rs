//! What an endpoint is, as data: the types every description in `src/api/` is made of, and
//! that the engine reads. An endpoint is one static [`Endpoint`]: its name, method, doors and
//! whether repeating it is safe; its parameter rows; the rules between them; its result's
//! shape as nested member tables. Nothing here is generic and nothing names an endpoint.
//!
//! Documentation and TypeScript hints are part of a description ([`Doc`]) but exist only in
//! native builds: the generator (`src/bin/describe.rs`) prints them for the declarations, the
//! module never carries them.

/// Documentation or a TypeScript hint: text natively, nothing in the module.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Doc = &'static str;
/// Documentation or a TypeScript hint: text natively, nothing in the module.
#[cfg(target_arch = "wasm32")]
pub(crate) type Doc = ();

/// A [`Doc`]: `docs!("text")`.
macro_rules! docs {
    ($($text:literal)*) => {{
        #[cfg(not(target_arch = "wasm32"))]
        let d: $crate::engine::describe::Doc = concat!($($text),*);
        #[cfg(target_arch = "wasm32")]
        let d: $crate::engine::describe::Doc = ();
        d
    }};
}
pub(crate) use docs;

/// How a request is sent, which decides where its parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Parameters in the query string (reads).
    Get,
    /// Parameters in a JSON body.
    Post,
}

/// Which front doors serve an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doors {
    /// ESB and the API gateway.
    Both,
    /// The API gateway only (ESB has no such component).
    GatewayOnly,
}

/// One ITSM API.
pub(crate) struct Endpoint {
    /// Its name, the last segment of its path behind the gateway (`get_tickets`); the
    /// JavaScript names are made from it (`getTickets`, and for a paged one `iterTickets`,
    /// `getAllTickets`).
    pub(crate) name: &'static str,
    /// Its name behind the API gateway when that differs (`comment` for `comment_ticket`),
    /// else `""`.
    pub(crate) apigw_name: &'static str,
    /// How it is sent.
    pub(crate) method: Method,
    /// Which doors serve it.
    pub(crate) doors: Doors,
    /// `true` when sending it twice does no harm (a read): only then is a failed request
    /// sent again. A write is never repeated, and its errors say whether it may have acted.
    pub(crate) safe: bool,
    /// Its parameters, besides the four common `bk_*` ones every endpoint takes.
    pub(crate) params: &'static [Param],
    /// Rules between parameters.
    pub(crate) checks: &'static [Check],
    /// The shape of the envelope's `data`.
    pub(crate) result: Ty,
    /// What the result is, for a decode error: "a page of tickets".
    pub(crate) what: &'static str,
    /// What it does (the JavaScript function's documentation).
    pub(crate) doc: Doc,
    /// The TypeScript name of its parameters type (`GetTicketsParams`).
    pub(crate) params_type: Doc,
    /// What the call is checked against before it is sent, if anything.
    pub(crate) before: Option<&'static Before>,
}

/// Another endpoint's answer a call is checked against before it is sent: the service's form
/// a new ticket's fields must fill, the ticket's status an approval must fit. The driver makes
/// that call first when the caller has not handed its answer in (the option `option`).
pub(crate) struct Before {
    /// The endpoint asked.
    pub(crate) endpoint: &'static Endpoint,
    /// The parameter of this call that is that call's only parameter, under the same key.
    pub(crate) key: &'static str,
    /// The option that hands the answer in instead (`service`, `status`): the object that
    /// call resolved to.
    pub(crate) option: Param,
    /// What is checked against it.
    pub(crate) against: Against,
}

/// A call asked again until its answer says a thing has happened (the flow of a new ticket
/// has reached a step), at most for a while: a module function of its own.
pub(crate) struct Poll {
    /// Its JavaScript name (`waitForSteps`).
    pub(crate) js: &'static str,
    /// The endpoint asked.
    pub(crate) endpoint: &'static Endpoint,
    /// Its one parameter, the function's first argument.
    pub(crate) key: &'static str,
    /// Done when this array member of the answer is not empty…
    pub(crate) until: &'static str,
    /// … or when this member is one of these values.
    pub(crate) or: (&'static str, &'static [&'static str]),
    /// What the function does.
    pub(crate) doc: Doc,
}

/// What a call is checked against, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Against {
    /// The service's form (`get_service_detail`): the fields, as the server will check them.
    Form,
    /// The ticket's status (`get_ticket_status`): the step is current and running, and the
    /// client's user is one of its processors.
    Step,
}

impl Endpoint {
    /// Its name behind `esb` (ESB) or the gateway.
    pub(crate) fn path_name(&self, esb: bool) -> &'static str {
        if esb || self.apigw_name.is_empty() {
            self.name
        } else {
            self.apigw_name
        }
    }

    /// The item type when the result is a page.
    pub(crate) fn page_items(&self) -> Option<&'static Obj> {
        match self.result {
            Ty::Page(items) => Some(items),
            _ => None,
        }
    }
}

/// One parameter (or option, or configuration key): a row of a table.
pub(crate) struct Param {
    /// The key, as the API (or the package) spells it.
    pub(crate) key: &'static str,
    /// The rule its value obeys, which also decides how it is written.
    pub(crate) rule: Rule,
    /// `true` when it must be given.
    pub(crate) required: bool,
    /// Its documentation.
    pub(crate) doc: Doc,
    /// Its TypeScript type when the rule does not say it (a function's signature).
    pub(crate) ts: Doc,
}

/// The rule a value obeys. Blank values of an endpoint's parameters (`null`, `""`, only white
/// space, `[]`) count as not given, so a form's empty fields pass as they are; configuration
/// and options are code, and stricter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rule {
    /// A non-empty string.
    Text,
    /// A non-empty string whose value is never shown (`bk_app_secret`, `bk_token`).
    Secret,
    /// A non-empty string of at most this many characters.
    Short(u16),
    /// A ticket number: ASCII letters, digits, `-` and `_`, at most 64.
    TicketNumber,
    /// An integer in `[min, max]`; `digits`: a string of digits is accepted too (and sent as
    /// a number), as a form gives it.
    Integer {
        /// The least value.
        min: i64,
        /// The greatest value.
        max: i64,
        /// Whether `"10"` is accepted.
        digits: bool,
    },
    /// `"YYYY-MM-DD hh:mm:ss"`, a real date and time.
    Date,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A ticket status: one of the server's, or an admin-defined 32-hex key.
    Status,
    /// A non-empty list of values of a rule.
    List(&'static Rule),
    /// Names (`processors`): a comma-separated string, or an array of names sent comma-joined.
    Names,
    /// A ticket's field values: an array of `{key, value}` or an object of values by key, sent
    /// as the array. `strings`: every value is sent as a string (a number as its digits, an
    /// array of strings comma-joined), as a node's submission must be.
    Fields {
        /// Whether values must be strings.
        strings: bool,
    },
    /// An identity member of a write (`creator`, `operator`, `approver`, `handler`): the
    /// client's `user` when the client has one (given and different: refused); not sent when
    /// it has none (a proxy in front fills it from the verified login).
    User,
    /// `true` or `false`.
    Boolean,
    /// Any JSON value (objects and arrays of plain data), sent as it is.
    Json,
    /// An http(s) URL or a path on the page's origin (`baseUrl`).
    BaseUrl,
    /// One segment of a URL path (`apigwName`, `stage`).
    Segment,
    /// Request headers, as a plain object of strings.
    Headers,
    /// An `AbortSignal`.
    Signal,
    /// A function.
    Function,
    /// An object of hook lists (`{ beforeRequest: [fn], … }`).
    Hooks,
}

/// A rule between parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Check {
    /// The date `.0` must not be later than the date `.1`; `.2` explains the pair.
    Order(&'static str, &'static str, &'static str),
    /// `.0` and `.1` are given together or not at all.
    Pair(&'static str, &'static str),
    /// ESB drops `.0` before the server sees it; `.1` says what that would do.
    NotThroughEsb(&'static str, &'static str),
    /// `.0` only applies when `.1` is `.2`.
    OnlyWith(&'static str, &'static str, &'static str),
    /// `.0` is not a key: the caller means `.1` (a message of its own, not "did you mean").
    Renamed(&'static str, &'static str),
    /// `.0` is required when `.1` is one of `.2`.
    RequiredWhen(&'static str, &'static str, &'static [&'static str]),
    /// `.0`, a list, is sent empty when not given and `.1` is one of `.2` (the server needs
    /// the member even with nothing in it).
    EmptyWhen(&'static str, &'static str, &'static [&'static str]),
}

/// A type in a result.
#[derive(Clone, Copy)]
pub(crate) enum Ty {
    /// An integer.
    Int,
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// An integer or a string.
    IntOrStr,
    /// Any JSON value.
    Any,
    /// An object of any members.
    Open,
    /// An object with these members (others are kept, unchecked).
    Obj(&'static Obj),
    /// An array of these.
    Arr(&'static Ty),
    /// ITSM's page: `page`, `total_page`, `count`, `next`, `previous`, and `items` of these.
    Page(&'static Obj),
}

/// An object type of a result: a TypeScript interface.
pub(crate) struct Obj {
    /// Its TypeScript name, also shown in decode errors (`"a TicketStep object"`).
    pub(crate) name: &'static str,
    /// The type it extends: its members come first.
    pub(crate) base: Option<&'static Obj>,
    /// Its own members.
    pub(crate) members: &'static [Member],
    /// Its documentation.
    pub(crate) doc: Doc,
}

/// A member of an object type.
pub(crate) struct Member {
    /// Its key.
    pub(crate) key: &'static str,
    /// Its type.
    pub(crate) ty: Ty,
    /// `true` when it may be `null`.
    pub(crate) null: bool,
    /// `true` when it may be missing.
    pub(crate) opt: bool,
    /// A TypeScript type that says more than the type (a union of known strings).
    pub(crate) ts: Doc,
    /// Its documentation.
    pub(crate) doc: Doc,
}

impl Obj {
    /// Every member, the base type's first.
    pub(crate) fn all(&self, each: &mut dyn FnMut(&'static Member)) {
        if let Some(base) = self.base {
            base.all(each);
        }
        for m in self.members {
            each(m);
        }
    }
}

/// A parameter row: `p("sn", TicketNumber, true, docs!("…"))`.
pub(crate) const fn p(key: &'static str, rule: Rule, required: bool, doc: Doc) -> Param {
    Param {
        key,
        rule,
        required,
        doc,
        ts: docs!(),
    }
}

impl Param {
    /// Its TypeScript type says more than its rule.
    pub(crate) const fn ts(mut self, ts: Doc) -> Param {
        self.ts = ts;
        self
    }
}

/// A member row: `m("end_at", Str, docs!("…")).null()`.
pub(crate) const fn m(key: &'static str, ty: Ty, doc: Doc) -> Member {
    Member {
        key,
        ty,
        null: false,
        opt: false,
        ts: docs!(),
        doc,
    }
}

impl Member {
    /// It may be `null`.
    pub(crate) const fn null(mut self) -> Member {
        self.null = true;
        self
    }

    /// It may be missing.
    pub(crate) const fn opt(mut self) -> Member {
        self.opt = true;
        self
    }

    /// Its TypeScript type says more than its type.
    pub(crate) const fn ts(mut self, ts: Doc) -> Member {
        self.ts = ts;
        self
    }
}
