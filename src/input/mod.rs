//! Reading values from outside: the [`value::Value`] view shared by JavaScript values
//! (`js_value`) and parsed JSON, the field rules every parameter and option reader shares
//! (`rules`), dates (`datetime`) and describing a value in a message.

pub(crate) mod datetime;
pub(crate) mod js_value;
pub(crate) mod rules;
pub(crate) mod value;
