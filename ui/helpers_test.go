package ui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
	"vfbatch/theme"
)

// updating reports whether -update was given; the flag is registered by
// teatest's golden package, which this package's tests link.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var t0 = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	if benchHelpers() {
		return
	}
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// fakeFetcher answers from a queue and counts overlapping calls.
type fakeFetcher struct {
	mu       sync.Mutex
	answers  []answer
	calls    int
	inFlight int
	overlap  bool
}

type answer struct {
	b   model.Batch
	err error
}

func (f *fakeFetcher) push(b model.Batch, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, answer{b, err})
}

func (f *fakeFetcher) Poll(ctx context.Context, project, batchID string, last api.Fingerprint) (api.Answer, error) {
	f.mu.Lock()
	f.calls++
	f.inFlight++
	if f.inFlight > 1 {
		f.overlap = true
	}
	var a answer
	if len(f.answers) > 0 {
		a, f.answers = f.answers[0], f.answers[1:]
	}
	f.inFlight--
	f.mu.Unlock()
	return api.Answer{Batch: a.b, Fingerprint: api.Fingerprint(f.calls)}, a.err
}

// clock is a settable now for the model: the simulated API's manual clock.
type clock = sim.Clock

func testTheme() theme.Theme { return theme.New(theme.Default, true, termenv.Ascii) }

func newTestModel(f Fetcher, clk *clock) Model {
	return New(Options{Client: f, Project: "acme-docs", BatchID: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
		TokenSource: "VERYFRONT_API_TOKEN", Interval: 2 * time.Second, Theme: testTheme(),
		Now: clk.Now, Jitter: func() float64 { return 0.5 }})
}

// send feeds one message and returns the model and its command.
func send(t *testing.T, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func press(t *testing.T, m Model, keys ...string) Model {
	for _, k := range keys {
		next, _ := m.Update(keyMsg(k))
		m = next.(Model)
	}
	return m
}

// loaded is a model sized w×h that has read b at t0.
func loaded(t *testing.T, b model.Batch, w, h int) Model {
	clk := sim.NewClock(t0)
	m := newTestModel(&fakeFetcher{}, clk)
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: w, Height: h},
		batchFetchedMsg{seq: 1, answer: api.Answer{Batch: b}, at: t0}, clockTickMsg{at: t0.Add(3 * time.Second)}} {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// assertFrame fails unless the view is exactly h lines, none wider than w.
func assertFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%dx%d: line %d is %d wide: %q", w, h, i, lw, l)
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n%s\n--- want:\n%s", name, got, want)
	}
}

func sp(s string) model.NullString { return model.Some(s) }

func entry(label, path, upload string, warnings int, msg string) model.Entry {
	e := model.Entry{Label: label, WarningCount: warnings, Message: msg}
	if path != "" {
		e.Path = sp(path)
	}
	if upload != "" {
		e.UploadID = sp(upload)
	}
	return e
}

// sampleBatch is a mid-run ingest with every bucket filled.
func sampleBatch() model.Batch {
	return model.Batch{ID: "3c90c3cc-0d44-4b50-8888-8dd25736052a", Target: sp("task:knowledge-ingest"),
		JobCount: 12, StatusCounts: model.StatusCounts{Submitted: 4, Working: 2, Completed: 5, Failed: 1},
		CreatedAt: "2026-03-20T11:58:30.000Z", UpdatedAt: "2026-03-20T12:00:00.000Z",
		Result: &model.Result{Kind: model.KindKnowledgeIngest, TotalCount: 14, CompletedCount: 4, SkippedCount: 2, FailedCount: 2,
			Processing: []model.Entry{entry("roadmap.md", "product/specs/roadmap.md", "u-p1", 0, ""),
				entry("faq.pdf", "support/faq/faq.pdf", "u-p2", 0, "")},
			Completed: []model.Entry{entry("overview.md", "docs/overview.md", "u-c1", 0, ""),
				entry("prices.csv", "sales/playbooks/2026/q1/regional/prices-emea-and-apac-final.csv", "u-c2", 2, ""),
				entry("資料.md", "research/資料.md", "u-c3", 0, ""),
				entry("notes.txt", "handbook/notes.txt", "u-c4", 0, "")},
			Skipped: []model.Entry{entry(".env", ".env", "", 0, "hidden_path: files and folders starting with a dot are not ingested"),
				entry("logo.png", "marketing/logo.png", "u-s2", 0, "unsupported_file_type: .png files cannot be ingested")},
			Failed: []model.Entry{entry("report.pdf", "finance/reports/report.pdf", "u-f1", 0,
				"parser_error: unexpected token at line 6 of the PDF text layer, after the table of contents on page 2"),
				entry("big.csv", "data/exports/big.csv", "u-f2", 1, "upload_error: storage answered 503 after 3 attempts")},
			Remaining: []model.Entry{entry("a.md", "docs/a.md", "u-r1", 0, ""), entry("b.md", "docs/b.md", "u-r2", 0, ""),
				entry("c.md", "docs/c.md", "u-r3", 0, ""), entry("d.md", "docs/d.md", "u-r4", 0, "")},
			RemainingLabel: "Remaining Files"}}
}

func spinnerTick() tea.Msg { return spinner.TickMsg{} }
