package plain

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"vfbatch/api"
	"vfbatch/model"
)

// Fetcher polls one batch; *api.Client is one.
type Fetcher interface {
	Poll(ctx context.Context, project, batchID string, last api.Fingerprint) (api.Answer, error)
}

// ErrGaveUp wraps the last error when transient failures lasted longer than
// FollowOptions.GiveUpAfter.
var ErrGaveUp = errors.New("gave up")

// FollowOptions configure Follow and Once.
type FollowOptions struct {
	Project, BatchID string
	Interval         time.Duration
	// GiveUpAfter ends following after this long of continuous transient
	// failure; 10 minutes when zero.
	GiveUpAfter time.Duration
	// Now and After make the clock injectable; time.Now and time.After when nil.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Jitter func() float64 // in [0, 1); rand.Float64 when nil
	// OnBatch is called with every batch read; OnRetry before every wait
	// after a transient error.
	OnBatch func(b *model.Batch)
	OnRetry func(err error, wait time.Duration)
}

func (o *FollowOptions) defaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	if o.GiveUpAfter <= 0 {
		o.GiveUpAfter = 10 * time.Minute
	}
	if o.OnBatch == nil {
		o.OnBatch = func(*model.Batch) {}
	}
	if o.OnRetry == nil {
		o.OnRetry = func(error, time.Duration) {}
	}
}

// Follow polls the batch, one request at a time, until it has finished and
// one more poll an interval later has let the counts settle. Transient errors
// are retried with api.RetryDelay until they have lasted GiveUpAfter; other
// errors end it at once. It returns the last batch read.
func Follow(ctx context.Context, f Fetcher, o FollowOptions) (model.Batch, error) {
	return poll(ctx, f, o, func(b *model.Batch, settled bool) bool { return model.Finished(b) && settled }, 0)
}

// Once reads the batch, retrying transient errors up to three attempts in all.
func Once(ctx context.Context, f Fetcher, o FollowOptions) (model.Batch, error) {
	return poll(ctx, f, o, func(*model.Batch, bool) bool { return true }, 3)
}

// poll reads the batch until done says so; settled tells done whether the
// previous read had already finished. maxAttempts > 0 bounds failed tries.
func poll(ctx context.Context, f Fetcher, o FollowOptions, done func(b *model.Batch, settled bool) bool, maxAttempts int) (model.Batch, error) {
	o.defaults()
	var last model.Batch
	var fp api.Fingerprint
	failures, sawFinished := 0, false
	var failingSince time.Time
	for {
		a, err := f.Poll(ctx, o.Project, o.BatchID, fp)
		b := a.Batch
		if a.Unchanged {
			b = last
		}
		if err != nil {
			if !api.Retryable(err) {
				return last, err
			}
			if failures == 0 {
				failingSince = o.Now()
			}
			failures++
			if maxAttempts > 0 && failures >= maxAttempts {
				return last, err
			}
			if o.Now().Sub(failingSince) >= o.GiveUpAfter {
				return last, fmt.Errorf("%w after %s of failures: %w", ErrGaveUp, o.GiveUpAfter, err)
			}
			wait := api.RetryDelay(err, failures, o.Interval, o.Jitter())
			o.OnRetry(err, wait)
			if err := sleep(ctx, o.After, wait); err != nil {
				return last, err
			}
			continue
		}
		failures, last, fp = 0, b, a.Fingerprint
		o.OnBatch(&b)
		if done(&b, sawFinished) {
			return b, nil
		}
		sawFinished = model.Finished(&b)
		if err := sleep(ctx, o.After, o.Interval); err != nil {
			return last, err
		}
	}
}

func sleep(ctx context.Context, after func(time.Duration) <-chan time.Time, d time.Duration) error {
	select {
	case <-after(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
