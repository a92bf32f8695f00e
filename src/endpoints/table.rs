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
use crate::input::datetime::DateTime;
use crate::input::value::ValueKind;

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

/// Declares an endpoint's parameters from one table:
///
/// ```text
/// params_table! {
///     /// The struct's documentation.
///     pub struct SomeParams, keys SOME_KEYS;
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
/// common ones, which go where the door reads them) and `fn common(&self) -> Credentials`.
macro_rules! params_table {
    (
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

        impl $name {
            /// Reads one given key by its rule.
            fn set(&mut self, key: &str, value: &$crate::input::value::Value)
                -> Result<(), $crate::error::Issue>
            {
                use $crate::input::rules::non_empty_string;
                match key {
                    $(stringify!($field) => {
                        let ($key, $value) = (key, value);
                        self.$field = Some($read?);
                    })*
                    "bk_app_code" => self.bk_app_code = Some(non_empty_string(key, value, false)?),
                    "bk_app_secret" => {
                        self.bk_app_secret = Some(non_empty_string(key, value, true)?)
                    }
                    "bk_token" => self.bk_token = Some(non_empty_string(key, value, true)?),
                    "bk_username" => self.bk_username = Some(non_empty_string(key, value, false)?),
                    _ => return Err($crate::input::rules::unknown_key(key, $keys)),
                }
                Ok(())
            }

            /// Writes every given parameter but the common ones, in the table's order, into a
            /// JSON body or a query string (the common ones go where the door reads them, see
            /// `call/request.rs`).
            pub fn write_filters<W: $crate::call::request::FieldWriter>(&self, out: &mut W) {
                $(
                    if let Some(v) = &self.$field {
                        $crate::endpoints::table::WireValue::write(v, stringify!($field), out);
                    }
                )*
            }

            /// The common parameters given with this call.
            pub(crate) fn common(&self) -> $crate::call::credentials::Credentials {
                $crate::call::credentials::Credentials {
                    app_code: self.bk_app_code.clone(),
                    app_secret: self.bk_app_secret.clone(),
                    token: self.bk_token.clone(),
                    username: self.bk_username.clone(),
                }
            }
        }
    };
}

pub(crate) use params_table;

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
/// It generates the struct and `ITEM_FIELDS: [(&str, FieldShape); N]`, in the table's order.
macro_rules! result_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident, fields $fields:ident;
        $(
            $(#[$field_meta:meta])*
            $field:ident : $ty:ty as $shape:ident
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
        const $fields: [(&str, $crate::endpoints::table::FieldShape);
            [$(stringify!($field)),*].len()] = [
            $((stringify!($field), $crate::endpoints::table::FieldShape::$shape),)*
        ];
    };
}

pub(crate) use result_table;
