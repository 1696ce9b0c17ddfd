package plain

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
)

var t0 = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func sp(s string) model.NullString { return model.Some(s) }

func sample() model.Batch {
	return model.Batch{ID: "b-1", Target: sp("task:knowledge-ingest"), JobCount: 4,
		StatusCounts: model.StatusCounts{Completed: 3, Failed: 1},
		CreatedAt:    "2026-03-20T12:00:00.000Z", UpdatedAt: "2026-03-20T12:04:12.000Z",
		Result: &model.Result{Kind: model.KindKnowledgeIngest, TotalCount: 5, CompletedCount: 2, SkippedCount: 1, FailedCount: 2,
			Completed: []model.Entry{{Label: "a.md", Path: sp("docs/a.md")}, {Label: "b.md", Path: sp("docs/b.md")}},
			Skipped:   []model.Entry{{Label: ".env", Path: sp(".env"), Message: "hidden_path: dot files are not ingested"}},
			Failed: []model.Entry{{Label: "c.pdf", Path: sp("docs/c.pdf"), Message: "parser_error: unexpected token at line 6"},
				{Label: "orphan", Message: "upload_error: storage answered 503"}},
			RemainingLabel: "Not Ingested Files"}}
}

func TestSummary(t *testing.T) {
	b := sample()
	var out bytes.Buffer
	if err := Summary(&out, "acme docs", &b); err != nil {
		t.Fatal(err)
	}
	want := `Batch    b-1 (project acme docs)
Target   task:knowledge-ingest
Kind     knowledge_ingest
Outcome  finished with failures
Created  2026-03-20T12:00:00.000Z   updated 2026-03-20T12:04:12.000Z
Jobs     4/4 finished (100%): 0 submitted, 0 working, 3 completed, 1 failed, 0 canceled
Files    5/5 done: 2 completed, 1 skipped, 2 failed; listed: 0 processing, 2 completed, 1 skipped, 2 failed, 0 not ingested files

Failed files (2)
  docs/c.pdf
    parser_error: unexpected token at line 6
  orphan
    upload_error: storage answered 503

Skipped files (1)
  .env
    hidden_path: dot files are not ingested
`
	if out.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestSummaryWithoutFileDetail(t *testing.T) {
	b := model.Batch{ID: "b", JobCount: 2, StatusCounts: model.StatusCounts{Working: 2},
		Result: &model.Result{Kind: "video_render"}, Problems: []string{`result kind "video_render" has no file detail`}}
	var out bytes.Buffer
	_ = Summary(&out, "p", &b)
	for _, want := range []string{"Outcome  running", "Jobs     0/2 finished (0%)", "Note     result kind", "no file detail"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestProgressLine(t *testing.T) {
	b := sample()
	got := ProgressLine(time.Date(2026, 1, 1, 9, 5, 7, 0, time.UTC), &b)
	want := "09:05:07  jobs 4/4 (100%)  files 5/5  failures 3 (1 jobs, 2 files)  finished with failures"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	b.Result = nil
	b.StatusCounts = model.StatusCounts{Working: 2, Completed: 2}
	if got := ProgressLine(time.Date(2026, 1, 1, 9, 5, 7, 0, time.UTC), &b); got != "09:05:07  jobs 2/4 (50%)  failures 0" {
		t.Errorf("got %q", got)
	}
}

func TestJSON(t *testing.T) {
	b := sample()
	var out bytes.Buffer
	if err := JSON(&out, &b); err != nil {
		t.Fatal(err)
	}
	var back model.Batch
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Result.Failed[1].Path.Valid || back.Result.Failed[0].Message != b.Result.Failed[0].Message || back.JobCount != 4 {
		t.Errorf("round trip lost data: %s", out.String())
	}
	if !strings.Contains(out.String(), `"path": null`) {
		t.Error("a null path must stay null")
	}
}

// fakeTime is a clock whose After advances it at once.
type fakeTime struct {
	clk   *sim.Clock
	waits []time.Duration
}

func (f *fakeTime) after(d time.Duration) <-chan time.Time {
	f.waits = append(f.waits, d)
	f.clk.Advance(d)
	ch := make(chan time.Time, 1)
	ch <- f.clk.Now()
	return ch
}

func simClient(t *testing.T, o sim.Options) (*api.Client, *fakeTime) {
	ft := &fakeTime{clk: sim.NewClock(t0)}
	o.Now = ft.clk.Now
	srv := httptest.NewServer(sim.New(o))
	t.Cleanup(srv.Close)
	return api.New(resty.New(), api.Options{BaseURL: srv.URL, Now: ft.clk.Now}), ft
}

func TestFollowPlaysARunToTheEnd(t *testing.T) {
	c, ft := simClient(t, sim.Options{Seed: 1})
	var lines []string
	b, err := Follow(context.Background(), c, FollowOptions{Project: sim.DefaultProject, BatchID: sim.DefaultBatchID,
		Interval: 2 * time.Second, Now: ft.clk.Now, After: ft.after,
		OnBatch: func(b *model.Batch) { lines = append(lines, ProgressLine(ft.clk.Now(), b)) }})
	if err != nil {
		t.Fatal(err)
	}
	if !model.Finished(&b) || len(lines) < 40 {
		t.Fatalf("finished %v after %d polls", model.Finished(&b), len(lines))
	}
	// The settle poll: the last two reads are both finished.
	if !strings.Contains(lines[len(lines)-2], "finished") || !strings.Contains(lines[len(lines)-1], "finished") {
		t.Errorf("no settle poll: %q", lines[len(lines)-2:])
	}
	for _, w := range ft.waits {
		if w != 2*time.Second {
			t.Errorf("waited %v between polls", w)
		}
	}
}

func TestFollowRetriesThenGivesUp(t *testing.T) {
	c, ft := simClient(t, sim.Options{Faults: sim.Faults{ServerErrors: 1}})
	retries := 0
	_, err := Follow(context.Background(), c, FollowOptions{Project: sim.DefaultProject, BatchID: sim.DefaultBatchID,
		Interval: 2 * time.Second, GiveUpAfter: 5 * time.Minute, Now: ft.clk.Now, After: ft.after,
		Jitter: func() float64 { return 0.5 }, OnRetry: func(error, time.Duration) { retries++ }})
	if !errors.Is(err, ErrGaveUp) || !errors.Is(err, api.ErrServer) {
		t.Fatalf("err = %v", err)
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute}
	for i, w := range want {
		if ft.waits[i] != w {
			t.Errorf("wait %d = %v, want %v", i, ft.waits[i], w)
		}
	}
	if retries != len(ft.waits) {
		t.Errorf("OnRetry called %d times for %d waits", retries, len(ft.waits))
	}
}

func TestFollowStopsAtOnceOnAuthError(t *testing.T) {
	c, ft := simClient(t, sim.Options{Token: "right"})
	_, err := Follow(context.Background(), c, FollowOptions{Project: sim.DefaultProject, BatchID: sim.DefaultBatchID,
		Interval: time.Second, Now: ft.clk.Now, After: ft.after})
	if !errors.Is(err, api.ErrUnauthorized) || len(ft.waits) != 0 {
		t.Fatalf("err = %v after %d waits", err, len(ft.waits))
	}
}

func TestOnceRetriesThreeTimes(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls < 3 {
			w.WriteHeader(502)
			return
		}
		_, _ = w.Write([]byte(`{"id":"b","job_count":1,"status_counts":{"completed":1}}`))
	}))
	defer srv.Close()
	ft := &fakeTime{clk: sim.NewClock(t0)}
	c := api.New(resty.New(), api.Options{BaseURL: srv.URL})
	b, err := Once(context.Background(), c, FollowOptions{Project: "p", BatchID: "b", Interval: time.Second, Now: ft.clk.Now, After: ft.after})
	if err != nil || b.ID != "b" || calls != 3 {
		t.Fatalf("b %+v err %v calls %d", b, err, calls)
	}
}

func TestArrivalLines(t *testing.T) {
	at := time.Date(2026, 1, 1, 9, 5, 7, 0, time.UTC)
	cs := []model.Change{
		{At: at, To: model.Completed, Entry: model.Entry{Label: "ok.md"}},
		{At: at, From: model.Appeared, To: model.Failed, Entry: model.Entry{Label: "c.pdf", Path: sp("docs/c.pdf"), Message: "parser_error: bad"}},
		{At: at, From: model.Remaining, To: model.Skipped, Entry: model.Entry{Label: ".env"}},
		{At: at, From: model.Failed, To: model.Disappeared, Entry: model.Entry{Label: "gone"}},
	}
	got := strings.Join(ArrivalLines(cs), "\n")
	want := "09:05:07  failed   docs/c.pdf  parser_error: bad\n09:05:07  skipped  .env  —"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
