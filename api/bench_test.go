package api

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"vfbatch/api/sim"
	"vfbatch/model"
)

var (
	bodyOnce sync.Once
	body100k []byte
)

// bigBody is a 100,000-file batch half-way through its run, as the
// simulated API serves it.
func bigBody(tb testing.TB) []byte {
	bodyOnce.Do(func() { body100k = simBody(tb, sim.MaxFiles) })
	return body100k
}

// simBody is a batch of n files half-way through its run.
func simBody(tb testing.TB, n int) []byte {
	clk := sim.NewClock(time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC))
	s := sim.New(sim.Options{Files: n, Seed: 1, Now: clk.Now})
	clk.Advance(sim.DefaultRun / 2)
	b := s.Snapshot()
	body, err := json.Marshal(&b)
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkDecode100k decodes the 19 MB body as the client does from the
// second poll on: from the string it was read into, which the batch's
// strings then share, with the entry slices sized from the last batch.
// (Decode of a []byte copies it once first.)
func BenchmarkDecode100k(b *testing.B) {
	body := string(bigBody(b))
	first, err := decode(body, [5]int{})
	if err != nil {
		b.Fatal(err)
	}
	var sizes [5]int
	for i, bk := range model.Buckets {
		sizes[i] = len(first.Result.Entries(bk))
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(body, sizes); err != nil {
			b.Fatal(err)
		}
	}
}
