//! The one table an endpoint's parameters are declared in, and the four common `bk_*`
//! parameters every endpoint takes.
//!
//! [`params_table!`] turns one row per parameter (its documentation, its TypeScript hints, its
//! wire name, its Rust type and the rule that reads it) into the struct, its list of known
//! keys, the reader of one key and the writer of every given field. A parameter cannot be
//! declared and left out of the writer, nor written without being declared: the four come
//! from the same row. The common parameters are added by the macro itself, so they are
//! declared once here for every endpoint.

use crate::call::request::FieldWriter;
use crate::endpoints::ShapeError;
use crate::error::Issue;
use crate::input::datetime::DateTime;
use crate::input::rules::{non_empty_string, unknown_key};
use crate::input::value::{Value, ValueKind, View};

/// A parameter value the request writer knows how to write.
pub(crate) trait WireValue {
    /// Writes `self` under `key`.
    fn write<W: FieldWriter>(&self, key: &str, out: &mut W);
}

impl WireValue for String {
    fn write<W: FieldWriter>(&self, key: &str, out: &mut W) {
        out.string(key, self);
    }
}

impl WireValue for i64 {
    fn write<W: FieldWriter>(&self, key: &str, out: &mut W) {
        out.integer(key, *self);
    }
}

impl WireValue for Vec<String> {
    fn write<W: FieldWriter>(&self, key: &str, out: &mut W) {
        out.strings(key, self);
    }
}

impl WireValue for Vec<i64> {
    fn write<W: FieldWriter>(&self, key: &str, out: &mut W) {
        out.integers(key, self);
    }
}

impl WireValue for DateTime {
    fn write<W: FieldWriter>(&self, key: &str, out: &mut W) {
        out.string(key, &self.to_string());
    }
}

/// What [`params_table!`] generates for a parameter struct; [`Params`](crate::endpoints::Params)
/// builds on it, so an endpoint writes only what is its own (its door check, rules between
/// fields).
pub trait ParamsTable: Default {
    /// Reads one given key by its rule (the common keys too), or refuses an unknown key.
    fn set(&mut self, key: &str, value: &Value) -> Result<(), Issue>;
    /// Writes every given parameter but the common ones, in the table's order, into a JSON
    /// body or a query string (the common ones go where the door reads them, see
    /// `call/request.rs`).
    fn write_filters<W: FieldWriter>(&self, out: &mut W);
    /// The common parameters given with this call.
    fn common(&self) -> crate::call::credentials::Credentials;
    /// `true` when the row `key` was given.
    fn given(&self, key: &str) -> bool;
    /// The page asked for, when the table has a `page` row (`paged` tables).
    fn given_page(&self) -> Option<i64> {
        None
    }
    /// The page size asked for, when the table has a `page_size` row (`paged` tables).
    fn given_page_size(&self) -> Option<i64> {
        None
    }
}

/// Declares an endpoint's parameters from one table:
///
/// ```text
/// params_table! {
///     /// The struct's documentation.
///     pub struct SomeParams, keys SOME_KEYS;        // or `keys SOME_KEYS, paged;`
///     /// A row's documentation.
///     #[tsify(optional)]
///     wire_name: RustType = |key, value| rule(key, value),
///     ...
/// }
/// ```
///
/// Each field is `Option<RustType>` (`undefined` is not given). It generates the struct with
/// the four common `bk_*` fields after the rows, `SOME_KEYS` (the common keys, then the rows,
/// in the order a body is written), `fn set(&mut self, key, value)` (a key's rule, or the
/// unknown-key issue), `fn write_filters(&self, out)` (every given row, in order; never the
/// common ones, which go where the door reads them), `fn common(&self) -> Credentials` and
/// `fn given(&self, key)`, as its [`ParamsTable`] implementation. A `paged` table (one with
/// `page` and `page_size` rows) also reads and sets them for the page walker
/// ([`PagedParams`](crate::endpoints::PagedParams)).
macro_rules! params_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident, keys $keys:ident, paged;
        $($rows:tt)*
    ) => {
        $crate::endpoints::table::params_table! {
            @extra {
                fn given_page(&self) -> Option<i64> {
                    self.page
                }
                fn given_page_size(&self) -> Option<i64> {
                    self.page_size
                }
            }
            $(#[$meta])*
            pub struct $name, keys $keys;
            $($rows)*
        }

        impl $crate::endpoints::PagedParams for $name {
            fn set_page(&mut self, page: i64) {
                self.page = Some(page);
            }
            fn set_page_size(&mut self, size: i64) {
                self.page_size = Some(size);
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident, keys $keys:ident;
        $($rows:tt)*
    ) => {
        $crate::endpoints::table::params_table! {
            @extra {}
            $(#[$meta])*
            pub struct $name, keys $keys;
            $($rows)*
        }
    };
    (
        @extra { $($extra:tt)* }
        $(#[$meta:meta])*
        pub struct $name:ident, keys $keys:ident;
        $(
            $(#[$field_meta:meta])*
            $field:ident : $ty:ty = |$key:ident, $value:ident| $read:expr
        ),* $(,)?
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: Option<$ty>,
            )*
            /// The application code, for this call.
            #[tsify(optional)]
            pub bk_app_code: Option<String>,
            /// The application secret, for this call. Never ship it to browsers: see the README.
            #[tsify(optional)]
            pub bk_app_secret: Option<String>,
            /// The user's login token, for this call.
            #[tsify(optional)]
            pub bk_token: Option<String>,
            /// The user name, for this call (apps on the ESB whitelist only).
            #[tsify(optional)]
            pub bk_username: Option<String>,
        }

        /// Every key the parameters know: the common ones, then the endpoint's own in the order
        /// a body is written.
        pub const $keys: &[&str] = &[
            "bk_app_code",
            "bk_app_secret",
            "bk_token",
            "bk_username",
            $(stringify!($field),)*
        ];

        impl $crate::endpoints::table::ParamsTable for $name {
            fn set(&mut self, key: &str, value: &$crate::input::value::Value)
                -> Result<(), $crate::error::Issue>
            {
                match key {
                    $(stringify!($field) => {
                        let ($key, $value) = (key, value);
                        self.$field = Some($read?);
                    })*
                    _ => {
                        return $crate::endpoints::table::set_common(
                            key,
                            value,
                            [
                                &mut self.bk_app_code,
                                &mut self.bk_app_secret,
                                &mut self.bk_token,
                                &mut self.bk_username,
                            ],
                            $keys,
                        )
                    }
                }
                Ok(())
            }

            fn write_filters<W: $crate::call::request::FieldWriter>(&self, out: &mut W) {
                $(
                    if let Some(v) = &self.$field {
                        $crate::endpoints::table::WireValue::write(v, stringify!($field), out);
                    }
                )*
            }

            fn common(&self) -> $crate::call::credentials::Credentials {
                $crate::call::credentials::Credentials {
                    app_code: self.bk_app_code.clone(),
                    app_secret: self.bk_app_secret.clone(),
                    token: self.bk_token.clone(),
                    username: self.bk_username.clone(),
                }
            }

            fn given(&self, key: &str) -> bool {
                match key {
                    $(stringify!($field) => self.$field.is_some(),)*
                    _ => false,
                }
            }

            $($extra)*
        }
    };
}

pub(crate) use params_table;

/// Reads one of the four common parameters (`fields`: `bk_app_code`, `bk_app_secret`,
/// `bk_token`, `bk_username`), or refuses an unknown key (`known`: every key of the
/// endpoint). One function for every endpoint, not a copy in each one's reader.
pub(crate) fn set_common(
    key: &str,
    value: &Value,
    fields: [&mut Option<String>; 4],
    known: &[&str],
) -> Result<(), Issue> {
    let [app_code, app_secret, token, username] = fields;
    let (field, secret) = match key {
        "bk_app_code" => (app_code, false),
        "bk_app_secret" => (app_secret, true),
        "bk_token" => (token, true),
        "bk_username" => (username, false),
        _ => return Err(unknown_key(key, known)),
    };
    *field = Some(non_empty_string(key, value, secret)?);
    Ok(())
}

/// The type a result field must have, as the shape check reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldShape {
    /// An integer JavaScript holds exactly.
    Integer,
    /// An integer or `null`.
    NullableInteger,
    /// A string.
    String,
    /// A string or `null`.
    NullableString,
    /// A boolean.
    Bool,
    /// A string, or no such key.
    OptionalString,
    /// An array (its items are checked by the endpoint's shape).
    Array,
    /// A boolean, or no such key.
    OptionalBool,
    /// An array, or no such key.
    OptionalArray,
    /// An object (open: its members are not checked).
    Object,
    /// An integer or a string, or no such key (`get_tickets_by_user`'s `comment_id`).
    OptionalIntegerOrString,
    /// Any JSON value, `null` included, but the key must be there.
    Json,
    /// Any JSON value, or no such key.
    OptionalJson,
}

impl FieldShape {
    /// What the field should hold, for the message.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            FieldShape::Integer => "an integer",
            FieldShape::NullableInteger => "an integer or null",
            FieldShape::String => "a string",
            FieldShape::NullableString => "a string or null",
            FieldShape::Bool => "a boolean",
            FieldShape::OptionalString => "a string (or no such key)",
            FieldShape::Array => "an array",
            FieldShape::OptionalBool => "a boolean (or no such key)",
            FieldShape::OptionalArray => "an array (or no such key)",
            FieldShape::Object => "an object",
            FieldShape::OptionalIntegerOrString => "an integer or a string (or no such key)",
            FieldShape::Json => "a JSON value",
            FieldShape::OptionalJson => "a JSON value (or no such key)",
        }
    }

    /// `true` when a value of `kind` has this shape.
    pub(crate) fn accepts(self, kind: ValueKind) -> bool {
        use ValueKind as K;
        match self {
            FieldShape::Integer => kind == K::Integer,
            FieldShape::String => kind == K::String,
            FieldShape::Bool => kind == K::Bool,
            FieldShape::NullableInteger => matches!(kind, K::Integer | K::Null),
            FieldShape::NullableString => matches!(kind, K::String | K::Null),
            FieldShape::OptionalString => matches!(kind, K::String | K::Undefined),
            FieldShape::Array => kind == K::Array,
            // `JSON.parse` makes no function, symbol or bigint: such a value was not sent.
            FieldShape::OptionalBool => matches!(kind, K::Bool | K::Undefined),
            FieldShape::OptionalArray => matches!(kind, K::Array | K::Undefined),
            FieldShape::Object => kind == K::Object,
            FieldShape::OptionalIntegerOrString => {
                matches!(kind, K::Integer | K::String | K::Undefined)
            }
            FieldShape::Json => !matches!(kind, K::Undefined | K::Other),
            FieldShape::OptionalJson => kind != K::Other,
        }
    }
}

/// Declares a result item from one table: each row is a field's documentation, its
/// TypeScript hints, its name, its Rust type (for the declaration) and its [`FieldShape`] (for
/// the check), so the declared type and the checked fields cannot drift apart:
///
/// ```text
/// result_table! {
///     /// The struct's documentation.
///     pub struct Item, fields ITEM_FIELDS;
///     /// A row's documentation.
///     id: i64 as Integer,
///     ...
/// }
/// ```
///
/// A row may give its wire name, `type_ = "type": String as String`, for a name Rust reserves.
/// It generates the struct and `ITEM_FIELDS: [(&str, FieldShape); N]`, in the table's order.
macro_rules! result_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident, fields $fields:ident;
        $(
            $(#[$field_meta:meta])*
            $field:ident $(= $wire:literal)? : $ty:ty as $shape:ident
        ),* $(,)?
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        /// Each field and its shape, in the table's order.
        pub(crate) const $fields: [(&str, $crate::endpoints::table::FieldShape);
            [$(stringify!($field)),*].len()] = [
            $(($crate::endpoints::table::wire_name!($field $(, $wire)?),
                $crate::endpoints::table::FieldShape::$shape),)*
        ];
    };
}

pub(crate) use result_table;

/// A result row's wire name: its own, or the field's name (`type_ = "type": …` for a name that
/// is a Rust keyword; the struct field carries the same `#[serde(rename)]` for the
/// declaration).
macro_rules! wire_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $wire:literal) => {
        $wire
    };
}

pub(crate) use wire_name;

/// The property names of one object shape (a `result_table!`'s fields), prepared once, and
/// the check of an object against them. Nested objects (a ticket's steps, its fields) are
/// checked with one of these each.
pub(crate) struct ObjectKeys<V: View> {
    table: &'static [(&'static str, FieldShape)],
    keys: Vec<V::Key>,
}

// A slice and a `Vec` rather than arrays of the table's length: one copy of the check for
// every table (a copy per length cost the module a few hundred bytes each).
impl<V: View> ObjectKeys<V> {
    /// Prepares the names of `table`.
    pub(crate) fn new(table: &'static [(&'static str, FieldShape)]) -> Self {
        ObjectKeys {
            table,
            keys: table.iter().map(|(name, _)| V::key(name)).collect(),
        }
    }

    /// Checks that `v` is an object (else `what` is expected) whose fields have their shapes.
    /// `path` names `v` in the error (made only when there is one).
    pub(crate) fn check(
        &self,
        v: &V,
        path: &dyn Fn() -> String,
        what: &'static str,
    ) -> Result<(), ShapeError> {
        if !v.is_object() {
            return Err(ShapeError::at(path(), what, v));
        }
        for ((name, shape), key) in self.table.iter().zip(&self.keys) {
            if !shape.accepts(v.field_kind(key)) {
                return Err(ShapeError::at(
                    format!("{}.{name}", path()),
                    shape.expected(),
                    &v.get(key),
                ));
            }
        }
        Ok(())
    }

    /// Checks every item of the array `v` (already known to be an array) as [`Self::check`]
    /// does.
    pub(crate) fn check_items(
        &self,
        v: &V,
        path: &dyn Fn() -> String,
        what: &'static str,
    ) -> Result<(), ShapeError> {
        for i in 0..v.len() {
            self.check(&v.at(i), &|| format!("{}[{i}]", path()), what)?;
        }
        Ok(())
    }
}

/// Reads a parameters object with `set` (one key at a time): the parameters and every broken
/// rule, in key order. `undefined` is an empty object; `null` and non-objects are refused.
pub(crate) fn read_params<P: Default>(
    value: &Value,
    mut set: impl FnMut(&mut P, &str, &Value) -> Result<(), Issue>,
) -> (P, Vec<Issue>) {
    let mut params = P::default();
    let entries = match value {
        Value::Undefined => return (params, Vec::new()),
        Value::Object(entries) => entries,
        Value::Null => {
            return (
                params,
                vec![Issue::new("params", "null is not allowed: pass an object")],
            )
        }
        other => {
            return (
                params,
                vec![Issue::new(
                    "params",
                    format!(
                        "expected an object of parameters, got {}",
                        other.type_name()
                    ),
                )],
            )
        }
    };
    let mut issues = Vec::new();
    for (key, value) in entries {
        if matches!(value, Value::Undefined) {
            continue; // not given
        }
        if let Err(issue) = set(&mut params, key, value) {
            issues.push(issue);
        }
    }
    (params, issues)
}

/// The parameters when no rule was broken, else every broken rule.
pub(crate) fn checked<P>(params: P, issues: Vec<Issue>) -> Result<P, Vec<Issue>> {
    if issues.is_empty() {
        Ok(params)
    } else {
        Err(issues)
    }
}

/// Adds, first, the issue of a required parameter that was not given (unless its value was
/// already refused, or the parameters were not an object at all).
pub(crate) fn require(issues: &mut Vec<Issue>, given: bool, field: &str, example: &str) {
    if !given
        && !issues
            .iter()
            .any(|i| i.field == field || i.field == "params")
    {
        issues.insert(0, Issue::new(field, format!("is required, e.g. {example}")));
    }
}

/// The members of a page of ITSM's paging (`OpenApiPageNumberPagination`), prepared once.
pub(crate) struct PageNames<V: View> {
    page: V::Key,
    total_page: V::Key,
    count: V::Key,
    next: V::Key,
    previous: V::Key,
    items: V::Key,
}

impl<V: View> PageNames<V> {
    /// Prepares the names.
    pub(crate) fn new() -> Self {
        PageNames {
            page: V::key("page"),
            total_page: V::key("total_page"),
            count: V::key("count"),
            next: V::key("next"),
            previous: V::key("previous"),
            items: V::key("items"),
        }
    }

    /// The page number of a page [`check_page_members`] has checked.
    pub(crate) fn number(&self, data: &V) -> Option<i64> {
        // Checked: a non-negative integer JavaScript holds exactly, so exact in i64.
        Some(data.get(&self.page).number().unwrap_or(0.0) as i64)
    }
}

/// Checks a page's own members (`page`, `total_page`, `count` non-negative integers, `next`
/// and `previous` strings or null, `items` an array) and returns its items, for the endpoint
/// to check.
pub(crate) fn check_page_members<V: View>(data: &V, names: &PageNames<V>) -> Result<V, ShapeError> {
    if data.is_array() {
        return Err(ShapeError {
            path: "data".into(),
            expected: "a page object {page, total_page, count, next, previous, items}",
            got: format!(
                "a bare array of {} tickets: the server switched paging off, which it does for a \
                 page_size it cannot read",
                data.len()
            ),
        });
    }
    if !data.is_object() {
        return Err(ShapeError::at("data".into(), "a page object", data));
    }
    for (key, name) in [
        (&names.page, "page"),
        (&names.total_page, "total_page"),
        (&names.count, "count"),
    ] {
        let v = data.get(key);
        if !(v.kind() == ValueKind::Integer && v.number().is_some_and(|n| n >= 0.0)) {
            return Err(ShapeError::at(
                format!("data.{name}"),
                "a non-negative integer",
                &v,
            ));
        }
    }
    for (key, name) in [(&names.next, "next"), (&names.previous, "previous")] {
        let v = data.get(key);
        if !matches!(v.kind(), ValueKind::String | ValueKind::Null) {
            return Err(ShapeError::at(
                format!("data.{name}"),
                "a string or null",
                &v,
            ));
        }
    }
    let items = data.get(&names.items);
    if !items.is_array() {
        return Err(ShapeError::at("data.items".into(), "an array", &items));
    }
    Ok(items)
}
