package model

import (
	"fmt"
	"testing"
	"time"
)

func ingestOf(buckets map[Bucket][]Entry) *Batch {
	r := &Result{Kind: KindKnowledgeIngest}
	r.Processing, r.Completed, r.Skipped = buckets[Processing], buckets[Completed], buckets[Skipped]
	r.Failed, r.Remaining = buckets[Failed], buckets[Remaining]
	return &Batch{JobCount: 1, Result: r}
}

func e(label string, upload, path *string) Entry {
	return Entry{Label: label, UploadID: upload, Path: path}
}

func describe(cs []Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %d>%d", c.Entry.Label, c.From, c.To))
	}
	return out
}

func TestDiff(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	prev := ingestOf(map[Bucket][]Entry{
		Remaining:  {e("a", sp("u-a"), nil), e("b", sp("u-b"), nil), e("gone", sp("u-g"), nil)},
		Processing: {e("p", nil, sp("docs/p.md"))},
		Skipped:    {e("lbl", nil, nil)},
	})
	next := ingestOf(map[Bucket][]Entry{
		Remaining:  {e("b", sp("u-b"), nil)},
		Processing: {e("a", sp("u-a"), nil)},
		Completed:  {e("p", nil, sp("docs/p.md"))},
		Failed:     {e("new", sp("u-n"), nil), e("lbl", nil, nil)},
		Skipped:    {e("lbl", nil, nil)},
	})
	got := describe(Diff(prev, next, now))
	want := []string{"a 4>0", "p 0>1", "lbl -1>3", "new -1>3", "gone 4>-1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Diff = %v, want %v", got, want)
	}
	if Diff(nil, next, now) != nil {
		t.Error("the first batch must be the baseline")
	}
	if len(Diff(next, next, now)) != 0 {
		t.Error("a batch differs from itself")
	}
	// a label-keyed entry that moves is gone from one bucket and new in another
	moved := ingestOf(map[Bucket][]Entry{Failed: {e("lbl", nil, nil)}})
	was := ingestOf(map[Bucket][]Entry{Skipped: {e("lbl", nil, nil)}})
	if got := describe(Diff(was, moved, now)); fmt.Sprint(got) != "[lbl -1>3 lbl 2>-1]" {
		t.Errorf("label move = %v", got)
	}
	// duplicate keys pair up in order
	dup1 := ingestOf(map[Bucket][]Entry{Remaining: {e("x1", sp("u-x"), nil), e("x2", sp("u-x"), nil)}})
	dup2 := ingestOf(map[Bucket][]Entry{Remaining: {e("x1", sp("u-x"), nil)}, Completed: {e("x2", sp("u-x"), nil)}})
	// (the first u-x stays; the second moved on)
	if got := describe(Diff(dup1, dup2, now)); fmt.Sprint(got) != "[x2 4>1]" {
		t.Errorf("duplicates = %v", got)
	}
	if got := Diff(dup2, dup2, now); len(got) != 0 {
		t.Errorf("duplicates against themselves = %v", describe(got))
	}
	// no file detail on either side: nothing to compare (a null result for
	// one poll must not flood the feed)
	if Diff(&Batch{}, next, now) != nil || Diff(next, &Batch{}, now) != nil {
		t.Error("a batch without file detail was compared")
	}
	for _, c := range Diff(prev, next, now) {
		if !c.At.Equal(now) || c.Key == "" {
			t.Errorf("change %+v", c)
		}
	}
}

func BenchmarkDiff100k(b *testing.B) {
	mk := func(shift int) *Batch {
		buckets := map[Bucket][]Entry{}
		for i := 0; i < 100_000; i++ {
			id := fmt.Sprintf("%08x-0d44-4b50-8888-8dd25736052a", i)
			bk := Completed
			if i > 50_000+shift {
				bk = Remaining
			} else if i > 49_000+shift {
				bk = Processing
			}
			buckets[bk] = append(buckets[bk], Entry{Label: id[:8], UploadID: &id})
		}
		return ingestOf(buckets)
	}
	prev, next := mk(0), mk(500)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		Diff(prev, next, now)
	}
}
