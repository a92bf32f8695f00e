//! `Ticket` and `TicketPage`: the shape of a page as the real server serves it, and the check
//! that an answer has that shape.
//!
//! The page handed to JavaScript is the `data` object the browser's `JSON.parse` built, checked
//! field by field here rather than copied: nothing is converted, so fields the types do not
//! name stay on the object and `null` stays `null`, and a 10,000-item page costs one pass of
//! type checks on top of the browser's own parse.

use tsify::Tsify;

use crate::endpoints::table::{check_page_members, result_table, PageNames};
use crate::endpoints::{ResultShape, ShapeError};
use crate::input::value::{ValueKind, View};

result_table! {
    /// One ticket, with the types and nullability the list endpoint really uses.
    ///
    /// Fields the server sends beyond these stay on the object at run time.
    // Never built in Rust: its TypeScript declaration is what the package uses.
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct Ticket, fields TICKET_FIELDS;

    /// Ticket id.
    id: i64 as Integer,
    /// Ticket number, e.g. `"REQ20240101000001"`.
    sn: String as String,
    /// Title, as the user typed it: show it as text, never as HTML.
    title: String as String,
    /// Service catalogue id.
    catalog_id: i64 as Integer,
    /// Service id.
    service_id: i64 as Integer,
    /// `"change"`, `"event"`, `"request"`, `"question"` (or the model default `"DEFAULT"`).
    service_type: String as String,
    /// Flow version id.
    flow_id: i64 as Integer,
    /// `NEW`, `RUNNING`, `RESOLVED`, `CONFIRMED`, `SUSPENDED`, `FINISHED`, `TERMINATED`,
    /// `REVOKED`, or an admin-defined 32-hex status key.
    current_status: String as String,
    /// Rating id, `""` when the ticket has none.
    comment_id: String as String,
    /// Whether the ticket has been rated.
    is_commented: bool as Bool,
    /// Last updater(s), possibly comma-separated.
    updated_by: String as String,
    /// Last update, `"YYYY-MM-DD hh:mm:ss"`.
    update_at: String as String,
    /// End time, `null` while the ticket is open.
    end_at: Option<String> as NullableString,
    /// Creator, `null` for some imported tickets.
    creator: Option<String> as NullableString,
    /// Creation time, `"YYYY-MM-DD hh:mm:ss"`.
    create_at: String as String,
    /// Business id, `-1` for none, sometimes `null`.
    bk_biz_id: Option<i64> as NullableInteger,
    /// Link to the ticket in the ITSM web app.
    ticket_url: String as String,
    /// Link for embedding the ticket in an iframe (served, not documented; absent before
    /// ITSM 2.6.0).
    ///
    /// The document's `current_steps` and `is_biz_need` are not here: the list endpoint never
    /// sends them (its serializer lacks the first, the model the second).
    #[tsify(optional)]
    iframe_ticket_url: Option<String> as OptionalString,
}

/// One page of tickets.
// Never built in Rust: its TypeScript declaration is what the package uses.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Tsify)]
#[tsify(missing_as_null)]
pub(crate) struct TicketPage {
    /// This page's number, from 1.
    pub(crate) page: i64,
    /// How many pages the filters give at this page size (1 when there are no tickets).
    pub(crate) total_page: i64,
    /// How many tickets match the filters in all.
    pub(crate) count: i64,
    /// The server's link to the next page, `null` on the last. It points at the ITSM backend
    /// and carries neither `page_size` nor the filters: page with `page` instead.
    pub(crate) next: Option<String>,
    /// The server's link to the previous page, `null` on the first (same caveat as `next`).
    pub(crate) previous: Option<String>,
    /// The tickets, newest first.
    pub(crate) items: Vec<Ticket>,
    /// The request id (ESB's `request_id`, or the gateway's `X-Bkapi-Request-ID` header),
    /// when the answer had one: quote it when you report a problem to the ITSM admins.
    #[tsify(optional)]
    pub(crate) request_id: Option<String>,
}

/// Property names prepared once per page and reused for every item.
pub struct PageKeys<V: View> {
    /// The page's own members (`page` is also read to check the answer is the page asked
    /// for).
    names: PageNames<V>,
    /// The ticket fields' names, in the order of `TICKET_FIELDS`.
    fields: [V::Key; TICKET_FIELDS.len()],
}

impl<V: View> PageKeys<V> {
    /// Prepares the names.
    pub fn new() -> Self {
        PageKeys {
            names: PageNames::new(),
            fields: TICKET_FIELDS.map(|(name, _)| V::key(name)),
        }
    }
}

impl<V: View> Default for PageKeys<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: View> ResultShape<V> for PageKeys<V> {
    const WHAT: &'static str = "a page of tickets";

    fn new() -> Self {
        PageKeys::new()
    }

    fn check(&self, data: &V) -> Result<(), ShapeError> {
        check_page(data, self)
    }

    fn page_number(&self, data: &V) -> Option<i64> {
        self.names.number(data)
    }
}

/// How many items one [`View::element_kinds`] question covers: the kinds buffer is
/// `ROWS_PER_CHECK * 21` bytes whatever the page holds, and a 10,000-item page is five
/// questions.
pub const ROWS_PER_CHECK: u32 = 2048;

/// Checks that `data` (the envelope's `data`) is a [`TicketPage`] without its `request_id`.
pub fn check_page<V: View>(data: &V, keys: &PageKeys<V>) -> Result<(), ShapeError> {
    check_page_in(data, keys, ROWS_PER_CHECK)
}

/// [`check_page`], reading the items `rows` at a time (the fuzz targets vary it), and stopping
/// at the first item of the wrong shape: the memory it takes is bounded by `rows`, never by
/// the answer (10^8 items must not cost gigabytes, nor abort the module when the memory is not
/// there: that is a decode error).
pub fn check_page_in<V: View>(data: &V, keys: &PageKeys<V>, rows: u32) -> Result<(), ShapeError> {
    let items = check_page_members(data, &keys.names)?;
    // Every item's kind and its fields' kinds, a buffer at a time (one call each in the
    // browser); only a failure looks at the item again, to describe it.
    let width = 1 + TICKET_FIELDS.len();
    let count = items.len();
    let rows = rows.clamp(1, count.max(1));
    let too_large = || ShapeError {
        path: "data.items".into(),
        expected: "an array of tickets that can be checked",
        got: format!("an array of {count} items, and no memory left to check them"),
    };
    let mut kinds = Vec::new();
    let size = usize::try_from(rows)
        .unwrap_or(usize::MAX)
        .saturating_mul(width);
    kinds.try_reserve_exact(size).map_err(|_| too_large())?;
    kinds.resize(size, ValueKind::Undefined);
    let mut start = 0u32;
    while start < count {
        let read = items.element_kinds(&keys.fields, start, &mut kinds);
        if read == 0 {
            return Err(too_large());
        }
        for (i, row) in (start..start + read).zip(kinds.chunks(width)) {
            check_item(&items, i, row, keys)?;
        }
        start = start.saturating_add(read);
    }
    Ok(())
}

/// Checks item `i` from its row of kinds.
fn check_item<V: View>(
    items: &V,
    i: u32,
    row: &[ValueKind],
    keys: &PageKeys<V>,
) -> Result<(), ShapeError> {
    let Some((&kind, fields)) = row.split_first() else {
        return Ok(());
    };
    if kind != ValueKind::Object {
        return Err(ShapeError::at(
            format!("data.items[{i}]"),
            "a ticket object",
            &items.at(i),
        ));
    }
    for ((name, shape), (key, &kind)) in TICKET_FIELDS.iter().zip(keys.fields.iter().zip(fields)) {
        if !shape.accepts(kind) {
            return Err(ShapeError::at(
                format!("data.items[{i}].{name}"),
                shape.expected(),
                &items.at(i).get(key),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::value::testing::parse;
    use crate::input::value::Value;

    pub(crate) const ITEM: &str = r#"{"id":1,"sn":"REQ20190916000001","title":"a","catalog_id":3,
        "service_id":1,"service_type":"request","flow_id":1,"current_status":"RUNNING",
        "comment_id":"","is_commented":false,"updated_by":"admin","update_at":"2019-09-16 10:01:07",
        "end_at":null,"creator":"admin","create_at":"2019-09-16 10:00:17","bk_biz_id":-1,
        "ticket_url":"xxxx"}"#;

    fn page_with(item: &str) -> Value {
        parse(&format!(
            r#"{{"page":1,"total_page":1,"count":1,"next":null,"previous":null,"items":[{item}]}}"#
        ))
    }

    fn check(v: &Value) -> Result<(), ShapeError> {
        check_page(&v, &PageKeys::new())
    }

    #[test]
    fn the_documents_example_page_passes() {
        assert_eq!(check(&page_with(ITEM)), Ok(()));
    }

    #[test]
    fn nulls_optional_fields_and_unknown_fields_are_accepted() {
        let item = ITEM
            .replace(r#""creator":"admin""#, r#""creator":null"#)
            .replace(r#""bk_biz_id":-1"#, r#""bk_biz_id":null,"iframe_ticket_url":"u","tag":"x","current_steps":5,"is_biz_need":"yes""#);
        assert_eq!(check(&page_with(&item)), Ok(()));
    }

    #[test]
    fn wrong_types_name_the_path() {
        let err = check(&page_with(&ITEM.replace(r#""id":1"#, r#""id":"abc""#))).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"data.items[0].id: expected an integer, got "abc""#
        );
        let err = check(&page_with(
            &ITEM.replace(r#""sn":"REQ20190916000001","#, ""),
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.items[0].sn");
        assert_eq!(err.got, "undefined");
        let err = check(&page_with(&ITEM.replace(r#""id":1"#, r#""id":1.5"#))).unwrap_err();
        assert_eq!(err.path, "data.items[0].id");
        let err = check(&page_with(
            &ITEM.replace(r#""is_commented":false"#, r#""is_commented":0"#),
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.items[0].is_commented");
    }

    fn page_of(items: &[&str]) -> Value {
        parse(&format!(
            r#"{{"page":1,"total_page":1,"count":1,"next":null,"previous":null,"items":[{}]}}"#,
            items.join(",")
        ))
    }

    #[test]
    fn items_are_checked_a_bounded_number_at_a_time() {
        let bad = ITEM.replace(r#""id":1"#, r#""id":null"#);
        for rows in [1, 2, 3, 7, 2048] {
            let good = vec![ITEM; 7];
            assert_eq!(
                check_page_in(&&page_of(&good), &PageKeys::new(), rows),
                Ok(())
            );
            for at in 0..7 {
                let mut items = good.clone();
                items[at] = &bad;
                let err = check_page_in(&&page_of(&items), &PageKeys::new(), rows).unwrap_err();
                assert_eq!(err.path, format!("data.items[{at}].id"), "rows {rows}");
            }
            let mut items = good.clone();
            items[5] = "0";
            let err = check_page_in(&&page_of(&items), &PageKeys::new(), rows).unwrap_err();
            assert_eq!(err.path, "data.items[5]");
        }
        assert_eq!(check_page_in(&&page_of(&[]), &PageKeys::new(), 0), Ok(()));
    }

    /// A view whose rows cannot be read (as when the module has no memory left for them).
    #[derive(Clone)]
    struct NoMemory<'a>(&'a Value);

    impl View for NoMemory<'_> {
        type Key = &'static str;
        fn key(name: &'static str) -> Self::Key {
            name
        }
        fn get(&self, key: &Self::Key) -> Self {
            NoMemory((&self.0).get(key))
        }
        fn kind(&self) -> ValueKind {
            (&self.0).kind()
        }
        fn number(&self) -> Option<f64> {
            (&self.0).number()
        }
        fn boolean(&self) -> Option<bool> {
            (&self.0).boolean()
        }
        fn string(&self) -> Option<String> {
            (&self.0).string()
        }
        fn len(&self) -> u32 {
            (&self.0).len()
        }
        fn at(&self, index: u32) -> Self {
            NoMemory((&self.0).at(index))
        }
        fn element_kinds(&self, _: &[Self::Key], _: u32, _: &mut [ValueKind]) -> u32 {
            0
        }
        fn describe(&self) -> String {
            (&self.0).describe()
        }
    }

    #[test]
    fn rows_that_cannot_be_read_are_a_shape_error_not_a_crash() {
        let page = page_of(&["0"; 3]);
        let err = check_page(&NoMemory(&page), &PageKeys::new()).unwrap_err();
        assert_eq!(err.path, "data.items");
        assert!(err.got.contains("no memory left"), "{err}");
    }

    #[test]
    fn page_level_shapes() {
        let err = check(&parse("[1,2]")).unwrap_err();
        assert!(err.got.contains("switched paging off"), "{err}");
        assert_eq!(check(&Value::Null).unwrap_err().path, "data");
        let err = check(&parse(
            r#"{"page":1,"total_page":1,"count":1,"next":null,"previous":null,"items":{}}"#,
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.items");
        let err = check(&parse(
            r#"{"page":"1","total_page":1,"count":1,"next":null,"previous":null,"items":[]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.page");
        let err = check(&parse(
            r#"{"page":1,"total_page":1,"count":-1,"next":null,"previous":null,"items":[]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.count");
        let err = check(&parse(
            r#"{"page":1,"total_page":1,"count":0,"next":5,"previous":null,"items":[]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.next");
        let err = check(&parse(
            r#"{"page":1,"total_page":1,"count":1,"next":null,"previous":null,"items":[7]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.path, "data.items[0]");
    }
}
