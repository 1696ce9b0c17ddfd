package model

import (
	"testing"
	"time"
)

var r0 = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func feed(samples ...Sample) Rate {
	var r Rate
	for _, s := range samples {
		r = r.Add(s)
	}
	return r
}

func at(sec int, files, jobs int) Sample {
	return Sample{At: r0.Add(time.Duration(sec) * time.Second), Files: files, Jobs: jobs}
}

func ingest(total, done, jobs, jobsDone int) *Batch {
	return &Batch{JobCount: jobs, StatusCounts: StatusCounts{Working: jobs - jobsDone, Completed: jobsDone},
		Result: &Result{Kind: KindKnowledgeIngest, TotalCount: total, CompletedCount: done}}
}

func TestRateAndETA(t *testing.T) {
	tests := []struct {
		name    string
		samples []Sample
		batch   *Batch
		ready   bool
		perMin  float64
		eta     time.Duration
		etaOK   bool
	}{
		{"no samples", nil, ingest(100, 0, 10, 0), false, 0, 0, false},
		{"two samples are not enough", []Sample{at(0, 0, 0), at(10, 10, 1)}, ingest(100, 10, 10, 1), false, 0, 0, false},
		{"three samples too close together", []Sample{at(0, 0, 0), at(2, 2, 0), at(4, 4, 0)}, ingest(100, 4, 10, 0), false, 0, 0, false},
		{"steady 1 file/s", []Sample{at(0, 0, 0), at(10, 10, 1), at(20, 20, 2)}, ingest(100, 20, 10, 2), true, 60, 80 * time.Second, true},
		{"no progress: no ETA", []Sample{at(0, 5, 0), at(10, 5, 0), at(20, 5, 0)}, ingest(100, 5, 10, 0), false, 0, 0, false},
		{"stalled after progress: rate decays, ETA long", []Sample{at(0, 0, 0), at(10, 10, 1), at(20, 20, 2), at(80, 20, 2)}, ingest(100, 20, 10, 2), true, 22.07, 217 * time.Second, true},
		{"finished: no ETA", []Sample{at(0, 0, 0), at(10, 10, 1), at(20, 20, 2)}, &Batch{JobCount: 2, StatusCounts: StatusCounts{Completed: 2}}, true, 60, 0, false},
		{"counts went backwards: restart", []Sample{at(0, 0, 0), at(10, 10, 1), at(20, 20, 2), at(30, 5, 0)}, ingest(100, 5, 10, 0), false, 0, 0, false},
		{"jobs only (no file detail)", []Sample{at(0, 0, 0), at(30, 0, 3), at(60, 0, 6)}, &Batch{JobCount: 12, StatusCounts: StatusCounts{Working: 6, Completed: 6}}, true, 0, 60 * time.Second, true},
		{"more done than total: never negative", []Sample{at(0, 0, 0), at(10, 10, 1), at(20, 120, 2)}, ingest(100, 120, 10, 2), true, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := feed(tt.samples...)
			if r.Ready() != tt.ready {
				t.Errorf("Ready = %v", r.Ready())
			}
			if tt.perMin > 0 {
				if got := r.FilesPerMinute(); got < tt.perMin-0.5 || got > tt.perMin+0.5 {
					t.Errorf("FilesPerMinute = %.2f, want %.2f", got, tt.perMin)
				}
			}
			eta, ok := r.ETA(tt.batch)
			if ok != tt.etaOK || (ok && (eta < tt.eta-time.Second || eta > tt.eta+time.Second)) {
				t.Errorf("ETA = %v, %v; want %v, %v", eta, ok, tt.eta, tt.etaOK)
			}
			if eta < 0 {
				t.Error("negative ETA")
			}
		})
	}
}

func TestSpark(t *testing.T) {
	var r Rate
	for i := 0; i <= 20; i++ { // a sample every 30 s for 10 minutes, 30 files each
		r = r.Add(at(i*30, i*30, 0))
	}
	got := r.Spark(10, r0.Add(10*time.Minute))
	total := 0
	for _, v := range got {
		total += v
		if v < 0 {
			t.Errorf("negative bucket %v", got)
		}
	}
	if total != 600 || got[0] != 30 || got[5] != 60 || got[9] != 90 {
		t.Errorf("Spark = %v", got)
	}
	// history older than the window is dropped
	r = r.Add(at(1300, 700, 0))
	if len(r.history) > 2 {
		t.Errorf("history kept %d samples past the window", len(r.history))
	}
}
