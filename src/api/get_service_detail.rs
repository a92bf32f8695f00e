//! `get_service_detail`: a service and the form a new ticket fills, a GET through either door.

use crate::api::shared::ID;
use crate::engine::describe::{docs, m, p, Doors, Endpoint, Method, Obj, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "get_service_detail",
    apigw_name: "",
    method: Method::Get,
    doors: Doors::Both,
    safe: true,
    params: &[p("service_id", ID, true, docs!("The service (required)."))],
    checks: &[],
    result: Ty::Obj(&SERVICE_DETAIL),
    what: "a service's form",
    doc: docs!("A service and its form: the fields of the flow's first node, which `createTicket` fills and `validateTicketFields` checks. An unknown or disabled service rejects with kind `\"api\"`, code 3900404 (`ItsmCode.OBJECT_NOT_FOUND`)."),
    params_type: docs!("ServiceDetailParams"),
    before: None,
};

/// The service and its form.
pub(crate) static SERVICE_DETAIL: Obj = Obj {
    name: "ServiceDetail",
    base: None,
    doc: docs!("A service and the form a new ticket of it fills."),
    members: &[
        m("service_id", Ty::Int, docs!("The service's id.")),
        m("workflow_id", Ty::Int, docs!("The id of its flow's version.")),
        m("name", Ty::Str, docs!("Its name.")),
        m("service_type", Ty::Str, docs!("Its type: `request`, `change`, `event`, `question`, or an admin-defined key.")),
        m("desc", Ty::Str, docs!("Its description.")).null(),
        m("fields", Ty::Arr(&Ty::Obj(&FORM_FIELD)), docs!("The form, in the order to show it.")),
    ],
};

static FORM_FIELD: Obj = Obj {
    name: "FormField",
    base: None,
    doc: docs!("A field of a service's form, as the server describes it."),
    members: &[
        m("id", Ty::Int, docs!("Its id.")),
        m("key", Ty::Str, docs!("Its key: what `createTicket`'s `fields` name it by.")),
        m("type", Ty::Str, docs!("How it is filled. Values: STRING, TEXT, INT (a string of digits), DATE (`YYYY-MM-DD`), DATETIME (`YYYY-MM-DD hh:mm:ss`), DATETIMERANGE, SELECT, RADIO, INPUTSELECT (a choice's key or free text), MULTISELECT and CHECKBOX (keys, comma-joined, or an array), MEMBER, MEMBERS (user names, comma-joined, or an array), TREESELECT (a tree node's id), TABLE and CUSTOMTABLE (an array of row objects), RICHTEXT, FILE, LINK, CUSTOM-FORM, CASCADE.")).ts(docs!("FormFieldType")),
        m("default", Ty::Str, docs!("Its default value, as a string (`\"\"` for none).")),
        m("name", Ty::Str, docs!("Its label.")),
        m("desc", Ty::Str, docs!("Its help text.")).null(),
        m("choice", Ty::Arr(&Ty::Obj(&CHOICE)), docs!("The choices of a CUSTOM source (for a TABLE: its columns). Choices from API, DATADICT and RPC sources are resolved by the server only and come as `[]`: the server checks those.")),
        m("layout", Ty::Str, docs!("Its width: `COL_6` (half) or `COL_12` (whole).")),
        m("source_type", Ty::Str, docs!("Where its choices come from: `CUSTOM` (the `choice` list), `API`, `DATADICT`, `RPC` or `CUSTOM_API`.")).ts(docs!("\"CUSTOM\" | \"API\" | \"DATADICT\" | \"RPC\" | \"CUSTOM_API\" | (string & {})")),
        m("source_uri", Ty::Str, docs!("The data dictionary or RPC code of its choices.")),
        m("api_instance_id", Ty::Int, docs!("The API instance of an `API` source (0 for none).")).null(),
        m("api_info", Ty::Open, docs!("The API of an `API` source (only for `API` sources).")).opt(),
        m("kv_relation", Ty::Open, docs!("Which members of an API source's answer are a choice's key and name.")).null(),
        m("validate_type", Ty::Str, docs!("`REQUIRE` (must be filled, when shown) or `OPTION`.")).ts(docs!("\"REQUIRE\" | \"OPTION\"")),
        m("regex", Ty::Str, docs!("A named rule its value obeys (`EMPTY` for none): `PHONE_NUM`, `EMAIL`, `NUMWITHOUTZERO`, `AFTER_DATE`, `BEFORE_TIME`, …")),
        m("regex_config", Ty::Open, docs!("The configuration of a rule between fields.")).null(),
        m("custom_regex", Ty::Str, docs!("A pattern of the admin's its value must match from its start (`\"\"` for none).")).null(),
        m("meta", Ty::Open, docs!("Type-specific settings (a CUSTOMTABLE's `columns`, …).")).null(),
        m("show_type", Ty::Int, docs!("`1`: always shown; `0`: shown only when `show_conditions` do not hold (a hidden required field is sent as `\"\"`).")),
        m("show_conditions", Ty::Obj(&SHOW_CONDITIONS), docs!("When a `show_type: 0` field is hidden (`{}` for a field always shown).")).null(),
    ],
};

static CHOICE: Obj = Obj {
    name: "FormFieldChoice",
    base: None,
    doc: docs!("A choice of a field (or a column of a TABLE)."),
    members: &[
        m("key", Ty::IntOrStr, docs!("What is sent when it is chosen.")).opt(),
        m("name", Ty::Str, docs!("What is shown.")).opt(),
        m("required", Ty::Bool, docs!("For a TABLE's column: whether each row must fill it.")).opt(),
        m("children", Ty::Arr(&Ty::Open), docs!("The choices under it (CASCADE).")).opt(),
    ],
};

static SHOW_CONDITIONS: Obj = Obj {
    name: "ShowConditions",
    base: None,
    doc: docs!("When a field is hidden: all (`and`) or any (`or`) of its expressions hold."),
    members: &[
        m("type", Ty::Str, docs!("`and` or `or`.")).opt(),
        m("expressions", Ty::Arr(&Ty::Obj(&EXPRESSION)), docs!("The expressions.")).opt(),
    ],
};

static EXPRESSION: Obj = Obj {
    name: "ShowCondition",
    base: None,
    doc: docs!("One expression: the value of the field `key` compared with `value`."),
    members: &[
        m("key", Ty::Str, docs!("The field compared.")),
        m("condition", Ty::Str, docs!("`==`, `!=`, and for numbers `>`, `<`, `>=`, `<=`.")),
        m("value", Ty::Any, docs!("What it is compared with.")),
        m("type", Ty::Str, docs!("The compared field's type (`INT` compares numbers).")).opt(),
    ],
};
