package sim

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"

	"vfbatch/api"
	"vfbatch/model"
)

var t0 = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func client(t *testing.T, s *Server, token string) *api.Client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return api.New(resty.New(), api.Options{BaseURL: srv.URL, Token: token, UserAgent: "test"})
}

func TestRunProgressesToTheEnd(t *testing.T) {
	clk := NewClock(t0)
	s := New(Options{Files: 500, Seed: 7, Now: clk.Now})
	c := client(t, s, "")
	ctx := context.Background()

	b, err := c.GetBatch(ctx, DefaultProject, DefaultBatchID)
	if err != nil {
		t.Fatal(err)
	}
	if b.JobCount != 50 || b.StatusCounts.Submitted != 50 || len(b.Result.Remaining) != 500 || model.Finished(&b) {
		t.Fatalf("at start: jobs %d counts %+v remaining %d", b.JobCount, b.StatusCounts, len(b.Result.Remaining))
	}
	if b.Result.RemainingLabel != "Remaining Files" || b.Target.String != "task:knowledge-ingest" {
		t.Errorf("label %q target %q", b.Result.RemainingLabel, b.Target.String)
	}

	clk.Advance(DefaultRun / 2)
	b, _ = c.GetBatch(ctx, DefaultProject, DefaultBatchID)
	r := b.Result
	if len(r.Processing) == 0 || len(r.Completed) == 0 || len(r.Remaining) == 0 || b.StatusCounts.Working == 0 {
		t.Errorf("midway: processing %d completed %d remaining %d counts %+v",
			len(r.Processing), len(r.Completed), len(r.Remaining), b.StatusCounts)
	}
	total := 0
	for _, bk := range model.Buckets {
		total += len(r.Entries(bk))
	}
	if total != 500 {
		t.Errorf("files across buckets = %d, want 500", total)
	}

	clk.Advance(DefaultRun)
	b, _ = c.GetBatch(ctx, DefaultProject, DefaultBatchID)
	r = b.Result
	if !model.Finished(&b) || r.RemainingLabel != "Not Ingested Files" || len(r.Remaining)+len(r.Processing) != 0 {
		t.Fatalf("at end: %+v label %q", b.StatusCounts, r.RemainingLabel)
	}
	if len(r.Skipped) == 0 || len(r.Failed) == 0 || r.SkippedCount != len(r.Skipped) || r.FailedCount != len(r.Failed) {
		t.Errorf("skipped %d failed %d", len(r.Skipped), len(r.Failed))
	}
	for _, e := range append(r.Skipped, r.Failed...) {
		if e.Message == "" || e.RemotePath.Valid {
			t.Errorf("entry %+v lacks a message or has a remote path", e)
		}
	}
	if model.OutcomeOf(&b) != model.FinishedWithFailures {
		t.Errorf("outcome %v", model.OutcomeOf(&b))
	}
}

func TestDeterministicFromSeed(t *testing.T) {
	clk := NewClock(t0)
	a := New(Options{Seed: 3, Now: clk.Now})
	b := New(Options{Seed: 3, Now: clk.Now})
	c := New(Options{Seed: 4, Now: clk.Now})
	clk.Advance(40 * time.Second)
	sa, sb, sc := a.Snapshot(), b.Snapshot(), c.Snapshot()
	if sa.Result.Completed[0].Path != sb.Result.Completed[0].Path || sa.StatusCounts != sb.StatusCounts {
		t.Error("the same seed played a different run")
	}
	if sa.Result.Remaining[0].Path == sc.Result.Remaining[0].Path && sa.StatusCounts == sc.StatusCounts {
		t.Error("a different seed played the same run")
	}
}

func TestTokenAndNotFound(t *testing.T) {
	s := New(Options{Token: "good"})
	ctx := context.Background()
	if _, err := client(t, s, "bad").GetBatch(ctx, DefaultProject, DefaultBatchID); !errors.Is(err, api.ErrUnauthorized) {
		t.Errorf("bad token: %v", err)
	}
	good := client(t, s, "good")
	if _, err := good.GetBatch(ctx, DefaultProject, DefaultBatchID); err != nil {
		t.Errorf("good token: %v", err)
	}
	if _, err := good.GetBatch(ctx, "other project", DefaultBatchID); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("other project: %v", err)
	}
	spaced := New(Options{Project: "my project"})
	if _, err := client(t, spaced, "").GetBatch(ctx, "my project", DefaultBatchID); err != nil {
		t.Errorf("project with a space: %v", err)
	}
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		f    Faults
		want error
	}{
		"server":    {Faults{ServerErrors: 1}, api.ErrServer},
		"ratelimit": {Faults{RateLimits: 1, RetryAfter: 5 * time.Second}, api.ErrRateLimited},
		"malformed": {Faults{Malformed: 1}, api.ErrMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			s := New(Options{Faults: tc.f})
			_, err := client(t, s, "").GetBatch(ctx, DefaultProject, DefaultBatchID)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if errors.Is(tc.want, api.ErrRateLimited) && api.RetryAfter(err) != 5*time.Second {
				t.Errorf("retry-after %v", api.RetryAfter(err))
			}
		})
	}
}

func TestFrozenBodyDoesNotChange(t *testing.T) {
	clk := NewClock(t0)
	s := New(Options{Now: clk.Now, FreezeAt: 30 * time.Second})
	clk.Advance(40 * time.Second)
	first, _ := s.next()
	clk.Advance(40 * time.Second)
	second, _ := s.next()
	if string(first) != string(second) {
		t.Error("a frozen run changed its body")
	}
}

func TestStartServesOnLoopback(t *testing.T) {
	s, url, stop, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	c := api.New(resty.New(), api.Options{BaseURL: url})
	if _, err := c.GetBatch(context.Background(), DefaultProject, DefaultBatchID); err != nil {
		t.Fatal(err)
	}
	if s.Requests() != 1 {
		t.Errorf("requests = %d", s.Requests())
	}
}
