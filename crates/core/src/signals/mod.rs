//! Trading signals (in progress).
