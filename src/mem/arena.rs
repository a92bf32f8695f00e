//! The module's allocator: an arena from the end of the module's static data, emptied after
//! every call (`exports.rs`), since nothing lives from one call to the next. Allocating moves
//! a pointer (growing the memory when it must); freeing the last block moves it back, so a
//! text that grows at the top of the arena grows in place.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;

/// The arena: where its free space starts (0 until first used).
pub(crate) struct Arena {
    top: Cell<usize>,
}

// SAFETY: the module runs on one thread (wasm32-unknown-unknown without the atomics feature).
unsafe impl Sync for Arena {}

extern "C" {
    /// Where the linker put the end of the static data and the stack: the heap starts here.
    static __heap_base: u8;
}

fn heap_base() -> usize {
    // Only the symbol's address is taken (no read: safe).
    core::ptr::addr_of!(__heap_base) as usize
}

const PAGE: usize = 65_536;

impl Arena {
    /// An arena that starts at the heap's base on first use.
    pub(crate) const fn new() -> Arena {
        Arena { top: Cell::new(0) }
    }

    /// Frees everything (no block may be in use).
    pub(crate) fn reset(&self) {
        self.top.set(heap_base());
    }

    fn top(&self) -> usize {
        match self.top.get() {
            0 => heap_base(),
            top => top,
        }
    }

    /// Makes sure the memory reaches `end`; `false` when it cannot grow that far.
    fn reach(end: usize) -> bool {
        let have = core::arch::wasm32::memory_size(0) * PAGE;
        if end <= have {
            return true;
        }
        let pages = (end - have).div_ceil(PAGE);
        core::arch::wasm32::memory_grow(0, pages) != usize::MAX
    }
}

// SAFETY: blocks never overlap: each starts at or after the top, which only moves back when
// the last block is freed or the arena is reset with nothing in use.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let align = layout.align();
        let start = (self.top() + align - 1) & !(align - 1);
        let Some(end) = start.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        if !Arena::reach(end) {
            return core::ptr::null_mut();
        }
        self.top.set(end);
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ptr as usize + layout.size() == self.top() {
            self.top.set(ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let at = ptr as usize;
        if at + layout.size() == self.top() {
            // The last block: it grows (or shrinks) where it is.
            let Some(end) = at.checked_add(size) else {
                return core::ptr::null_mut();
            };
            if !Arena::reach(end) {
                return core::ptr::null_mut();
            }
            self.top.set(end);
            return ptr;
        }
        let Ok(new_layout) = Layout::from_size_align(size, layout.align()) else {
            return core::ptr::null_mut();
        };
        // SAFETY: a fresh block of `size` bytes, which cannot overlap the old one.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are at least `min(old, new)` bytes long, and distinct.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(size)) };
        }
        new
    }
}
