//! [`Shared`]: an `Rc` that props compare by pointer.

use std::rc::Rc;

/// An `Rc` that props compare by pointer: a new value is a new allocation, so equality is cheap.
/// The state keeps each piece in one, made once when the piece changes; a child whose pieces did
/// not change gets the same pointers and skips its render.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}
