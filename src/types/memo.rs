//! `Memo`: something worked out from a value's own fields, kept beside them so that it is
//! worked out once. It takes no part in comparing the value (two memos are always equal) and
//! prints as `Memo`: what it holds follows from the fields, or is a note about them that the
//! value's identity does not include.

use std::sync::OnceLock;

/// A value worked out at most once (see the module documentation).
#[derive(Clone)]
pub struct Memo<T>(OnceLock<T>);

impl<T> Memo<T> {
    /// An empty memo.
    pub(crate) const fn new() -> Self {
        Memo(OnceLock::new())
    }

    /// The value, worked out by `make` the first time it is asked for.
    pub(crate) fn get_or_init(&self, make: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(make)
    }

    /// The value, when it was worked out.
    pub(crate) fn get(&self) -> Option<&T> {
        self.0.get()
    }

    /// Holds `value` from now on, whatever it held.
    pub(crate) fn set(&mut self, value: T) {
        self.0 = OnceLock::from(value);
    }
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo::new()
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Memo<T> {}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn a_memo_is_worked_out_once_and_never_compared() {
        let memo = Memo::new();
        assert_eq!(memo.get(), None);
        assert_eq!(*memo.get_or_init(|| 1), 1);
        assert_eq!(*memo.get_or_init(|| 2), 1, "worked out once");
        assert_eq!(memo, Memo::default(), "equal to an empty one");
        assert_eq!(format!("{memo:?}"), "Memo");
        let mut memo = memo;
        memo.set(3);
        assert_eq!(memo.get(), Some(&3));
    }
}
