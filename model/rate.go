package model

import (
	"math"
	"time"
)

// Rate tracks throughput from observed progress: an exponentially weighted
// average of files and jobs finished per second, and a history of samples
// for a sparkline. It is a value; Add returns the updated one.
type Rate struct {
	last     Sample
	started  time.Time
	n        int
	files    float64 // per second, smoothed
	jobs     float64
	history  []Sample // the last RateWindow of samples, oldest first
	progress bool     // some progress has been seen
}

// Sample is what one poll saw.
type Sample struct {
	At    time.Time
	Files int // files done: completed, skipped or failed
	Jobs  int // jobs done: completed, failed or canceled
}

// Rate tuning.
const (
	// RateWindow is how much history the sparkline covers.
	RateWindow = 10 * time.Minute
	// rateTau is the averaging time constant: older rates weigh e times
	// less each rateTau.
	rateTau = 60 * time.Second
	// Before an ETA is given: this many samples over at least minSpan.
	minSamples = 3
	minSpan    = 10 * time.Second
)

// SampleOf reads a batch's progress at a moment.
func SampleOf(b *Batch, at time.Time) Sample {
	return Sample{At: at, Files: Files(b).Done(), Jobs: JobsDone(b)}
}

// Add folds in a sample. Samples out of order, or with counts going
// backwards (a server that corrected itself), restart the average.
func (r Rate) Add(s Sample) Rate {
	if r.n == 0 || !s.At.After(r.last.At) || s.Files < r.last.Files || s.Jobs < r.last.Jobs {
		return Rate{last: s, started: s.At, n: 1, history: []Sample{s}}
	}
	dt := s.At.Sub(r.last.At).Seconds()
	alpha := 1 - math.Exp(-dt/rateTau.Seconds())
	instF := float64(s.Files-r.last.Files) / dt
	instJ := float64(s.Jobs-r.last.Jobs) / dt
	if r.n == 1 {
		r.files, r.jobs = instF, instJ
	} else {
		r.files += alpha * (instF - r.files)
		r.jobs += alpha * (instJ - r.jobs)
	}
	r.progress = r.progress || s.Files > r.last.Files || s.Jobs > r.last.Jobs
	r.last = s
	r.n++
	r.history = append(r.history, s)
	cut := 0
	for cut < len(r.history)-1 && s.At.Sub(r.history[cut].At) > RateWindow {
		cut++
	}
	r.history = append([]Sample(nil), r.history[cut:]...)
	return r
}

// Ready reports whether there are enough samples to speak of a rate.
func (r Rate) Ready() bool {
	return r.n >= minSamples && r.last.At.Sub(r.started) >= minSpan && r.progress
}

// FilesPerMinute and JobsPerMinute are the smoothed rates; zero until Ready.
func (r Rate) FilesPerMinute() float64 {
	if !r.Ready() {
		return 0
	}
	return r.files * 60
}

// JobsPerMinute is the smoothed job rate; zero until Ready.
func (r Rate) JobsPerMinute() float64 {
	if !r.Ready() {
		return 0
	}
	return r.jobs * 60
}

// ETA is the time left to finish the batch at the current rate: by files
// when the batch has file detail, else by jobs. It reports false until
// Ready, when nothing is moving, and once the batch is finished.
func (r Rate) ETA(b *Batch) (time.Duration, bool) {
	if !r.Ready() || Finished(b) {
		return 0, false
	}
	left, rate := b.JobCount-JobsDone(b), r.jobs
	if f := Files(b); b.HasFileDetail() && f.Total > 0 {
		left, rate = f.Total-f.Done(), r.files
	}
	if left <= 0 || rate <= 1e-9 {
		return 0, false
	}
	eta := time.Duration(float64(left) / rate * float64(time.Second))
	if eta < 0 || eta > 100*24*time.Hour {
		return 0, false
	}
	return eta.Round(time.Second), true
}

// Spark is the files finished in each of n equal slices of the RateWindow
// ending at now, oldest first.
func (r Rate) Spark(n int, now time.Time) []int {
	out := make([]int, n)
	if n == 0 {
		return out
	}
	slice := RateWindow / time.Duration(n)
	start := now.Add(-RateWindow)
	for i := 1; i < len(r.history); i++ {
		s := r.history[i]
		if !s.At.After(start) {
			continue
		}
		k := min(int(s.At.Sub(start)/slice), n-1)
		out[k] += s.Files - r.history[i-1].Files
	}
	return out
}
