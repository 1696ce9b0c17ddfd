package model

import (
	"encoding/json"
	"testing"
)

// NullString keeps the three states the API distinguishes: a string, an
// empty string, and null (or a field left out), in and out of JSON.
func TestNullStringJSON(t *testing.T) {
	cases := []struct {
		in   string
		want NullString
	}{
		{`{"path":"docs/a.md"}`, Some("docs/a.md")},
		{`{"path":""}`, Some("")},
		{`{"path":null}`, NullString{}},
		{`{}`, NullString{}},
		{`{"path":"a","path":null}`, NullString{}}, // the last wins, as for any field
		{`{"path":null,"path":"b"}`, Some("b")},
	}
	for _, tc := range cases {
		var e Entry
		if err := json.Unmarshal([]byte(tc.in), &e); err != nil || e.Path != tc.want {
			t.Errorf("%s: %+v %v", tc.in, e.Path, err)
		}
	}
	var e Entry
	if err := json.Unmarshal([]byte(`{"path":5}`), &e); err == nil {
		t.Error("a number taken for a string")
	}
	out, err := json.Marshal(Entry{Label: "a", Path: Some(""), UploadID: Some("u<1>")})
	want := `{"label":"a","path":"","upload_id":"u\u003c1\u003e","remote_path":null,"warning_count":0}`
	if err != nil || string(out) != want {
		t.Errorf("marshal: %s %v\nwant %s", out, err, want)
	}
}

func TestCloneKeepsEveryField(t *testing.T) {
	e := Entry{Label: "a", Path: Some("p"), UploadID: Some("u"), RemotePath: Some("r"), Message: "m"}
	c := e.Clone()
	if c != e {
		t.Fatalf("clone differs: %+v", c)
	}
	null := Entry{Label: "b"}
	if c := null.Clone(); c.Path.Valid || c.UploadID.Valid || c.RemotePath.Valid {
		t.Errorf("null became valid: %+v", c)
	}
}

// Wire must write byte for byte what the model types write.
func TestWireWritesTheSameJSON(t *testing.T) {
	full := Batch{ID: "b<1>", ProjectID: "p&", Target: Some("t"), JobCount: 3,
		StatusCounts: StatusCounts{Submitted: 1, Working: 1, Completed: 1},
		CreatedAt:    "2026-03-20T12:00:00Z", UpdatedAt: "x", Problems: []string{"not written"},
		Result: &Result{Kind: KindKnowledgeIngest, TotalCount: 4, CompletedCount: 1, RemainingLabel: "Remaining Files",
			Processing: []Entry{}, Completed: []Entry{{Label: "a", Path: Some("docs/a"), UploadID: Some(""), RemotePath: Some("r"), WarningCount: 2}},
			Failed: []Entry{{Label: "é\u2028\"\\", Message: "parser_error: <b>", Path: Some("\x01")}}}}
	for name, b := range map[string]Batch{
		"full":       full,
		"no result":  {ID: "b"},
		"other kind": {ID: "b", Target: Some(""), Result: &Result{Kind: "sync"}},
	} {
		want, err1 := json.Marshal(&b)
		got, err2 := json.Marshal(Wire(&b))
		if err1 != nil || err2 != nil || string(got) != string(want) {
			t.Errorf("%s:\nwire  %s\nmodel %s", name, got, want)
		}
		want, _ = json.MarshalIndent(&b, "", "  ")
		got, _ = json.MarshalIndent(Wire(&b), "", "  ")
		if string(got) != string(want) {
			t.Errorf("%s, indented:\nwire  %s\nmodel %s", name, got, want)
		}
	}
}
