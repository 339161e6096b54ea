//! GET /domain/: `classify` + `response::list_items` + `response::domain_summary` per
//! item + `paging::next_page` on the `X-Pagination-*` headers (input: an HTTP
//! response as text; a pseudo-header `X-Fuzz-Requested: N` sets the page that was
//! asked for, default 1).
//!
//! Invariants: never panics (an overflow in the page arithmetic is a panic
//! here, since the targets build with overflow checks); a summary's domain is
//! non-empty, has a dot and no ASCII upper case; an expiry is the date written;
//! an empty page or a response without paging headers ends the list; a next
//! page given by `TotalPages`/`Last` is after the current page and at most the
//! last; `page_number` of a plain number is that number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odr_registrar::odr::envelope::{classify, header};
use odr_registrar::odr::paging::{next_page, page_number, Next};
use odr_registrar::odr::response;

fuzz_target!(|data: &[u8]| {
    let r = odr_registrar_fuzz::http_response(data);
    let requested = header(&r.headers, "X-Fuzz-Requested")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1);

    for (name, value) in &r.headers {
        let n = page_number(value);
        if let Ok(plain) = value.trim().parse::<u32>() {
            assert_eq!(n, Some(plain), "{name}: {value:?}");
        }
    }

    let count = match classify(r.status, &r.headers, r.body) {
        Ok(reply) => match response::list_items(&reply.payload) {
            Ok(items) => {
                for item in &items {
                    if let Ok(s) = response::domain_summary(item) {
                        assert!(!s.domain.is_empty());
                        assert!(s.domain.contains('.'), "{:?}", s.domain);
                        assert!(!s.domain.bytes().any(|b| b.is_ascii_uppercase()));
                        if let Ok(Some(date)) = s.expiry {
                            let text = odr_registrar_fuzz::expiry_text(item)
                                .expect("an expiry without a date string");
                            odr_registrar_fuzz::assert_date_as_written(date, text);
                        }
                    }
                    let _ = response::contact_list_item(item);
                }
                items.len()
            }
            Err(_) => return,
        },
        Err(_) => return,
    };

    let next = next_page(requested, &r.headers, count);
    let paging = |name: &str| header(&r.headers, name).is_some();
    let last = header(&r.headers, "X-Pagination-TotalPages")
        .and_then(page_number)
        .or_else(|| header(&r.headers, "X-Pagination-Last").and_then(page_number));
    if count == 0 {
        // An empty page ends the list, incomplete when more pages were announced.
        let expected = match last {
            Some(l) if l > requested => Next::Incomplete,
            _ => Next::Done,
        };
        assert_eq!(next, expected);
    } else if !(paging("X-Pagination-TotalPages")
        || paging("X-Pagination-Last")
        || paging("X-Pagination-Next"))
    {
        assert_eq!(next, Next::Done);
    }
    if let (Some(last), Next::Page(n)) = (last, next) {
        assert!(n <= last, "page {n} after the last page {last}");
        assert!(n > requested, "page {n} does not move past {requested}");
    }
});
