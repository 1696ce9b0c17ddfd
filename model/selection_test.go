package model

import (
	"math/rand/v2"
	"testing"
)

func entries(keys ...string) []Entry {
	es := make([]Entry, len(keys))
	for i, k := range keys {
		es[i] = Entry{Label: k, UploadID: Some(k)}
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
		{"duplicate keys: a tie goes to the earlier", entries("b", "x", "b"), "u:b", 1, 0},
		{"cursor past the end", entries("b", "x", "y"), "u:b", 9, 0},
		{"negative cursor", entries("x", "y", "b"), "u:b", -3, 2},
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

// Reselect looks outward from the cursor; it must find what a scan of the
// whole list finds: the nearest row with the key, the earlier on a tie.
func TestReselectMatchesAScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		keys := make([]string, rng.IntN(12))
		for i := range keys {
			keys[i] = string(rune('a' + rng.IntN(4)))
		}
		es := entries(keys...)
		key, old := "u:"+string(rune('a'+rng.IntN(5))), rng.IntN(16)-2
		want := -1
		for i := range es {
			if HasKey(Failed, &es[i], key) && (want < 0 || abs(i-old) < abs(want-old)) {
				want = i
			}
		}
		if want < 0 && len(es) > 0 {
			want = clamp(old, 0, len(es)-1)
		}
		if want < 0 {
			want = 0
		}
		if got := Reselect(Failed, es, key, old); got != want {
			t.Fatalf("%v, key %s, cursor %d: got %d, want %d", keys, key, old, got, want)
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
