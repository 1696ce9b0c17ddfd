package model

import (
	"testing"
	"time"
)

func sp(s string) NullString { return Some(s) }

func TestOutcomeOf(t *testing.T) {
	tests := []struct {
		name     string
		b        Batch
		finished bool
		want     Outcome
		share    float64
	}{
		{"empty batch", Batch{}, false, Empty, 0},
		{"all submitted", Batch{JobCount: 4, StatusCounts: StatusCounts{Submitted: 4}}, false, Running, 0},
		{"half done", Batch{JobCount: 4, StatusCounts: StatusCounts{Working: 2, Completed: 2}}, false, Running, 0.5},
		{"all completed", Batch{JobCount: 4, StatusCounts: StatusCounts{Completed: 4}}, true, Succeeded, 1},
		{"one failed", Batch{JobCount: 4, StatusCounts: StatusCounts{Completed: 3, Failed: 1}}, true, FinishedWithFailures, 1},
		{"failed and canceled", Batch{JobCount: 4, StatusCounts: StatusCounts{Completed: 2, Failed: 1, Canceled: 1}}, true, FinishedWithFailures, 1},
		{"canceled", Batch{JobCount: 4, StatusCounts: StatusCounts{Completed: 3, Canceled: 1}}, true, Canceled, 1},
		{"file failures", Batch{JobCount: 1, StatusCounts: StatusCounts{Completed: 1},
			Result: &Result{Kind: KindKnowledgeIngest, FailedCount: 2}}, true, FinishedWithFailures, 1},
		// counts that disagree: nothing pending, yet completed < job_count
		{"disagreeing counts", Batch{JobCount: 5, StatusCounts: StatusCounts{Completed: 2}}, true, Succeeded, 1},
		{"empty with stray counts", Batch{JobCount: 0, StatusCounts: StatusCounts{Completed: 3}}, false, Empty, 0},
		{"negative job count", Batch{JobCount: -1}, false, Empty, 0},
		{"more done than jobs", Batch{JobCount: 2, StatusCounts: StatusCounts{Working: 1, Completed: 5}}, false, Running, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Finished(&tt.b); got != tt.finished {
				t.Errorf("Finished = %v, want %v", got, tt.finished)
			}
			if got := OutcomeOf(&tt.b); got != tt.want {
				t.Errorf("OutcomeOf = %v, want %v", got, tt.want)
			}
			if got := JobsShare(&tt.b); got != tt.share {
				t.Errorf("JobsShare = %v, want %v", got, tt.share)
			}
		})
	}
}

func TestOutcomeStrings(t *testing.T) {
	want := map[Outcome]string{Running: "running", Succeeded: "succeeded",
		FinishedWithFailures: "finished with failures", Canceled: "canceled", Empty: "empty"}
	for o, s := range want {
		if o.String() != s {
			t.Errorf("%d.String() = %q, want %q", o, o.String(), s)
		}
	}
	if !FinishedWithFailures.Failed() || !Canceled.Failed() || Succeeded.Failed() || Running.Failed() {
		t.Error("Failed() classifies outcomes wrongly")
	}
}

func TestShare(t *testing.T) {
	tests := []struct {
		part, whole int
		want        float64
	}{{0, 0, 0}, {1, 0, 0}, {-1, 4, 0}, {1, 4, 0.25}, {4, 4, 1}, {9, 4, 1}}
	for _, tt := range tests {
		if got := Share(tt.part, tt.whole); got != tt.want {
			t.Errorf("Share(%d,%d) = %v, want %v", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestFiles(t *testing.T) {
	b := Batch{Result: &Result{Kind: KindKnowledgeIngest, TotalCount: 10, CompletedCount: 3, SkippedCount: 2, FailedCount: 1}}
	f := Files(&b)
	if f != (FileCounts{10, 3, 2, 1}) || f.Done() != 6 {
		t.Errorf("Files = %+v, Done %d", f, f.Done())
	}
	b.Result.Kind = "something_else"
	if Files(&b) != (FileCounts{}) {
		t.Error("unknown kind must give no file counts")
	}
	if Files(&Batch{}) != (FileCounts{}) {
		t.Error("null result must give no file counts")
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		name string
		bk   Bucket
		e    Entry
		want string
	}{
		{"upload id wins", Failed, Entry{Label: "a", Path: sp("docs/a.md"), UploadID: sp("u1")}, "u:u1"},
		{"path without upload id", Failed, Entry{Label: "a", Path: sp("docs/a.md")}, "p:docs/a.md"},
		{"empty upload id falls to path", Failed, Entry{Label: "a", Path: sp("docs/a.md"), UploadID: sp("")}, "p:docs/a.md"},
		{"label and bucket", Skipped, Entry{Label: "a"}, "l:skipped:a"},
		{"label that looks like a path", Skipped, Entry{Label: "docs/a.md"}, "l:skipped:docs/a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Key(tt.bk, &tt.e); got != tt.want {
				t.Errorf("Key = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBucketTitles(t *testing.T) {
	if got := Remaining.Title(nil); got != "Remaining" {
		t.Errorf("Remaining.Title(nil) = %q", got)
	}
	if got := Remaining.Title(&Result{RemainingLabel: "Not Ingested Files"}); got != "Not Ingested Files" {
		t.Errorf("Remaining.Title = %q", got)
	}
	names := []string{}
	for _, bk := range Buckets {
		names = append(names, bk.Title(nil))
	}
	want := []string{"Processing", "Completed", "Skipped", "Failed", "Remaining"}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("bucket %d title %q, want %q", i, names[i], want[i])
		}
	}
	if !Failed.HasMessage() || !Skipped.HasMessage() || Completed.HasMessage() {
		t.Error("HasMessage wrong")
	}
}

func TestEntries(t *testing.T) {
	r := &Result{Failed: []Entry{{Label: "f"}}, Remaining: []Entry{{Label: "r"}}}
	if got := r.Entries(Failed); len(got) != 1 || got[0].Label != "f" {
		t.Errorf("Entries(Failed) = %v", got)
	}
	if got := r.Entries(Remaining); len(got) != 1 || got[0].Label != "r" {
		t.Errorf("Entries(Remaining) = %v", got)
	}
	var nilResult *Result
	if nilResult.Entries(Failed) != nil {
		t.Error("nil result must list nothing")
	}
}

func TestElapsed(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 10, 0, 0, time.UTC)
	tests := []struct {
		name string
		b    Batch
		want time.Duration
		ok   bool
	}{
		{"running", Batch{JobCount: 1, StatusCounts: StatusCounts{Working: 1}, CreatedAt: "2026-03-20T12:00:00.000Z"}, 10 * time.Minute, true},
		{"finished uses updated_at", Batch{JobCount: 1, StatusCounts: StatusCounts{Completed: 1},
			CreatedAt: "2026-03-20T12:00:00.000Z", UpdatedAt: "2026-03-20T12:04:12.500Z"}, 4*time.Minute + 12500*time.Millisecond, true},
		{"finished, unreadable updated_at", Batch{JobCount: 1, StatusCounts: StatusCounts{Completed: 1},
			CreatedAt: "2026-03-20T12:00:00Z", UpdatedAt: "<string>"}, 10 * time.Minute, true},
		{"placeholder", Batch{CreatedAt: "<string>"}, 0, false},
		{"clock skew never negative", Batch{CreatedAt: "2026-03-20T13:00:00Z"}, 0, true},
		{"offset zone", Batch{CreatedAt: "2026-03-20T13:00:00+01:00"}, 10 * time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Elapsed(&tt.b, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Elapsed = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestHasKeyAgreesWithKey(t *testing.T) {
	es := []Entry{{Label: "a", UploadID: sp("u1")}, {Label: "a", Path: sp("p/a")}, {Label: "a"}, {Label: ""},
		{Label: "x:y", Path: sp("")}, {Label: "u1"}}
	keys := []string{"u:u1", "p:p/a", "l:failed:a", "l:skipped:a", "l:failed:", "l:failed:x:y", "", "u", "u:", "p:u1", "l:failed:u1"}
	for _, bk := range Buckets {
		for i := range es {
			for _, k := range append(keys, Key(bk, &es[i])) {
				if got, want := HasKey(bk, &es[i], k), Key(bk, &es[i]) == k; got != want {
					t.Errorf("HasKey(%s, %+v, %q) = %v, want %v", bk.Name(), es[i], k, got, want)
				}
			}
		}
	}
}
