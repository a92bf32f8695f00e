//! [`Vec`]: a growable array, with no path that panics (see `mem/mod.rs`).

use core::alloc::Layout;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

/// Stops the module where a collection could not grow (out of memory, or a size past the
/// address space): no message, no formatting.
#[cold]
fn out_of_memory() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::abort();
}

/// Grows the block at `ptr` of `cap` items of `size` bytes (aligned to `align`), `len` of them
/// used, to room for `additional` more: one function for every item type (generic code would
/// be copied for each).
#[inline(never)]
fn grow(
    ptr: &mut *mut u8,
    cap: &mut usize,
    len: usize,
    additional: usize,
    size: usize,
    align: usize,
) {
    if size == 0 {
        *cap = usize::MAX;
        return;
    }
    let Some(need) = len.checked_add(additional) else {
        out_of_memory()
    };
    let new_cap = need.max(cap.saturating_mul(2)).max(4);
    let (Some(bytes), Some(old)) = (new_cap.checked_mul(size), cap.checked_mul(size)) else {
        out_of_memory()
    };
    let (Ok(layout), Ok(old_layout)) = (
        Layout::from_size_align(bytes, align),
        Layout::from_size_align(old, align),
    ) else {
        out_of_memory()
    };
    // SAFETY: `layout` has a non-zero size (size > 0, cap ≥ 4); the old block, when there is
    // one, was allocated with the layout of `cap` items.
    let block = unsafe {
        if *cap == 0 {
            alloc::alloc::alloc(layout)
        } else {
            alloc::alloc::realloc(*ptr, old_layout, layout.size())
        }
    };
    if block.is_null() {
        out_of_memory()
    }
    *ptr = block;
    *cap = new_cap;
}

/// A growable array of `T`.
pub(crate) struct Vec<T> {
    ptr: NonNull<T>,
    cap: usize,
    len: usize,
    owns: PhantomData<T>,
}

impl<T> Vec<T> {
    /// An empty array (allocates nothing).
    pub(crate) const fn new() -> Vec<T> {
        Vec {
            ptr: NonNull::dangling(),
            cap: 0,
            len: 0,
            owns: PhantomData,
        }
    }

    /// An empty array with room for `cap` items.
    pub(crate) fn with_capacity(cap: usize) -> Vec<T> {
        let mut v = Vec::new();
        v.reserve(cap);
        v
    }

    /// Makes room for `additional` more items.
    pub(crate) fn reserve(&mut self, additional: usize) {
        if self.cap - self.len >= additional {
            return;
        }
        let mut ptr = self.ptr.as_ptr().cast::<u8>();
        grow(
            &mut ptr,
            &mut self.cap,
            self.len,
            additional,
            core::mem::size_of::<T>(),
            core::mem::align_of::<T>(),
        );
        // `grow` returns a non-null block or stops the module.
        if let Some(p) = NonNull::new(ptr.cast::<T>()) {
            self.ptr = p;
        }
    }

    /// Adds `bytes` at the end (an array of bytes).
    pub(crate) fn extend_from_bytes(&mut self, bytes: &[u8])
    where
        T: Copy,
    {
        if core::mem::size_of::<T>() != 1 {
            return;
        }
        self.reserve(bytes.len());
        // SAFETY: T is one byte wide and `Copy` (u8); `len + bytes.len() <= cap` after the
        // reserve, and the source cannot overlap the fresh room.
        unsafe {
            core::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                self.ptr.as_ptr().add(self.len).cast::<u8>(),
                bytes.len(),
            );
        }
        self.len += bytes.len();
    }

    /// Adds `item` at the end.
    pub(crate) fn push(&mut self, item: T) {
        if self.len == self.cap {
            self.reserve(1);
        }
        // SAFETY: `len < cap` after the reserve: the slot is allocated and not initialised.
        unsafe { self.ptr.as_ptr().add(self.len).write(item) };
        self.len += 1;
    }

    /// Removes and returns the last item.
    pub(crate) fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        // SAFETY: the slot at the old last index is initialised, and no longer counted.
        Some(unsafe { self.ptr.as_ptr().add(self.len).read() })
    }

    /// Drops every item, keeping the room.
    pub(crate) fn clear(&mut self) {
        self.truncate(0);
    }

    /// Drops the items from `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        while self.len > len {
            drop(self.pop());
        }
    }

    /// Keeps the items for which `keep` is true, in order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let mut kept = 0;
        for i in 0..self.len {
            // SAFETY: `i < len`: initialised; every slot is read once and either written back
            // at `kept ≤ i` or dropped.
            unsafe {
                let item = self.ptr.as_ptr().add(i).read();
                if keep(&item) {
                    self.ptr.as_ptr().add(kept).write(item);
                    kept += 1;
                } else {
                    drop(item);
                }
            }
        }
        self.len = kept;
    }

    /// Adds every item of `items` at the end.
    pub(crate) fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        for item in items {
            self.push(item);
        }
    }

    /// Moves every item of `other` to the end.
    pub(crate) fn append(&mut self, other: &mut Vec<T>) {
        self.extend(core::mem::take(other));
    }

    /// The items.
    pub(crate) fn as_slice(&self) -> &[T] {
        self
    }
}

impl<T: Clone> Vec<T> {
    /// Makes it `len` long, filling with `value`.
    pub(crate) fn resize(&mut self, len: usize, value: T) {
        self.truncate(len);
        self.reserve(len.saturating_sub(self.len));
        while self.len < len {
            self.push(value.clone());
        }
    }
}

impl<T> Drop for Vec<T> {
    fn drop(&mut self) {
        self.clear();
        if self.cap != 0 && core::mem::size_of::<T>() != 0 {
            if let Ok(layout) = Layout::array::<T>(self.cap) {
                // SAFETY: allocated with this layout in `reserve`.
                unsafe { alloc::alloc::dealloc(self.ptr.as_ptr().cast(), layout) };
            }
        }
    }
}

impl<T> Deref for Vec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `len` items from `ptr` are initialised (or `ptr` is dangling and `len` 0).
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T> DerefMut for Vec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as `deref`, and `&mut self` is unique.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T> Default for Vec<T> {
    fn default() -> Self {
        Vec::new()
    }
}

impl<T: Clone> Clone for Vec<T> {
    fn clone(&self) -> Self {
        let mut v = Vec::with_capacity(self.len);
        for item in self.iter() {
            v.push(item.clone());
        }
        v
    }
}

impl<T: PartialEq> PartialEq for Vec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for Vec<T> {}

impl<T: PartialEq, const N: usize> PartialEq<[T; N]> for Vec<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for Vec<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl<T> FromIterator<T> for Vec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut v = Vec::new();
        v.extend(items);
        v
    }
}

impl<'a, T> IntoIterator for &'a Vec<T> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Vec<T> {
    type Item = &'a mut T;
    type IntoIter = core::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// The items of a [`Vec`], taken in order.
pub(crate) struct IntoIter<T> {
    vec: Vec<T>,
    at: usize,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        if self.at >= self.vec.len {
            return None;
        }
        // SAFETY: `at < len`: initialised and not yet taken; `Drop` below drops only the rest.
        let item = unsafe { self.vec.ptr.as_ptr().add(self.at).read() };
        self.at += 1;
        Some(item)
    }
}

impl<T> Drop for IntoIter<T> {
    fn drop(&mut self) {
        while self.next().is_some() {}
        // The items are all taken: the vector frees only its block.
        self.vec.len = 0;
    }
}

impl<T> IntoIterator for Vec<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;
    fn into_iter(self) -> IntoIter<T> {
        IntoIter { vec: self, at: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_drops_and_iterates() {
        let mut v: Vec<alloc::string::String> = Vec::new();
        for i in 0..100 {
            v.push(alloc::format!("{i}"));
        }
        assert_eq!(v.len(), 100);
        assert_eq!(v[99], "99");
        v.retain(|s| s.len() == 1);
        assert_eq!(v.len(), 10);
        let taken: Vec<alloc::string::String> = v.into_iter().skip(5).collect();
        assert_eq!(taken.len(), 5);
        let mut w = Vec::new();
        w.resize(3, 7u8);
        assert_eq!(w, [7, 7, 7]);
        assert_eq!(w.pop(), Some(7));
        let mut a: Vec<u8> = crate::mem::vec![1, 2];
        a.append(&mut w);
        assert_eq!(a, [1, 2, 7, 7]);
        assert!(w.is_empty());
    }
}
