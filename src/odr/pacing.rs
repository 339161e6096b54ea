//! Politeness: one limiter for every request the component sends (pure).
//!
//! ODR's own client warns that too many requests at once can get an account
//! banned; its docs name no limit. The limiter is one rule with two numbers:
//! at most [`MAX_IN_FLIGHT`] requests in flight at once (a domain search sends
//! its checks together), and a token bucket of [`BURST`] requests (a full
//! search with its login) after which requests leave at the configured rate. An action (a login and an
//! order, a search) never waits; long loops (paging through a large account,
//! contact list pages) are spread out. The wait across cron runs that ODR asks for with
//! `Retry-After` is kept in `state` by the client (see `Client::exchange`).

/// Requests per second when the settings give 0.
pub const DEFAULT_REQUESTS_PER_SECOND: u32 = 2;
/// The most requests in flight at once: a domain search sends its checks
/// together, up to this many.
pub const MAX_IN_FLIGHT: usize = 20;
/// Requests that may leave at once before the rate applies: one full batch in
/// flight plus the few requests an action adds around it (a login, the price
/// list's two reads, a retry), so that a search of up to [`MAX_IN_FLIGHT`]
/// TLDs never waits, cold or warm.
pub const BURST: u32 = MAX_IN_FLIGHT as u32 + 4;

/// The token bucket of one call. Tokens are counted in thousandths, times in
/// milliseconds of a monotonic clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pacer {
    rate_per_second: u64,
    milli_tokens: u64,
    last_ms: Option<u64>,
}

impl Pacer {
    /// A full bucket for `rate_per_second` (0: [`DEFAULT_REQUESTS_PER_SECOND`]).
    pub fn new(rate_per_second: u32) -> Pacer {
        let rate = match rate_per_second {
            0 => DEFAULT_REQUESTS_PER_SECOND,
            r => r,
        };
        Pacer {
            rate_per_second: u64::from(rate),
            milli_tokens: u64::from(BURST) * 1000,
            last_ms: None,
        }
    }

    /// Take one request's token at `now_ms`; returns how many milliseconds to
    /// wait before sending it (0 while the burst lasts).
    pub fn take(&mut self, now_ms: u64) -> u32 {
        let full = u64::from(BURST) * 1000;
        if let Some(last) = self.last_ms {
            // ms × requests/s = thousandths of a request.
            let earned = now_ms
                .saturating_sub(last)
                .saturating_mul(self.rate_per_second);
            self.milli_tokens = self.milli_tokens.saturating_add(earned).min(full);
        }
        if self.milli_tokens >= 1000 {
            self.milli_tokens -= 1000;
            self.last_ms = Some(now_ms.max(self.last_ms.unwrap_or(0)));
            return 0;
        }
        let missing = 1000 - self.milli_tokens;
        let wait = missing.div_ceil(self.rate_per_second);
        self.milli_tokens = 0;
        self.last_ms = Some(now_ms.saturating_add(wait));
        u32::try_from(wait).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Send `n` requests back to back, waiting as told: the send times.
    fn send_times(pacer: &mut Pacer, n: usize) -> Vec<u64> {
        let mut now = 0;
        (0..n)
            .map(|_| {
                now += u64::from(pacer.take(now));
                now
            })
            .collect()
    }

    #[test]
    fn the_burst_goes_at_once_then_the_rate_applies() {
        let mut pacer = Pacer::new(2);
        let times = send_times(&mut pacer, 28);
        assert_eq!(times[..24], [0; 24]);
        assert_eq!(times[24..], [500, 1000, 1500, 2000]);
    }

    #[test]
    fn idle_time_refills_up_to_the_burst_only() {
        let mut pacer = Pacer::new(4);
        for _ in 0..BURST {
            assert_eq!(pacer.take(0), 0);
        }
        assert_eq!(pacer.take(0), 250);
        // A long pause refills the bucket, but never beyond the burst.
        for _ in 0..BURST {
            assert_eq!(pacer.take(60_000), 0);
        }
        assert_eq!(pacer.take(60_000), 250);
    }

    #[test]
    fn zero_means_the_default_and_a_clock_going_back_never_panics() {
        assert_eq!(Pacer::new(0), Pacer::new(DEFAULT_REQUESTS_PER_SECOND));
        let mut pacer = Pacer::new(1);
        for _ in 0..BURST {
            pacer.take(10_000);
        }
        assert_eq!(pacer.take(5), 1000, "an earlier time earns nothing");
        let mut fast = Pacer::new(u32::MAX);
        let times = send_times(&mut fast, 100);
        assert!(times.windows(2).all(|w| w[1] - w[0] <= 1), "{times:?}");
    }

    #[test]
    fn a_hundred_pages_at_the_default_rate_take_under_a_minute() {
        let mut pacer = Pacer::new(0);
        let times = send_times(&mut pacer, 100);
        assert_eq!(
            times.last(),
            Some(&38_000),
            "76 pages after the burst, 2 a second"
        );
    }
}
