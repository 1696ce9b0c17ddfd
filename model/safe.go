package model

import (
	"strings"
	"unicode/utf8"
)

// Safe returns s made safe to print to a terminal on one line: escape
// sequences (CSI, OSC, DCS and the rest, in their 7-bit and 8-bit forms) are
// removed whole, other C0 and C1 controls and bidi overrides are dropped, tabs
// and line breaks become spaces, and invalid UTF-8 becomes U+FFFD. Printable
// Unicode, wide characters and emoji included, is kept. Every string from the
// server passes through here before any renderer sees it.
func Safe(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			n = skipEscape(s, i)
		case r == 0x9b, r == 0x9d, r == 0x90, r == 0x98, r == 0x9e, r == 0x9f:
			n = skipC1Sequence(s, i, r, n)
		case r == '\t' || r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r):
			// dropped
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// skipEscape returns the length of the escape sequence starting with the ESC
// at s[i].
func skipEscape(s string, i int) int {
	j := i + 1
	if j >= len(s) {
		return 1
	}
	switch s[j] {
	case '[':
		return skipCSI(s, j+1) - i
	case ']', 'P', 'X', '^', '_':
		return skipString(s, j+1) - i
	}
	// nF/Fp/Fe/Fs: intermediates then one final byte.
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		j++
	}
	return j - i
}

// skipC1Sequence handles the 8-bit introducers CSI, OSC, DCS, SOS, PM and APC.
func skipC1Sequence(s string, i int, r rune, n int) int {
	if r == 0x9b {
		return skipCSI(s, i+n) - i
	}
	return skipString(s, i+n) - i
}

// skipCSI returns the index after a CSI sequence's final byte, whose
// parameters start at j. A malformed sequence ends at the first byte that
// cannot belong to it, which is then read as ordinary text.
func skipCSI(s string, j int) int {
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		j++
	}
	return j
}

// skipString returns the index after a control string (OSC, DCS, …) whose
// body starts at j: it ends at BEL, ESC \ or the 8-bit ST, or at the end of s.
func skipString(s string, j int) int {
	for j < len(s) {
		switch {
		case s[j] == 0x07:
			return j + 1
		case s[j] == 0x1b:
			if j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
			return j // a new sequence starts; let the caller see it
		case s[j] == 0xc2 && j+1 < len(s) && s[j+1] == 0x9c:
			return j + 2
		}
		j++
	}
	return j
}

// SafeNull is Safe over a nullable string, keeping null as null.
func SafeNull(n NullString) NullString {
	n.String = Safe(n.String)
	return n
}

// Sanitize makes every server string in the batch safe to print, in place.
func (b *Batch) Sanitize() {
	b.ID = Safe(b.ID)
	b.ProjectID = Safe(b.ProjectID)
	b.Target = SafeNull(b.Target)
	b.CreatedAt = Safe(b.CreatedAt)
	b.UpdatedAt = Safe(b.UpdatedAt)
	if r := b.Result; r != nil {
		r.Kind = Safe(r.Kind)
		r.RemainingLabel = Safe(r.RemainingLabel)
		for _, bk := range Buckets {
			sanitizeEntries(r.Entries(bk))
		}
	}
}

func sanitizeEntries(es []Entry) {
	for i := range es {
		e := &es[i]
		e.Label = Safe(e.Label)
		e.Path = SafeNull(e.Path)
		e.UploadID = SafeNull(e.UploadID)
		e.RemotePath = SafeNull(e.RemotePath)
		e.Message = Safe(e.Message)
	}
}
