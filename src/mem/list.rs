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

/// A [`Vec`]'s fields without their item type (its layout starts with them).
#[repr(C)]
struct Raw {
    ptr: *mut u8,
    cap: usize,
    len: usize,
}

/// Grows the block of `v` (items of `size` bytes, aligned to `align`, a type's alignment) to
/// room for `additional` more: one function for every item type (generic code would be
/// copied for each).
#[inline(never)]
fn grow(v: &mut Raw, additional: usize, size: usize, align: usize) {
    if size == 0 {
        v.cap = usize::MAX;
        return;
    }
    let Some(need) = v.len.checked_add(additional) else {
        out_of_memory()
    };
    let new_cap = need.max(v.cap.saturating_mul(2)).max(4);
    // `align` is a type's: a power of two. The new block is the larger, so when its size is
    // valid for a layout (at most `isize::MAX` rounded up to `align`), so is the old one's.
    let Some(bytes) = new_cap
        .checked_mul(size)
        .filter(|&b| b <= isize::MAX as usize - (align - 1))
    else {
        out_of_memory()
    };
    // SAFETY: as just said, both sizes and `align` make valid layouts.
    let (layout, old_layout) = unsafe {
        (
            Layout::from_size_align_unchecked(bytes, align),
            Layout::from_size_align_unchecked(v.cap * size, align),
        )
    };
    // SAFETY: `layout` has a non-zero size (size > 0, cap ≥ 4); the old block, when there is
    // one, was allocated with the layout of `cap` items.
    let block = unsafe {
        if v.cap == 0 {
            alloc::alloc::alloc(layout)
        } else {
            alloc::alloc::realloc(v.ptr, old_layout, layout.size())
        }
    };
    if block.is_null() {
        out_of_memory()
    }
    v.ptr = block;
    v.cap = new_cap;
}

/// A growable array of `T`.
#[repr(C)]
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
        grow(
            self.raw(),
            additional,
            core::mem::size_of::<T>(),
            core::mem::align_of::<T>(),
        );
    }

    /// The fields without the item type, for `grow`.
    fn raw(&mut self) -> &mut Raw {
        // SAFETY: a `Vec` starts with the fields of `Raw` (both `repr(C)`; `NonNull<T>` is a
        // pointer, `repr(transparent)`), and `grow` stores only a non-null block in it (or
        // stops the module).
        unsafe { &mut *(self as *mut Vec<T>).cast::<Raw>() }
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

    /// Drops every item, keeping the room.
    pub(crate) fn clear(&mut self) {
        self.truncate(0);
    }

    /// Drops the items from `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let tail = core::ptr::slice_from_raw_parts_mut(
            // SAFETY: `len < self.len ≤ cap`: within the block.
            unsafe { self.ptr.as_ptr().add(len) },
            self.len - len,
        );
        // The length first: a drop that stopped the module leaves nothing counted twice.
        self.len = len;
        // SAFETY: the items from `len` to the old length are initialised and no longer
        // counted, so each is dropped once.
        unsafe { core::ptr::drop_in_place(tail) };
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
        self.reserve(other.len);
        // SAFETY: `len + other.len ≤ cap` after the reserve; the two blocks are distinct (two
        // vectors never share one), and `other`'s items, moved, are no longer counted there.
        unsafe {
            core::ptr::copy_nonoverlapping(
                other.ptr.as_ptr(),
                self.ptr.as_ptr().add(self.len),
                other.len,
            );
        }
        self.len += other.len;
        other.len = 0;
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

/// Frees the block of `v` (items of `size` bytes, aligned to `align`): one function for every
/// item type, as `grow`.
#[inline(never)]
fn release(v: &Raw, size: usize, align: usize) {
    if v.cap == 0 || size == 0 {
        return;
    }
    // SAFETY: allocated in `grow` with this layout (`cap` items), which it checked.
    unsafe {
        alloc::alloc::dealloc(
            v.ptr,
            Layout::from_size_align_unchecked(v.cap * size, align),
        );
    }
}

impl<T> Drop for Vec<T> {
    fn drop(&mut self) {
        self.clear();
        release(
            self.raw(),
            core::mem::size_of::<T>(),
            core::mem::align_of::<T>(),
        );
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
        let len = self.vec.len;
        // The items are all taken or dropped here: the vector frees only its block.
        self.vec.len = 0;
        if self.at < len {
            // SAFETY: `at < len ≤ cap`: the items from `at` on are initialised and not yet
            // taken, and no longer counted by the vector, so each is dropped once.
            unsafe {
                core::ptr::drop_in_place(core::ptr::slice_from_raw_parts_mut(
                    self.vec.ptr.as_ptr().add(self.at),
                    len - self.at,
                ));
            }
        }
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
        w.truncate(2);
        assert_eq!(w, [7, 7]);
        let mut a: Vec<u8> = crate::mem::vec![1, 2];
        a.append(&mut w);
        assert_eq!(a, [1, 2, 7, 7]);
        assert!(w.is_empty());
    }
}
