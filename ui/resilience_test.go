package ui

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/go-resty/resty/v2"

	"vfbatch/api"
	"vfbatch/api/sim"
)

// hostile carries every kind of sequence a terminal would act on.
const hostile = `\u001b]2;pwned\u0007\u001b]52;c;ZXZpbA==\u001b\\\u001b[2J\u001b[31mred\u001b[0m\u0007\u202eevil\u009b1m`

// hostileBody is a batch whose every string is hostile.
var hostileBody = `{"id":"` + hostile + `","project_id":"` + hostile + `","target":"` + hostile + `",
 "job_count":2,"status_counts":{"working":1,"completed":1},"created_at":"` + hostile + `","updated_at":"` + hostile + `",
 "result":{"kind":"knowledge_ingest","total_count":3,"completed_count":1,"skipped_count":1,"failed_count":1,
  "processing":[],"completed":[{"label":"` + hostile + `","path":"` + hostile + `","upload_id":"` + hostile + `","remote_path":"` + hostile + `","warning_count":1}],
  "skipped":[{"label":"s` + hostile + `","path":"p` + hostile + `","upload_id":null,"remote_path":null,"warning_count":0,"message":"hidden_path` + hostile + `"}],
  "failed":[{"label":"f` + hostile + `","path":null,"upload_id":null,"remote_path":null,"warning_count":0,"message":"parser_error` + hostile + `"}],
  "remaining":[],"remaining_label":"` + hostile + `"}}`

// assertTerminalSafe fails when s holds anything but printable text and newlines.
func assertTerminalSafe(t *testing.T, where, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: invalid UTF-8", where)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Errorf("%s: %U reached the screen", where, r)
			return
		}
	}
}

func TestHostileStringsNeverReachTheScreen(t *testing.T) {
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(hostileBody)) }))
	defer good.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = w.Write([]byte("oops \x1b]2;pwned\x07\x1b[2J\u202e\x9b1m"))
	}))
	defer bad.Close()
	ctx := context.Background()
	b, err := api.New(resty.New(), api.Options{BaseURL: good.URL}).GetBatch(ctx, "p", "b")
	if err != nil {
		t.Fatal(err)
	}
	_, srvErr := api.New(resty.New(), api.Options{BaseURL: bad.URL}).GetBatch(ctx, "p", "b")
	if srvErr == nil {
		t.Fatal("no error from the failing server")
	}
	for _, sz := range [][2]int{{40, 12}, {80, 24}, {120, 36}} {
		m := loaded(t, b, sz[0], sz[1])
		for _, keys := range [][]string{nil, {"2"}, {"3"}, {"4"}, {"4", "enter"}, {"3", "enter"}, {"5"}} {
			assertTerminalSafe(t, "view", press(t, m, keys...).View())
		}
		m, _ = send(t, m, batchFetchedMsg{err: srvErr, at: t0})
		v := m.View()
		assertTerminalSafe(t, "error view", v)
		if !strings.Contains(v, "oops") {
			t.Errorf("error body not shown:\n%s", v)
		}
	}
	// a hostile kind makes the result unknown; it is shown, safely
	unknown := strings.Replace(hostileBody, `"kind":"knowledge_ingest"`, `"kind":"`+hostile+`"`, 1)
	ub, err := api.Decode([]byte(unknown))
	if err != nil {
		t.Fatal(err)
	}
	assertTerminalSafe(t, "unknown kind", loaded(t, ub, 80, 24).View())
}

// TestSlowServerNeverBlocks: while a request hangs, keys, resize and quit
// stay instant.
func TestSlowServerNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	client := api.New(resty.New(), api.Options{BaseURL: srv.URL, Timeout: time.Minute})
	m := New(Options{Client: client, Project: "p", BatchID: "b", Interval: time.Second, Theme: testTheme()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(3*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	}
	wait("fetching batch")
	tm.Type("?")
	wait("previous tab")
	tm.Send(tea.WindowSizeMsg{Width: 44, Height: 14})
	tm.Type("?")
	wait("fetching batch")
	start := time.Now()
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("quitting during a request took %s", d)
	}
}

var soak = flag.Duration("soak", 3*time.Second, "how long the soak test runs")

// countingFetcher wraps a fetcher and records overlapping calls.
type countingFetcher struct {
	next     Fetcher
	mu       sync.Mutex
	inFlight int
	calls    int
	overlaps int
}

func (c *countingFetcher) Poll(ctx context.Context, project, batchID string, last api.Fingerprint) (api.Answer, error) {
	c.mu.Lock()
	c.inFlight++
	c.calls++
	if c.inFlight > 1 {
		c.overlaps++
	}
	c.mu.Unlock()
	defer func() { c.mu.Lock(); c.inFlight--; c.mu.Unlock() }()
	return c.next.Poll(ctx, project, batchID, last)
}

// TestSoak polls a faulty server at a tiny interval: requests never
// overlap, goroutines do not pile up and the heap stays bounded.
func TestSoak(t *testing.T) {
	s, url, stop, err := sim.Start(sim.Options{Files: 40, Seed: 3, Duration: 10 * time.Second,
		Faults: sim.Faults{ServerErrors: 0.2, Malformed: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	_ = s
	runtime.GC()
	goroutines := runtime.NumGoroutine()
	cf := &countingFetcher{next: api.New(resty.New(), api.Options{BaseURL: url})}
	m := New(Options{Client: cf, Project: sim.DefaultProject, BatchID: sim.DefaultBatchID,
		Interval: 5 * time.Millisecond, Theme: testTheme()})
	// Bubble Tea writes the window title from its event loop and frames from
	// its renderer: the terminal must take concurrent writes, as a tty does.
	out := &syncBuffer{}
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(out), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 36})
	var peak uint64
	deadline := time.After(*soak)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
loop:
	for {
		select {
		case <-deadline:
			break loop
		case <-tick.C:
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			p.Send(keyMsg("j"))
		}
	}
	p.Quit()
	<-done
	cf.mu.Lock()
	defer cf.mu.Unlock()
	if cf.overlaps > 0 {
		t.Errorf("%d requests overlapped", cf.overlaps)
	}
	if cf.calls < 20 {
		t.Errorf("only %d requests in %s", cf.calls, *soak)
	}
	if peak > 200<<20 {
		t.Errorf("heap peaked at %d MiB", peak>>20)
	}
	// Goroutines: allow the HTTP keep-alive connection's pair and a little slack.
	for i := 0; i < 100 && runtime.NumGoroutine() > goroutines+6; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines+6 {
		t.Errorf("goroutines grew from %d to %d", goroutines, n)
	}
	t.Logf("%d requests, heap peak %d MiB", cf.calls, peak>>20)
}
