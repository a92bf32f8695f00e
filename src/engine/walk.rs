//! Where a walk goes next: which pages to request, when it is over, how far it has come.
//!
//! The driver runs the loop (`src/js/driver.js`, `walk`): it asks which pages to start, sends
//! them (each page an ordinary call, with retries), hands over the answers in page order, and
//! keeps the ids of the items delivered (a JavaScript `Set`, one call per page rather than one
//! per item). Every decision is here, in [`step`], over a state the driver keeps as text.
//!
//! The walk uses `page` with the first answer's `total_page` (never the server's `next`
//! links, which point at the backend and carry no filters); that first answer bounds the walk
//! (a later one may lower it, never raise it), so a server announcing one more page each time
//! cannot make it run forever. With `concurrency` > 1 the next pages are requested ahead while
//! the consumer reads, in order. Items already delivered are not delivered twice should new
//! tickets shift the pages. Should the result set shrink instead, the pages past its new end
//! answer ITSM's "Invalid page.": the walk then ends without an error, having delivered every
//! page that still exists. A page that brings nothing new (a server that ignores `page`) ends
//! it with an error.

use crate::mem::String;
use crate::mem::Vec;

/// The largest page or size the state may hold (a safe integer in JavaScript).
const MAX_SAFE: i64 = crate::text::MAX_SAFE_INTEGER as i64;

use crate::engine::request::push_ints;
use crate::engine::value::{read, Value};
use crate::error::{ItsmError, Kind, Msg};
use crate::text::{int_text, json::Obj};

/// The page size of a walk whose parameters give none (the server's default is 10).
pub(crate) const DEFAULT_PAGE_SIZE: i64 = 100;

/// A walk's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Walk {
    pub(crate) first: i64,
    pub(crate) size: i64,
    pub(crate) next: i64,
    /// The last page there is, once the first answer told (-1 before).
    pub(crate) total_page: i64,
    /// Items expected in all (-1 before the first answer).
    pub(crate) total: i64,
    pub(crate) delivered: i64,
    /// `maxItems` (-1: none).
    pub(crate) max: i64,
    pub(crate) concurrency: i64,
    pub(crate) done: bool,
}

impl Walk {
    /// A walk from page `first` with pages of `size`.
    pub(crate) fn new(first: i64, size: i64, max: Option<i64>, concurrency: Option<i64>) -> Walk {
        Walk {
            first,
            size: size.max(1),
            next: first,
            total_page: -1,
            total: -1,
            delivered: 0,
            max: max.unwrap_or(-1),
            concurrency: concurrency.unwrap_or(1).max(1),
            done: false,
        }
    }

    /// The state as the driver keeps it.
    pub(crate) fn encode(&self) -> String {
        let mut out = String::new();
        push_ints(
            &mut out,
            &[
                self.first,
                self.size,
                self.next,
                self.total_page,
                self.total,
                self.delivered,
                self.max,
                self.concurrency,
                i64::from(self.done),
            ],
        );
        out
    }

    /// The state [`encode`](Self::encode) wrote (any text: a finished walk when unreadable).
    pub(crate) fn decode(text: &str) -> Walk {
        let v = read(text);
        let mut n = [0i64; 9];
        let mut all = v.items().len() == 9;
        for (slot, item) in n.iter_mut().zip(v.items()) {
            match item.int() {
                Some(x) => *slot = x,
                None => all = false,
            }
        }
        let [first, size, next, total_page, total, delivered, max, concurrency, done] = n;
        if !all {
            return Walk {
                done: true,
                ..Walk::new(1, 1, None, None)
            };
        }
        // Pages and sizes as the API has them (the state is the driver's to hand back: a broken
        // one must not make the arithmetic below overflow).
        Walk {
            first: first.max(1).min(MAX_SAFE),
            size: size.max(1).min(MAX_SAFE),
            next,
            total_page,
            total,
            delivered,
            max,
            concurrency: concurrency.max(1).min(8),
            done: done != 0,
        }
    }

    /// The last page the walk may need: the server's last, or fewer under `maxItems`.
    fn last_page(&self) -> Option<i64> {
        let by_max = (self.max >= 0).then(|| {
            self.first.saturating_add(
                self.max
                    .saturating_add(self.size - 1)
                    .checked_div(self.size)
                    .unwrap_or(0)
                    - 1,
            )
        });
        let by_server = (self.total_page >= 0).then_some(self.total_page);
        match (by_server, by_max) {
            (Some(t), Some(m)) => Some(t.min(m)),
            (t, m) => t.or(m),
        }
    }

    /// Pages to start so that `window` are in flight (at most one until the first answer
    /// tells how many there are).
    fn top_up(&mut self, in_flight: i64, window: i64) -> Vec<i64> {
        let window = if self.total_page >= 0 {
            window
        } else {
            window.min(1)
        };
        let in_flight = in_flight.max(0).min(window);
        let mut start = Vec::new();
        while !self.done
            && in_flight + (start.len() as i64) < window
            && self.last_page().is_none_or(|last| self.next <= last)
        {
            start.push(self.next);
            self.next = self.next.saturating_add(1);
        }
        start
    }

    /// Items the next page may still deliver.
    fn room(&self) -> i64 {
        if self.max < 0 {
            i64::from(u32::MAX)
        } else {
            (self.max - self.delivered).max(0)
        }
    }
}

/// One step of a walk. `event` is the driver's:
///
/// - `["next", in_flight]`: the consumer wants more: the pages to start (`start`); with none in
///   flight and none to start, the walk is over (`done`);
/// - `["page", page, answered_page, total_page, count, items, fresh]`: a page arrived, `fresh`
///   of its `items` not delivered before (at most `room`): whether the walk is over, the pages
///   to request ahead, the progress, or the error that ends it;
/// - `["fail", page, invalid_page]`: a page failed; `invalid_page` 1 when it was ITSM's
///   "Invalid page.": whether that ends the walk quietly (`end`) or is thrown.
///
/// The answer always carries the new state (`s`) and the room for the next page (`room`).
pub(crate) fn step(state: &str, event: &Value) -> (Walk, String, Option<ItsmError>) {
    let mut w = Walk::decode(state);
    let e = event.items();
    let at = |i: usize| e.get(i).and_then(Value::int).unwrap_or(0);
    let mut out = Obj::new();
    let mut error = None;
    let mut progress = None;
    let mut start = Vec::new();
    match e.first().and_then(Value::str) {
        Some("next") => {
            start = w.top_up(at(1), w.concurrency);
            if start.is_empty() && at(1) == 0 {
                w.done = true;
            }
        }
        Some("page") => {
            let (page, answered, total_page, count, items, fresh) =
                (at(1), at(2), at(3), at(4), at(5), at(6));
            w.total_page = if w.total_page >= 0 {
                w.total_page.min(total_page)
            } else {
                total_page
            };
            let expected = count
                .saturating_sub((w.first - 1).saturating_mul(w.size))
                .max(0);
            w.total = if w.max >= 0 {
                w.max.min(expected)
            } else {
                expected
            };
            if fresh == 0 && items > 0 {
                // Only items already delivered: the server ignores `page` or repeats pages, and
                // the walk would go on to its last page delivering nothing.
                w.done = true;
                let mut e = ItsmError::new(Kind::Decode, Msg::RepeatedPage, &[&int_text(page)]);
                e.attempts = 1;
                error = Some(e);
            } else {
                w.delivered += fresh;
                let finished =
                    (w.max >= 0 && w.delivered >= w.max) || answered >= w.total_page || items == 0;
                if finished {
                    w.done = true;
                } else {
                    // While the consumer reads this batch, the other `concurrency - 1` pages
                    // load: with concurrency 1 nothing is requested before it asks for more.
                    start = w.top_up(at(7), w.concurrency - 1);
                }
                progress = Some((w.delivered, w.total.max(w.delivered)));
            }
        }
        Some("fail") => {
            w.done = true;
            // Past the end of a result set that shrank since the first page (the first page
            // itself answering so is an error like any other): every page before this one has
            // been delivered, in order, and nothing lies beyond it.
            if at(1) > w.first && at(2) == 1 {
                out.bool("end", true);
                progress = Some((w.delivered, w.delivered));
            }
        }
        _ => w.done = true,
    }
    out.raw("s", &json_text(&w.encode()));
    out.int("room", w.room());
    out.bool("done", w.done);
    push_ints(out.key("start"), &start);
    if let Some((fetched, total)) = progress {
        push_ints(out.key("progress"), &[fetched, total]);
    }
    (w, out.finish(), error)
}

/// `s` as a JSON string.
pub(crate) fn json_text(s: &str) -> String {
    let mut out = String::new();
    crate::text::json::push_str(&mut out, s, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(state: &str, event: &str) -> (Walk, serde_json::Value, Option<ItsmError>) {
        let (w, text, e) = step(state, &read(event));
        (w, serde_json::from_str(&text).unwrap(), e)
    }

    #[test]
    fn a_walk_starts_one_page_then_goes_ahead_by_its_concurrency() {
        let w = Walk::new(1, 100, None, Some(3)).encode();
        let (_, r, _) = run(&w, r#"["next",0]"#);
        assert_eq!(r["start"], serde_json::json!([1]));
        let s = r["s"].as_str().unwrap().to_owned();
        let (w2, r, _) = run(&s, r#"["page",1,1,5,450,100,100,0]"#);
        assert_eq!(r["start"], serde_json::json!([2, 3]));
        assert_eq!(r["progress"], serde_json::json!([100, 450]));
        assert_eq!(w2.total_page, 5);
        assert!(!w2.done);
    }

    #[test]
    fn max_items_bounds_the_pages_and_the_room() {
        let w = Walk::new(1, 10, Some(15), Some(8)).encode();
        let (_, r, _) = run(&w, r#"["next",0]"#);
        let s = r["s"].as_str().unwrap().to_owned();
        let (_, r, _) = run(&s, r#"["page",1,1,100,1000,10,10,0]"#);
        assert_eq!(r["start"], serde_json::json!([2]));
        assert_eq!(r["room"], 5);
        let s = r["s"].as_str().unwrap().to_owned();
        let (w, r, _) = run(&s, r#"["page",2,2,100,1000,10,5,0]"#);
        assert!(w.done && r["done"] == true);
        assert_eq!(r["progress"], serde_json::json!([15, 15]));
    }

    #[test]
    fn a_page_of_nothing_new_ends_the_walk_with_an_error() {
        let w = Walk::new(1, 10, None, None).encode();
        let (_, _, e) = run(&w, r#"["page",2,2,9,90,10,0,0]"#);
        assert_eq!(e.map(|e| e.msg), Some(Msg::RepeatedPage));
    }

    #[test]
    fn invalid_page_past_the_first_ends_quietly() {
        let w = Walk::new(1, 10, None, None).encode();
        let (_, r, _) = run(&w, r#"["fail",3,1]"#);
        assert_eq!(r["end"], true);
        let (_, r, _) = run(&w, r#"["fail",1,1]"#);
        assert!(r.get("end").is_none());
        let (_, r, _) = run(&w, r#"["fail",3,0]"#);
        assert!(r.get("end").is_none());
    }

    #[test]
    fn a_server_cannot_make_a_walk_endless() {
        // Each answer announces one more page: the first answer's total bounds the walk.
        let mut s = Walk::new(1, 10, None, None).encode();
        let mut pages = 0;
        for page in 1..100 {
            let (_, r, _) = run(&s, r#"["next",0]"#);
            if r["done"] == true {
                break;
            }
            s = String::from(r["s"].as_str().unwrap());
            let (_, r, _) = run(
                &s,
                &format!("[\"page\",{page},{page},{},1000,10,10,0]", page + 1),
            );
            s = String::from(r["s"].as_str().unwrap());
            pages += 1;
            if r["done"] == true {
                break;
            }
        }
        assert_eq!(pages, 2);
        assert!(Walk::decode("garbage").done);
    }
}
