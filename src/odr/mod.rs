//! The ODR REST client (see `docs/odr-api.md` for the API it speaks).
//!
//! Everything but [`client`] is pure: bytes or JSON in, decisions out.

pub mod body;
pub mod client;
pub mod dates;
pub mod envelope;
pub mod mask;
pub mod model;
pub mod pacing;
pub mod paging;
pub mod signature;
pub mod url;
