package api

import (
	"errors"
	"time"
)

// MaxBackoff caps the wait between retries of a transient error.
const MaxBackoff = 60 * time.Second

// RetryDelay is the retry policy shared by the dashboard and --wait. After
// the failures-th consecutive retryable error it returns how long to wait:
// for a rate limit, what the server asked (at least the interval; the server's
// ask is already capped at 10 minutes); otherwise exponential backoff that
// starts at the interval, doubles, is capped at MaxBackoff and is spread by
// ±20% using jitter, a number in [0, 1).
func RetryDelay(err error, failures int, interval time.Duration, jitter float64) time.Duration {
	if ra := RetryAfter(err); ra > 0 && errors.Is(err, ErrRateLimited) {
		return max(ra, interval)
	}
	d := interval
	for i := 1; i < failures && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	spread := time.Duration(float64(d) * (0.8 + 0.4*jitter))
	return min(spread, MaxBackoff)
}
