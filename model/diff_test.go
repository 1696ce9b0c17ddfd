package model

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"
)

func ingestOf(buckets map[Bucket][]Entry) *Batch {
	r := &Result{Kind: KindKnowledgeIngest}
	r.Processing, r.Completed, r.Skipped = buckets[Processing], buckets[Completed], buckets[Skipped]
	r.Failed, r.Remaining = buckets[Failed], buckets[Remaining]
	return &Batch{JobCount: 1, Result: r}
}

// null is a nullable string the server sent as null.
var null NullString

func e(label string, upload, path NullString) Entry {
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
		Remaining:  {e("a", sp("u-a"), null), e("b", sp("u-b"), null), e("gone", sp("u-g"), null)},
		Processing: {e("p", null, sp("docs/p.md"))},
		Skipped:    {e("lbl", null, null)},
	})
	next := ingestOf(map[Bucket][]Entry{
		Remaining:  {e("b", sp("u-b"), null)},
		Processing: {e("a", sp("u-a"), null)},
		Completed:  {e("p", null, sp("docs/p.md"))},
		Failed:     {e("new", sp("u-n"), null), e("lbl", null, null)},
		Skipped:    {e("lbl", null, null)},
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
	moved := ingestOf(map[Bucket][]Entry{Failed: {e("lbl", null, null)}})
	was := ingestOf(map[Bucket][]Entry{Skipped: {e("lbl", null, null)}})
	if got := describe(Diff(was, moved, now)); fmt.Sprint(got) != "[lbl -1>3 lbl 2>-1]" {
		t.Errorf("label move = %v", got)
	}
	// duplicate keys pair up in order
	dup1 := ingestOf(map[Bucket][]Entry{Remaining: {e("x1", sp("u-x"), null), e("x2", sp("u-x"), null)}})
	dup2 := ingestOf(map[Bucket][]Entry{Remaining: {e("x1", sp("u-x"), null)}, Completed: {e("x2", sp("u-x"), null)}})
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
			buckets[bk] = append(buckets[bk], Entry{Label: id[:8], UploadID: Some(id)})
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

// referenceDiff is the obvious diff, by Key strings and maps, for checking
// Diff: the same changes, as a set.
func referenceDiff(prev, next *Batch) map[string]int {
	where := func(b *Batch) map[string][]Bucket {
		m := map[string][]Bucket{}
		for _, bk := range Buckets {
			for i := range b.Result.Entries(bk) {
				k := Key(bk, &b.Result.Entries(bk)[i])
				m[k] = append(m[k], bk)
			}
		}
		return m
	}
	before, after := where(prev), where(next)
	out := map[string]int{}
	for k, bs := range after {
		old := before[k]
		for n, bk := range bs {
			switch {
			case n >= len(old):
				out[fmt.Sprintf("%s -1>%d", k, bk)]++
			case old[n] != bk:
				out[fmt.Sprintf("%s %d>%d", k, old[n], bk)]++
			}
		}
	}
	for k, bs := range before {
		for n := len(after[k]); n < len(bs); n++ {
			out[fmt.Sprintf("%s %d>-1", k, bs[n])]++
		}
	}
	return out
}

func TestDiffAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 300; round++ {
		n := 1 + rng.IntN(60)
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("id-%d", rng.IntN(n+5)) // some duplicates
		}
		mk := func() *Batch {
			buckets := map[Bucket][]Entry{}
			for i := range ids {
				if rng.IntN(10) == 0 {
					continue // not in this batch
				}
				id := ids[i]
				e := Entry{Label: id}
				switch rng.IntN(3) {
				case 0:
					e.UploadID = Some(id)
				case 1:
					e.Path = Some(id)
				}
				bk := Buckets[rng.IntN(len(Buckets))]
				buckets[bk] = append(buckets[bk], e)
			}
			for bk := range buckets { // sometimes shuffled, sometimes shifted
				if rng.IntN(2) == 0 {
					rng.Shuffle(len(buckets[bk]), func(a, b int) { buckets[bk][a], buckets[bk][b] = buckets[bk][b], buckets[bk][a] })
				}
			}
			return ingestOf(buckets)
		}
		prev, next := mk(), mk()
		got := map[string]int{}
		cs := Diff(prev, next, time.Time{})
		for _, c := range cs {
			got[fmt.Sprintf("%s %d>%d", c.Key, c.From, c.To)]++
		}
		want := referenceDiff(prev, next)
		// Duplicates may pair differently; what must agree is the net effect
		// on each key's buckets, and Diff must not report more changes.
		if net(got) != net(want) {
			t.Fatalf("round %d:\ngot  %v\nwant %v", round, got, want)
		}
		if n := total(want); len(cs) > n {
			t.Fatalf("round %d: %d changes where %d do", round, len(cs), n)
		}
	}
}

// net is, per key and bucket, arrivals minus departures.
func net(m map[string]int) string {
	d := map[string]int{}
	for change, n := range m {
		var key string
		var from, to int
		i := strings.LastIndexByte(change, ' ')
		key = change[:i]
		fmt.Sscanf(change[i+1:], "%d>%d", &from, &to)
		if from >= 0 {
			d[fmt.Sprintf("%s@%d", key, from)] -= n
		}
		if to >= 0 {
			d[fmt.Sprintf("%s@%d", key, to)] += n
		}
	}
	var out []string
	for k, v := range d {
		if v != 0 {
			out = append(out, fmt.Sprintf("%s%+d", k, v))
		}
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// BenchmarkDiff100kShuffled: the same entries in the same buckets, every
// bucket reordered, so that nothing lines up and everything goes through
// the map.
func BenchmarkDiff100kShuffled(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	es := make([]Entry, 100_000)
	for i := range es {
		id := fmt.Sprintf("%08x-0d44-4b50-8888-8dd25736052a", i)
		es[i] = Entry{Label: id[:8], UploadID: Some(id)}
	}
	mk := func() *Batch {
		c := append([]Entry(nil), es[:60_000]...)
		r := append([]Entry(nil), es[60_000:]...)
		rng.Shuffle(len(c), func(a, b int) { c[a], c[b] = c[b], c[a] })
		rng.Shuffle(len(r), func(a, b int) { r[a], r[b] = r[b], r[a] })
		return ingestOf(map[Bucket][]Entry{Completed: c, Remaining: r})
	}
	prev, next := mk(), mk()
	b.ReportAllocs()
	for b.Loop() {
		if len(Diff(prev, next, time.Time{})) != 0 {
			b.Fatal("reordering is not a change")
		}
	}
}
