package model

import (
	"reflect"
	"testing"
)

func TestMatch(t *testing.T) {
	es := []Entry{
		{Label: "Report.PDF", Path: sp("finance/Report.PDF"), Message: "parser_error: unexpected token"},
		{Label: "notes.md", Path: null, Message: ""},
		{Label: "資料.md", Path: sp("research/資料.md")},
		{Label: "a", Path: sp("b"), Message: "c"},
	}
	hay := Haystacks(es)
	for i := range es {
		if hay[i] != Haystack(&es[i]) {
			t.Errorf("Haystacks[%d] = %q, want %q", i, hay[i], Haystack(&es[i]))
		}
	}
	tests := []struct {
		q    string
		want []int32
	}{
		{"", []int32{0, 1, 2, 3}},
		{"report", []int32{0}},
		{"REPORT.pdf", []int32{0}},
		{"finance/", []int32{0}},
		{"PARSER_ERROR", []int32{0}},
		{".md", []int32{1, 2}},
		{"資料", []int32{2}},
		{"ab", []int32{}}, // no match across label and path
		{"zzz", []int32{}},
	}
	for _, tt := range tests {
		if got := Match(hay, tt.q); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Match(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
