package model

import "testing"

func entries(keys ...string) []Entry {
	es := make([]Entry, len(keys))
	for i, k := range keys {
		k := k
		es[i] = Entry{Label: k, UploadID: &k}
	}
	return es
}

func TestReselect(t *testing.T) {
	tests := []struct {
		name      string
		entries   []Entry
		key       string
		oldCursor int
		want      int
	}{
		{"empty list", nil, "u:a", 3, 0},
		{"kept in place", entries("a", "b", "c"), "u:b", 1, 1},
		{"moved down", entries("x", "y", "a", "b", "c"), "u:b", 1, 3},
		{"moved up", entries("b", "c"), "u:b", 1, 0},
		{"gone: same row", entries("a", "c", "d"), "u:b", 1, 1},
		{"gone: clamped", entries("a"), "u:b", 4, 0},
		{"no key yet", entries("a", "b"), "", 1, 1},
		{"duplicate keys: nearest wins", entries("b", "x", "x", "b", "y"), "u:b", 2, 3},
		{"negative cursor clamped", entries("a", "b"), "u:z", -2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reselect(Failed, tt.entries, tt.key, tt.oldCursor); got != tt.want {
				t.Errorf("Reselect = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestScroll(t *testing.T) {
	tests := []struct {
		name                                    string
		cursor, oldCursor, oldOffset, height, n int
		want                                    int
	}{
		{"unchanged", 5, 5, 3, 4, 20, 3},
		{"entry moved down: row kept", 9, 5, 3, 4, 20, 7},
		{"entry moved up: row kept", 2, 5, 3, 4, 20, 0},
		{"list shrank", 3, 15, 14, 4, 4, 0},
		{"near the end", 19, 5, 3, 4, 20, 16},
		{"empty", 0, 5, 3, 4, 0, 0},
		{"no height", 3, 3, 0, 0, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Scroll(tt.cursor, tt.oldCursor, tt.oldOffset, tt.height, tt.n)
			if got != tt.want {
				t.Errorf("Scroll = %d, want %d", got, tt.want)
			}
			if tt.n > 0 && tt.height > 0 && (tt.cursor < got || tt.cursor >= got+tt.height) {
				t.Errorf("cursor %d not visible from %d", tt.cursor, got)
			}
		})
	}
}

func TestFollow(t *testing.T) {
	tests := []struct{ cursor, offset, height, n, want int }{
		{0, 0, 5, 10, 0}, {4, 0, 5, 10, 0}, {5, 0, 5, 10, 1}, {9, 0, 5, 10, 5},
		{2, 4, 5, 10, 2}, {3, 8, 5, 10, 3}, {0, 0, 0, 10, 0}, {1, 0, 5, 3, 0},
	}
	for _, tt := range tests {
		if got := Follow(tt.cursor, tt.offset, tt.height, tt.n); got != tt.want {
			t.Errorf("Follow(%d,%d,%d,%d) = %d, want %d", tt.cursor, tt.offset, tt.height, tt.n, got, tt.want)
		}
	}
}
