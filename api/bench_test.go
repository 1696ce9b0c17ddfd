package api

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"vfbatch/api/sim"
)

var (
	bodyOnce sync.Once
	body100k []byte
)

// bigBody is a 100,000-file batch half-way through its run, as the
// simulated API serves it.
func bigBody(tb testing.TB) []byte {
	bodyOnce.Do(func() {
		clk := sim.NewClock(time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC))
		s := sim.New(sim.Options{Files: sim.MaxFiles, Seed: 1, Now: clk.Now})
		clk.Advance(sim.DefaultRun / 2)
		b := s.Snapshot()
		var err error
		if body100k, err = json.Marshal(&b); err != nil {
			tb.Fatal(err)
		}
	})
	return body100k
}

func BenchmarkDecode100k(b *testing.B) {
	body := bigBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}
