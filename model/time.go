package model

import "time"

// ParseTime reads a timestamp of the API. No format is promised, so it
// reports false for anything it cannot read; callers then show the text.
func ParseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Elapsed is how long the batch has run by now: since created_at, or until
// updated_at once it has finished. It reports false when the times cannot be
// read.
func Elapsed(b *Batch, now time.Time) (time.Duration, bool) {
	start, ok := ParseTime(b.CreatedAt)
	if !ok {
		return 0, false
	}
	end := now
	if Finished(b) {
		if u, ok := ParseTime(b.UpdatedAt); ok {
			end = u
		}
	}
	return max(end.Sub(start), 0), true
}
