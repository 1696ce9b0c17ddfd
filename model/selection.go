package model

// Reselect returns the cursor for a refreshed list: the index of the entry
// with the selected key when it is still there, else the old cursor clamped
// to the list, so that the operator's place is kept. It returns 0 for an
// empty list. When the key is found more than once, the occurrence nearest
// the old cursor wins.
func Reselect(bk Bucket, entries []Entry, key string, oldCursor int) int {
	return ReselectIn(bk, len(entries), func(i int) *Entry { return &entries[i] }, key, oldCursor)
}

// ReselectIn is Reselect over a list of n rows whose i-th entry is at(i),
// such as a filtered view. It looks outward from the old cursor, so that an
// entry that stayed near its place (the common case) is found after a few
// rows rather than a scan of the whole list.
func ReselectIn(bk Bucket, n int, at func(int) *Entry, key string, oldCursor int) int {
	if n == 0 {
		return 0
	}
	if key != "" {
		for d := 0; ; d++ {
			lo, hi := oldCursor-d, oldCursor+d
			if lo < 0 && hi >= n {
				break
			}
			if lo >= 0 && lo < n && HasKey(bk, at(lo), key) {
				return lo // on a tie, the earlier row
			}
			if d > 0 && hi >= 0 && hi < n && HasKey(bk, at(hi), key) {
				return hi
			}
		}
	}
	return clamp(oldCursor, 0, n-1)
}

// Scroll returns the first visible row of a list of n rows shown height at a
// time, so that cursor is visible: it keeps the cursor's row on screen where
// it was (oldCursor - oldOffset) when it can, then clamps to the list.
func Scroll(cursor, oldCursor, oldOffset, height, n int) int {
	if height <= 0 || n <= 0 {
		return 0
	}
	row := clamp(oldCursor-oldOffset, 0, height-1)
	off := cursor - row
	return clamp(off, 0, max(0, n-height))
}

// Follow returns the first visible row after the cursor moved within the
// same list: the view scrolls only as far as needed to keep it visible.
func Follow(cursor, offset, height, n int) int {
	if height <= 0 || n <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return clamp(offset, 0, max(0, n-height))
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
