//! Contact normalisation and comparison (pure functions).
