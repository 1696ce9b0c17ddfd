package model

import "strings"

// Haystack is the lower-cased text a filter matches against: label, path
// and message, separated so that a query cannot match across two of them.
func Haystack(e *Entry) string {
	return strings.ToLower(e.Label + "\x00" + e.Path.String + "\x00" + e.Message)
}

// Haystacks builds the haystack of every entry, once per list of entries:
// all in one buffer, so that 40,000 entries cost one allocation, not 40,000.
func Haystacks(es []Entry) []string {
	size := 0
	for i := range es {
		size += len(es[i].Label) + len(es[i].Path.String) + len(es[i].Message) + 2
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(es))
	for i := range es {
		e := &es[i]
		buf = appendLower(buf, e.Label)
		buf = append(buf, 0)
		buf = appendLower(buf, e.Path.String)
		buf = append(buf, 0)
		buf = appendLower(buf, e.Message)
		ends[i] = len(buf)
	}
	all := string(buf)
	out := make([]string, len(es))
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}

// appendLower appends s lower-cased, without allocating for ASCII.
func appendLower(buf []byte, s string) []byte {
	n := len(buf)
	buf = append(buf, s...)
	for i := n; i < len(buf); i++ {
		c := buf[i]
		if c >= 0x80 {
			return append(buf[:n], strings.ToLower(s)...)
		}
		if 'A' <= c && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	return buf
}

// Match returns the indices of the entries whose label, path or message
// contains query, case-insensitively, in order. An empty query matches all.
func Match(hay []string, query string) []int32 {
	q := strings.ToLower(query)
	out := make([]int32, 0, len(hay)/4)
	for i, h := range hay {
		if strings.Contains(h, q) {
			out = append(out, int32(i))
		}
	}
	return out
}
