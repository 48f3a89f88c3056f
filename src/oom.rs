//! The allocator: the system's, telling the page when wasm memory runs out. Running out aborts the
//! app without a panic hook, so without this the page could not say why the app stopped.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, watched.
pub struct Watched;

// SAFETY: every call is the system allocator's, with the same arguments; only a failed one is
// reported, which allocates nothing.
unsafe impl GlobalAlloc for Watched {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `alloc`.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            crate::dom::out_of_memory(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `alloc_zeroed`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            crate::dom::out_of_memory(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as the caller promised for `dealloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as the caller promised for `realloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            crate::dom::out_of_memory(new_size);
        }
        p
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: Watched = Watched;
