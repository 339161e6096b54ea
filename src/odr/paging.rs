//! Interpretation of ODR's `X-Pagination-*` headers (docs/odr-api.md §5.5).
//!
//! The header values may be page numbers or URLs carrying `page=N`; names are
//! matched case-insensitively. Without any paging header a list is one page.

use super::envelope::header;

/// The most pages the client reads from one list (a loop guard).
pub const MAX_PAGES: u32 = 1000;

/// A page number from a header value: a number, or a URL with `page=N`.
pub fn page_number(value: &str) -> Option<u32> {
    let value = value.trim();
    if let Ok(n) = value.parse::<u32>() {
        return Some(n);
    }
    // `...?page=3`, `...&page=3/`, `...&page%3D3`: the last `page=` wins.
    let lower = value.to_ascii_lowercase().replace("%3d", "=");
    let mut found = None;
    let mut rest = lower.as_str();
    while let Some(pos) = rest.find("page=") {
        let boundary_ok =
            pos == 0 || matches!(rest.as_bytes().get(pos - 1), Some(b'?' | b'&' | b';'));
        let after = rest.get(pos + 5..).unwrap_or("");
        if boundary_ok {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse::<u32>() {
                found = Some(n);
            }
        }
        rest = after;
    }
    found
}

/// What to do after reading page `requested` with `item_count` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Read this page next.
    Page(u32),
    /// That was the last page.
    Done,
    /// The list broke off: an empty page before the announced last page. What
    /// was read is not the whole list (and must not confirm any absence).
    Incomplete,
}

/// Decide whether another page follows:
/// - an empty page ends the list, unless `TotalPages` (or `Last`) announced
///   more pages: then the list is incomplete;
/// - `TotalPages` (or `Last`) gives the last page;
/// - else `Next` gives the next page (a value that does not move forward ends
///   the list; a non-empty value without a number means "the page after");
/// - without paging headers the list has one page.
pub fn next_page(requested: u32, headers: &[(String, String)], item_count: usize) -> Next {
    let announced_last = || {
        header(headers, "X-Pagination-TotalPages")
            .and_then(page_number)
            .or_else(|| header(headers, "X-Pagination-Last").and_then(page_number))
    };
    if item_count == 0 {
        return match announced_last() {
            Some(last) if last > requested => Next::Incomplete,
            _ => Next::Done,
        };
    }
    let current = header(headers, "X-Pagination-CurrentPage")
        .and_then(page_number)
        .filter(|&c| c > 0)
        .unwrap_or(requested);
    if let Some(last) = announced_last() {
        return if current < last && current >= requested {
            Next::Page(current + 1)
        } else {
            Next::Done
        };
    }
    match header(headers, "X-Pagination-Next") {
        Some(v)
            if !v.is_empty()
                && !v.eq_ignore_ascii_case("null")
                && !v.eq_ignore_ascii_case("false") =>
        {
            match page_number(v) {
                Some(n) if n > current => Next::Page(n),
                Some(_) => Next::Done,
                // A page number past u32::MAX cannot be asked for: the list ends there.
                None => current.checked_add(1).map_or(Next::Done, Next::Page),
            }
        }
        _ => Next::Done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn page_numbers_from_numbers_and_urls() {
        assert_eq!(page_number(" 3 "), Some(3));
        assert_eq!(
            page_number("https://api.opendomainregistry.net/domain/?page=4"),
            Some(4)
        );
        assert_eq!(page_number("/domain/?o%5Bid%5D=ASC&page=5/"), Some(5));
        assert_eq!(page_number("/domain/?page%3D6"), Some(6));
        assert_eq!(page_number("/domain/?perpage=9"), None);
        assert_eq!(page_number("/domain/?perpage=9&page=2"), Some(2));
        assert_eq!(page_number(""), None);
        assert_eq!(page_number("page=99999999999999"), None);
    }

    #[test]
    fn total_pages_drives_the_loop() {
        let headers = h(&[
            ("X-Pagination-TotalPages", "3"),
            ("X-Pagination-CurrentPage", "1"),
        ]);
        assert_eq!(next_page(1, &headers, 10), Next::Page(2));
        let headers = h(&[
            ("x-pagination-totalpages", "3"),
            ("x-pagination-currentpage", "3"),
        ]);
        assert_eq!(next_page(3, &headers, 10), Next::Done);
        let headers = h(&[("X-Pagination-TotalPages", "3")]);
        assert_eq!(next_page(2, &headers, 10), Next::Page(3));
        // Last as a URL stands in for TotalPages.
        let headers = h(&[("X-Pagination-Last", "https://x/domain/?page=2")]);
        assert_eq!(next_page(1, &headers, 10), Next::Page(2));
        assert_eq!(next_page(2, &headers, 10), Next::Done);
    }

    #[test]
    fn a_server_that_clamps_the_page_stops_the_loop() {
        let headers = h(&[
            ("X-Pagination-TotalPages", "5"),
            ("X-Pagination-CurrentPage", "2"),
        ]);
        assert_eq!(next_page(3, &headers, 10), Next::Done);
    }

    #[test]
    fn next_header_numbers_urls_and_blanks() {
        assert_eq!(
            next_page(1, &h(&[("X-Pagination-Next", "2")]), 5),
            Next::Page(2)
        );
        assert_eq!(
            next_page(1, &h(&[("X-Pagination-Next", "/domain/?page=2")]), 5),
            Next::Page(2)
        );
        assert_eq!(
            next_page(2, &h(&[("X-Pagination-Next", "")]), 5),
            Next::Done
        );
        assert_eq!(
            next_page(2, &h(&[("X-Pagination-Next", "null")]), 5),
            Next::Done
        );
        assert_eq!(
            next_page(2, &h(&[("X-Pagination-Next", "2")]), 5),
            Next::Done
        );
        assert_eq!(
            next_page(2, &h(&[("X-Pagination-Next", "/domain/next")]), 5),
            Next::Page(3)
        );
    }

    /// Fuzz finding (docs/fuzzing.md, input in
    /// fuzz/regressions/domain_list/): `X-Pagination-CurrentPage: 4294967295`
    /// with a `Next` that holds no page number, and no `TotalPages`/`Last`,
    /// overflows `current + 1`: a panic wherever overflow checks are on (tests,
    /// fuzzing); in the release component it wraps to page 0, which the client
    /// takes as the end of an incomplete list.
    #[test]
    fn a_current_page_of_u32_max_does_not_overflow() {
        let headers = h(&[
            ("X-Pagination-CurrentPage", "4294967295"),
            ("X-Pagination-Next", "more"),
        ]);
        assert_eq!(next_page(1, &headers, 1), Next::Done);
    }

    #[test]
    fn empty_page_or_no_headers_end_the_list() {
        assert_eq!(next_page(1, &[], 0), Next::Done);
        assert_eq!(next_page(1, &[], 100), Next::Done);
        // An empty last page (or past it) ends the list too.
        let headers = h(&[("X-Pagination-TotalPages", "3")]);
        assert_eq!(next_page(3, &headers, 0), Next::Done);
        assert_eq!(next_page(4, &headers, 0), Next::Done);
    }

    #[test]
    fn an_empty_page_before_the_announced_last_page_is_an_incomplete_list() {
        let headers = h(&[("X-Pagination-TotalPages", "9")]);
        assert_eq!(next_page(1, &headers, 0), Next::Incomplete);
        assert_eq!(next_page(8, &headers, 0), Next::Incomplete);
        let headers = h(&[("X-Pagination-Last", "?page=4")]);
        assert_eq!(next_page(2, &headers, 0), Next::Incomplete);
    }
}
