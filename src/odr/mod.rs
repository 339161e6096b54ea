//! The ODR REST client (see `docs/odr-api.md` for the API it speaks).
//!
//! Everything but [`client`] is pure: bytes or JSON in, decisions out. [`request`]
//! builds request bodies, [`response`] parses success payloads, [`envelope`]
//! classifies the envelope around them.

pub mod client;
pub mod dates;
pub mod envelope;
pub mod mask;
pub mod pacing;
pub mod paging;
pub mod request;
pub mod response;
pub mod signature;
pub mod url;
