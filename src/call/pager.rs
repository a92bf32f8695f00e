//! `iterTickets` and `getAllTickets`: every ticket across every page, in the server's order.
//!
//! The walk uses `page` with the first answer's `total_page` (never the server's `next` links,
//! which point at the backend and carry no filters). With `concurrency` > 1 the next pages are
//! requested ahead while the consumer reads, and handed over in order. Breaking out of
//! `for await` closes the walk: pages in flight are aborted and no further page is requested.
//! Tickets already delivered are not delivered twice, should new tickets shift the pages
//! while the walk goes on. Should the result set shrink instead (tickets closed during an
//! export filtered by status), the pages past its new end answer ITSM's "Invalid page.": the
//! walk then ends without an error, having delivered every page that still exists.
//!
//! The walker takes any endpoint whose parameters are `PagedParams` (ITSM's paging: `page`,
//! `total_page`, `count`, `items` with an `id` each).
//!
//! The async-iterator protocol itself is a four-line JavaScript generator around
//! [`Pager::next_batch`]; everything else happens here, except picking a page's new
//! tickets, which is one JavaScript call per page over a JavaScript `Set` of ids (rather than a
//! boundary call per ticket and a Rust `HashSet`: see BENCHMARKS.md).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Set};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

use crate::call::client::{run, Call, Walk};
use crate::call::envelope::is_invalid_page;
use crate::endpoints::{Endpoint, PagedParams, Params};
use crate::error::js::to_js;
use crate::error::{ErrorKind, ItsmError};
use crate::input::js_value::Js;
use crate::input::value::View;

/// The page size of a walk whose parameters do not give one (the server's default is 10).
pub(crate) const DEFAULT_WALK_PAGE_SIZE: i64 = 100;

#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    fn walk(pager: Pager) -> JsValue;
    fn failing(error: JsValue) -> JsValue;
    /// Makes `signal` abort `controller` (a JavaScript listener: no Rust closure to keep alive);
    /// calling the result removes the listener.
    #[wasm_bindgen(catch)]
    fn link(signal: &AbortSignal, controller: &AbortController) -> Result<Function, JsValue>;
    /// The tickets of `items` (checked ticket objects) whose `id` is not in `seen`, at most
    /// `room` of them; their ids are added to `seen`.
    fn fresh(items: &JsValue, seen: &Set, room: u32) -> Array;
}

/// One page request in flight: its result lands in `slot`, and `done` resolves (never
/// rejects, so an abandoned request leaves no unhandled rejection) when it has.
struct InFlight {
    /// The page requested.
    page: i64,
    slot: Rc<RefCell<Option<Result<Js, ItsmError>>>>,
    done: Promise,
}

/// Sends the walk's request for one page: the endpoint's call with its `page` set. Boxed, so
/// that the walk itself is compiled once for every paged endpoint rather than once each (a
/// copy cost about 5 KB gzip of the module).
type PageRequest = Box<dyn Fn(i64) -> Pin<Box<dyn Future<Output = Result<Js, ItsmError>>>>>;

struct State {
    request: PageRequest,
    walk: Walk,
    /// Aborts every request of the walk: fired by `close()` and by the caller's signal.
    controller: AbortController,
    /// Removes the listener on the caller's signal.
    unlink: Option<Function>,
    page_size: i64,
    first_page: i64,
    next_page: i64,
    total_page: Option<i64>,
    total: Option<u32>,
    in_flight: VecDeque<InFlight>,
    delivered: u32,
    /// The ids delivered so far.
    seen: Set,
    done: bool,
}

impl State {
    /// The last page the walk may need: the server's last, or fewer under `maxItems`.
    fn last_page(&self) -> Option<i64> {
        let by_max = self.walk.max_items.map(|max| {
            self.first_page + (i64::from(max) + self.page_size - 1) / self.page_size - 1
        });
        match (self.total_page, by_max) {
            (Some(t), Some(m)) => Some(t.min(m)),
            (t, m) => t.or(m),
        }
    }

    /// Starts requests until `window` are in flight (at most one until the first answer tells
    /// how many pages there are).
    fn top_up(&mut self, window: u32) {
        let window = if self.total_page.is_some() {
            window
        } else {
            window.min(1)
        };
        while !self.done
            && self.in_flight.len() < window as usize
            && self.last_page().is_none_or(|last| self.next_page <= last)
        {
            let page = self.next_page;
            self.next_page += 1;
            let slot = Rc::new(RefCell::new(None));
            let filled = slot.clone();
            let answer = (self.request)(page);
            let done = future_to_promise(async move {
                let result = answer.await;
                if let Ok(mut slot) = filled.try_borrow_mut() {
                    *slot = Some(result);
                }
                Ok(JsValue::UNDEFINED)
            });
            self.in_flight.push_back(InFlight { page, slot, done });
        }
    }

    fn finish(&mut self) {
        self.done = true;
        self.in_flight.clear();
        self.controller.abort();
        if let Some(unlink) = self.unlink.take() {
            let _ = unlink.call0(&JsValue::UNDEFINED);
        }
    }
}

impl Drop for State {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The engine of one walk, whatever the endpoint. Exported for the generator only, not part
/// of the typed API.
#[wasm_bindgen(skip_typescript)]
pub struct Pager {
    /// The next batch, as [`Pager::next_batch`] answers it.
    next: Box<dyn Fn() -> Promise>,
    /// Ends the walk.
    close: Box<dyn Fn()>,
}

fn busy() -> ItsmError {
    ItsmError::new(ErrorKind::Aborted, "the walk was closed")
}

fn aborted() -> ItsmError {
    ItsmError::new(
        ErrorKind::Aborted,
        "the request was aborted by its AbortSignal",
    )
}

/// One walk's state, shared by the pager and the pages in flight.
type Shared = Rc<RefCell<State>>;

/// Starts a walk (nothing is sent until the first batch is asked for).
fn start<E: Endpoint>(mut call: Call<E>, walk: Walk) -> Result<Shared, ItsmError>
where
    E::Params: PagedParams,
{
    {
        let controller = AbortController::new()
            .map_err(|_| ItsmError::new(ErrorKind::Network, "AbortController is not available"))?;
        let mut unlink = None;
        if let Some(signal) = call.common.signal.take() {
            if crate::call::client::signal_aborted(&signal) {
                controller.abort();
            } else {
                unlink = link(&signal, &controller).ok();
            }
        }
        call.common.signal = Some(controller.signal());
        let page_size = call.params.page_size().unwrap_or(DEFAULT_WALK_PAGE_SIZE);
        call.params.set_page_size(page_size);
        let first_page = call.params.page().unwrap_or(1);
        let request: PageRequest = Box::new(move |page| {
            let mut call = call.clone();
            call.params.set_page(page);
            Box::pin(run(call))
        });
        Ok(Rc::new(RefCell::new(State {
            request,
            walk,
            controller,
            unlink,
            page_size,
            first_page,
            next_page: first_page,
            total_page: None,
            total: None,
            in_flight: VecDeque::new(),
            delivered: 0,
            seen: Set::new(&JsValue::UNDEFINED),
            done: false,
        })))
    }
}

/// The next page's items, or `None` when the walk is over.
async fn next(state: &Shared) -> Result<Option<Array>, ItsmError> {
    {
        let next = {
            let mut s = state.try_borrow_mut().map_err(|_| busy())?;
            if s.done {
                return Ok(None);
            }
            if s.controller.signal().aborted() {
                s.finish();
                return Err(aborted());
            }
            let window = s.walk.concurrency.max(1);
            s.top_up(window);
            match s.in_flight.pop_front() {
                Some(next) => next,
                None => {
                    s.finish();
                    return Ok(None);
                }
            }
        };
        let _ = JsFuture::from(next.done).await;
        let result = next.slot.try_borrow_mut().ok().and_then(|mut r| r.take());
        let mut s = state.try_borrow_mut().map_err(|_| busy())?;
        if s.done {
            return Ok(None); // closed while this page was on its way
        }
        let page = match result {
            Some(Ok(page)) => page,
            // Past the end of a result set that shrank since the first page (the first page
            // itself answering so is an error like any other): every page before this one has
            // been delivered, in order, and nothing lies beyond it.
            Some(Err(e)) if next.page > s.first_page && is_invalid_page(&e) => {
                s.finish();
                let progress = s.walk.on_progress.clone().map(|f| (f, s.delivered));
                drop(s);
                if let Some((on_progress, fetched)) = progress {
                    // The total is now what was delivered: the walk is complete.
                    let info = Object::new();
                    let _ = Reflect::set(&info, &"fetched".into(), &fetched.into());
                    let _ = Reflect::set(&info, &"total".into(), &fetched.into());
                    let _ = on_progress.call1(&JsValue::NULL, &info);
                }
                return Ok(None);
            }
            Some(Err(e)) => {
                s.finish();
                return Err(e);
            }
            None => {
                s.finish();
                return Err(busy());
            }
        };
        let number = |key: &'static str| page.get(&Js::key(key)).number().unwrap_or(0.0) as i64;
        let (count, this_page) = (number("count"), number("page"));
        // The first answer sets how many pages the walk requests at most: a server whose
        // every page announces one more page cannot make it request without end. A later
        // answer may lower it (the result set shrank during the walk), never raise it.
        let total_page = s
            .total_page
            .map_or(number("total_page"), |t| t.min(number("total_page")));
        s.total_page = Some(total_page);
        let expected =
            u32::try_from((count - (s.first_page - 1) * s.page_size).max(0)).unwrap_or(u32::MAX);
        s.total = Some(s.walk.max_items.map_or(expected, |m| m.min(expected)));

        let items = page.get(&Js::key("items"));
        let room = s
            .walk
            .max_items
            .map_or(u32::MAX, |m| m.saturating_sub(s.delivered));
        let batch = fresh(&items.0, &s.seen, room);
        if batch.length() == 0 && !items.is_empty() {
            // Only tickets already delivered: the server ignores `page` or repeats pages, and
            // the walk would go on to its last page delivering nothing (thousands of requests
            // a second, with a loop body that never runs again to `break`).
            s.finish();
            let mut e = ItsmError::new(
                ErrorKind::Decode,
                format!(
                    "page {} brought no ticket that the pages before it had not: the server \
                     repeats pages or ignores `page`, so the walk stops",
                    next.page
                ),
            );
            e.attempts = 1;
            return Err(e);
        }
        s.delivered = s.delivered.saturating_add(batch.length());
        let finished = s.walk.max_items.is_some_and(|m| s.delivered >= m)
            || this_page >= total_page
            || items.is_empty();
        if finished {
            s.finish();
        } else {
            // While the consumer reads this batch, the other `concurrency - 1` pages load: with
            // concurrency 1 nothing is requested before the consumer asks for more.
            let ahead = s.walk.concurrency.max(1) - 1;
            s.top_up(ahead);
        }
        let progress = s
            .walk
            .on_progress
            .clone()
            .map(|f| (f, s.delivered, s.total.unwrap_or(0)));
        drop(s);
        if let Some((on_progress, fetched, total)) = progress {
            let info = Object::new();
            let _ = Reflect::set(&info, &"fetched".into(), &fetched.into());
            let _ = Reflect::set(&info, &"total".into(), &total.max(fetched).into());
            // A throwing callback is the caller's bug; it must not break the walk.
            let _ = on_progress.call1(&JsValue::NULL, &info);
        }
        Ok(Some(batch))
    }
}

#[wasm_bindgen]
impl Pager {
    /// The next batch of items, or `undefined` at the end; rejects with an `ItsmError`.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&self) -> Promise {
        (self.next)()
    }

    /// Ends the walk: aborts pages in flight, requests no more.
    pub fn close(&self) {
        (self.close)()
    }
}

impl Pager {
    fn new(state: Shared) -> Pager {
        let closing = state.clone();
        Pager {
            next: Box::new(move || {
                let state = state.clone();
                future_to_promise(async move {
                    match next(&state).await {
                        Ok(Some(batch)) => Ok(batch.into()),
                        Ok(None) => Ok(JsValue::UNDEFINED),
                        Err(e) => Err(to_js(&e)),
                    }
                })
            }),
            close: Box::new(move || {
                if let Ok(mut s) = closing.try_borrow_mut() {
                    s.finish();
                }
            }),
        }
    }
}

/// `iterTickets`: the generator over a prepared walk, or one that throws `error`.
pub(crate) fn iterate<E: Endpoint>(prepared: Result<(Call<E>, Walk), ItsmError>) -> JsValue
where
    E::Params: PagedParams,
{
    generator(prepared.and_then(|(call, walk)| start(call, walk)))
}

fn generator(started: Result<Shared, ItsmError>) -> JsValue {
    match started {
        Ok(state) => walk(Pager::new(state)),
        Err(e) => failing(to_js(&e)),
    }
}

/// `getAllTickets`: every ticket of the walk in one array.
pub(crate) fn collect<E: Endpoint>(prepared: Result<(Call<E>, Walk), ItsmError>) -> Promise
where
    E::Params: PagedParams,
{
    all_items(prepared.and_then(|(call, walk)| start(call, walk)))
}

fn all_items(started: Result<Shared, ItsmError>) -> Promise {
    future_to_promise(async move {
        let state = started.map_err(|e| to_js(&e))?;
        let all = Array::new();
        while let Some(batch) = next(&state).await.map_err(|e| to_js(&e))? {
            for item in batch.iter() {
                all.push(&item);
            }
        }
        Ok(all.into())
    })
}
