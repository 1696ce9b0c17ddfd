package model

import (
	"sort"
	"strings"
)

// Reason is why an entry was skipped or failed, for grouping: the message's
// leading code (a snake_case word before a colon, such as parser_error or
// hidden_path) where it has one, otherwise the message with its numbers,
// quoted strings, paths and UUIDs replaced by placeholders, so that
// "unexpected token at line 6" and "... line 19" fall together.
func Reason(message string) string {
	if code, ok := leadingCode(message); ok {
		return code
	}
	if strings.TrimSpace(message) == "" {
		return "(no message)"
	}
	return Normalize(message)
}

func leadingCode(s string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(c == '_' || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9' && j > 0)) {
			return "", false
		}
	}
	return s[:i], true
}

// Normalize replaces the variable parts of a message with placeholders:
// <uuid>, <str> (quoted), <path> (anything with a slash) and <n> (numbers).
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			if end := strings.IndexByte(s[i+1:], c); end >= 0 {
				b.WriteString("<str>")
				i += end + 2
				continue
			}
		case isSpace(c):
			b.WriteByte(' ')
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			continue
		}
		end := i
		for end < len(s) && !isSpace(s[end]) {
			end++
		}
		b.WriteString(normalizeWord(s[i:end]))
		i = end
	}
	return b.String()
}

// normalizeWord replaces one whitespace-delimited word, keeping the
// punctuation around it ("(line" stays "(", "6," becomes "<n>,").
func normalizeWord(w string) string {
	lead := 0
	for lead < len(w) && strings.IndexByte("([{<", w[lead]) >= 0 {
		lead++
	}
	trail := len(w)
	for trail > lead && strings.IndexByte(".,;:)]}>!?", w[trail-1]) >= 0 {
		trail--
	}
	core := w[lead:trail]
	var repl string
	switch {
	case core == "":
		return w
	case isUUID(core):
		repl = "<uuid>"
	case strings.ContainsRune(core, '/'):
		repl = "<path>"
	case hasDigit(core):
		repl = numberish(core)
	default:
		return w
	}
	return w[:lead] + repl + w[trail:]
}

// numberish turns the digits of a word into <n>: "6" and "v2" and "3.5MB"
// become "<n>", "<n>", "<n>MB"... any run of digits (with . or ,) is one <n>.
func numberish(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); {
		if w[i] >= '0' && w[i] <= '9' {
			for i < len(w) && ((w[i] >= '0' && w[i] <= '9') || ((w[i] == '.' || w[i] == ',') && i+1 < len(w) && w[i+1] >= '0' && w[i+1] <= '9')) {
				i++
			}
			b.WriteString("<n>")
			continue
		}
		b.WriteByte(w[i])
		i++
	}
	return b.String()
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')) {
			return false
		}
	}
	return true
}

// Group is one reason and the entries that share it.
type Group struct {
	Reason  string
	Count   int
	Share   float64 // of the bucket
	Example int     // index of the first entry with this reason
	Members []int32 // indices of the entries, in order
}

// Groups groups entries by Reason, largest first (ties by reason). Messages
// repeat a lot in a large ingest, so each distinct message is reasoned once.
func Groups(es []Entry) []Group {
	byMessage := map[string]string{}
	index := map[string]int{}
	var groups []Group
	for i := range es {
		msg := es[i].Message
		r, ok := byMessage[msg]
		if !ok {
			r = Reason(msg)
			byMessage[msg] = r
		}
		g, ok := index[r]
		if !ok {
			g = len(groups)
			index[r] = g
			groups = append(groups, Group{Reason: r, Example: i})
		}
		groups[g].Count++
		groups[g].Members = append(groups[g].Members, int32(i))
	}
	for i := range groups {
		groups[i].Share = Share(groups[i].Count, len(es))
	}
	sort.SliceStable(groups, func(a, b int) bool {
		if groups[a].Count != groups[b].Count {
			return groups[a].Count > groups[b].Count
		}
		return groups[a].Reason < groups[b].Reason
	})
	return groups
}
