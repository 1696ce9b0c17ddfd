package model

import (
	"fmt"
	"testing"
)

func TestReason(t *testing.T) {
	tests := []struct{ msg, want string }{
		{"parser_error: unexpected token at line 6", "parser_error"},
		{"upload_error: storage answered 503 after 3 attempts", "upload_error"},
		{"hidden_path: files starting with a dot are not ingested", "hidden_path"},
		{"ignored_directory: node_modules", "ignored_directory"},
		{"unsupported_file_type: .png", "unsupported_file_type"},
		{"quota_exceeded_v2: too many", "quota_exceeded_v2"},
		{"unexpected token at line 6", "unexpected token at line <n>"},
		{"unexpected token at line 19", "unexpected token at line <n>"},
		{"Not a code: because of the capital", "Not a code: because of the capital"},
		{`could not open "report final.pdf" (3 MB)`, "could not open <str> (<n> MB)"},
		{"upload 3c90c3cc-0d44-4b50-8888-8dd25736052a timed out after 30s", "upload <uuid> timed out after <n>s"},
		{"cannot read docs/guides/a.md, skipping", "cannot read <path>, skipping"},
		{"size 1,024.5 exceeds 1000", "size <n> exceeds <n>"},
		{"tabs\tand   spaces", "tabs and spaces"},
		{"", "(no message)"},
		{"   ", "(no message)"},
		{": leading colon", ": leading colon"},
		{"it's 'quoted' here", "it's <str> here"},
	}
	for _, tt := range tests {
		if got := Reason(tt.msg); got != tt.want {
			t.Errorf("Reason(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestGroups(t *testing.T) {
	es := []Entry{
		{Label: "a", Message: "parser_error: x at line 1"},
		{Label: "b", Message: "unexpected token at line 6"},
		{Label: "c", Message: "parser_error: y"},
		{Label: "d", Message: "unexpected token at line 19"},
		{Label: "e", Message: "parser_error: z"},
		{Label: "f", Message: ""},
	}
	gs := Groups(es)
	if len(gs) != 3 {
		t.Fatalf("groups %+v", gs)
	}
	want := []struct {
		reason  string
		count   int
		example int
	}{{"parser_error", 3, 0}, {"unexpected token at line <n>", 2, 1}, {"(no message)", 1, 5}}
	for i, w := range want {
		g := gs[i]
		if g.Reason != w.reason || g.Count != w.count || g.Example != w.example || len(g.Members) != w.count {
			t.Errorf("group %d = %+v, want %+v", i, g, w)
		}
	}
	if gs[0].Share != 0.5 || fmt.Sprint(gs[1].Members) != "[1 3]" {
		t.Errorf("share %v members %v", gs[0].Share, gs[1].Members)
	}
	if Groups(nil) != nil {
		t.Error("no entries, no groups")
	}
}

func BenchmarkGroups40k(b *testing.B) {
	es := make([]Entry, 40_000)
	for i := range es {
		switch i % 4 {
		case 0:
			es[i].Message = fmt.Sprintf("parser_error: unexpected quote at line %d, column %d", i%400, i%12)
		case 1:
			es[i].Message = fmt.Sprintf("unexpected token at line %d of docs/file-%d.pdf", i%60, i)
		case 2:
			es[i].Message = "hidden_path: files and folders starting with a dot are not ingested"
		default:
			es[i].Message = fmt.Sprintf("upload %08x-0d44-4b50-8888-8dd25736052a failed after %ds", i, i%30)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Groups(es)
	}
}
