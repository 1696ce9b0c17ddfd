package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafe(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "docs/readme.md", "docs/readme.md"},
		{"OSC 2 title with BEL", "a\x1b]2;pwned\x07b", "ab"},
		{"OSC 52 clipboard with ST", "a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"},
		{"unterminated OSC", "a\x1b]0;title", "a"},
		{"CSI clear screen", "a\x1b[2Jb", "ab"},
		{"SGR colour", "\x1b[31;1mred\x1b[0m", "red"},
		{"CSI private mode", "\x1b[?1049hx", "x"},
		{"charset designation", "\x1b(Bx", "x"},
		{"DCS string", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"8-bit CSI", "a\u009b2Jb", "ab"},
		{"8-bit OSC with 8-bit ST", "a\u009d2;t\u009cb", "ab"},
		{"BEL and backspace", "a\x07b\x08c", "abc"},
		{"DEL and NUL", "a\x7fb\x00c", "abc"},
		{"C1 NEL", "a\u0085b", "ab"},
		{"bidi override", "evil\u202Etxt.exe", "eviltxt.exe"},
		{"bidi isolates", "\u2066a\u2069\u200f", "a"},
		{"tabs and newlines", "line1\nline2\tx\r", "line1 line2 x "},
		{"CJK and emoji kept", "資料/報告📄.pdf", "資料/報告📄.pdf"},
		{"accents kept", "café résumé", "café résumé"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"lone ESC at end", "abc\x1b", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Safe(tt.in)
			if got != tt.want {
				t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
			}
			assertSafe(t, got)
			if again := Safe(got); again != got {
				t.Errorf("Safe is not idempotent: %q -> %q", got, again)
			}
		})
	}
}

// assertSafe fails when s still holds anything a terminal would act on.
func assertSafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%q is not valid UTF-8", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
			t.Errorf("%q still holds %U", s, r)
		}
	}
}

func FuzzSafe(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]2;t\x07", "\x1b[2J", "\u009b31m", "\u202e", "資料📄", "\x1bP\x1b\\", "a\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Safe(s)
		assertSafe(t, got)
		if strings.ContainsRune(got, 0x1b) {
			t.Fatalf("ESC survived in %q", got)
		}
		if Safe(got) != got {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}

func TestSanitizeBatch(t *testing.T) {
	evil := "x\x1b]2;t\x07"
	b := Batch{ID: evil, ProjectID: evil, Target: sp(evil), CreatedAt: evil, UpdatedAt: evil,
		Result: &Result{Kind: evil, RemainingLabel: evil,
			Failed:    []Entry{{Label: evil, Path: sp(evil), UploadID: sp(evil), RemotePath: sp(evil), Message: evil}},
			Remaining: []Entry{{Label: evil}}}}
	b.Sanitize()
	e := b.Result.Failed[0]
	for _, s := range []string{b.ID, b.ProjectID, b.Target.String, b.CreatedAt, b.UpdatedAt, b.Result.Kind,
		b.Result.RemainingLabel, e.Label, e.Path.String, e.UploadID.String, e.RemotePath.String, e.Message, b.Result.Remaining[0].Label} {
		if s != "x" {
			t.Errorf("field left as %q", s)
		}
	}
	var empty Batch
	empty.Sanitize() // nil result and pointers must not panic
}
