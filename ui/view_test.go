package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
)

func TestGoldenViews(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"processing-40x12", 40, 12, nil},
		{"failed-40x12", 40, 12, []string{"4"}},
		{"failed-zoom-40x12", 40, 12, []string{"4", "enter"}},
		{"failed-80x24", 80, 24, []string{"4"}},
		{"completed-100x30", 100, 30, []string{"2", "j"}},
		{"failed-120x36", 120, 36, []string{"4"}},
		{"help-80x24", 80, 24, []string{"?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := press(t, loaded(t, sampleBatch(), tc.w, tc.h), tc.keys...)
			v := m.View()
			assertFrame(t, v, tc.w, tc.h)
			golden(t, tc.name, v)
		})
	}
}

func TestGoldenWaitingAndErrors(t *testing.T) {
	clk := sim.NewClock(t0)
	m := newTestModel(&fakeFetcher{}, clk)
	m, _ = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = send(t, m, startMsg{})
	v := m.View()
	assertFrame(t, v, 80, 24)
	golden(t, "waiting-80x24", v)

	m, _ = send(t, m, batchFetchedMsg{seq: 1, err: api.NewStatusError(401, "Invalid token", 0), at: t0})
	v = m.View()
	assertFrame(t, v, 80, 24)
	if !strings.Contains(v, "token rejected") || !strings.Contains(v, "VERYFRONT_API_TOKEN") || !strings.Contains(v, "press r") {
		t.Errorf("401 not explained:\n%s", v)
	}
}

func TestNoFileDetail(t *testing.T) {
	b := sampleBatch()
	b.Result = &model.Result{Kind: "video_render"}
	b.Problems = []string{`result kind "video_render" has no file detail`}
	m := loaded(t, b, 80, 24)
	v := m.View()
	assertFrame(t, v, 80, 24)
	golden(t, "unknown-kind-80x24", v)
	b.Result, b.Problems = nil, nil
	v = loaded(t, b, 40, 12).View()
	if !strings.Contains(v, "No file detail") || !strings.Contains(v, "Jobs") {
		t.Errorf("null result:\n%s", v)
	}
}

func TestEmptyBucketSaysSo(t *testing.T) {
	b := sampleBatch()
	b.Result.Failed = nil
	v := press(t, loaded(t, b, 80, 24), "4").View()
	if !strings.Contains(v, "No failed files") || !strings.Contains(v, "[Failed (0)]") {
		t.Errorf("empty bucket:\n%s", v)
	}
}

// TestEverySize draws every state at sizes from 40×12 to 250×70 and checks
// that nothing is wider than the pane and the frame is exactly its height.
func TestEverySize(t *testing.T) {
	hostile := sampleBatch()
	hostile.Result.Failed = append(hostile.Result.Failed,
		entry(strings.Repeat("very-long-label-", 12)+"📄.pdf", strings.Repeat("deep/", 60)+"файл-報告.pdf", "u-x", 123456, strings.Repeat("word ", 200)))
	hostile.Target = sp(strings.Repeat("t", 300))
	states := map[string]func(m Model) Model{
		"plain":  func(m Model) Model { return m },
		"failed": func(m Model) Model { return press(t, m, "4", "G") },
		"zoom":   func(m Model) Model { return press(t, m, "4", "G", "enter") },
		"help":   func(m Model) Model { return press(t, m, "?") },
		"paused": func(m Model) Model { return press(t, m, "p") },
		"error": func(m Model) Model {
			m, _ = send(t, m, batchFetchedMsg{err: fmt.Errorf("%w: %s", api.ErrServer, strings.Repeat("x", 400)), at: t0})
			return m
		},
	}
	sizes := [][2]int{{40, 12}, {41, 13}, {50, 15}, {60, 20}, {80, 24}, {99, 27}, {100, 28}, {120, 36}, {160, 48}, {250, 70}}
	for name, apply := range states {
		for _, sz := range sizes {
			m := apply(loaded(t, hostile, sz[0], sz[1]))
			assertFrame(t, m.View(), sz[0], sz[1])
			// and after a resize from another size
			m, _ = send(t, m, tea.WindowSizeMsg{Width: sz[0] + 37, Height: sz[1] + 11})
			m, _ = send(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			if v := m.View(); true {
				assertFrame(t, v, sz[0], sz[1])
				if !strings.Contains(v, "vfbatch") || !strings.Contains(v, "[") {
					t.Errorf("%s %v: header or tabs lost:\n%s", name, sz, v)
				}
			}
		}
	}
}

func TestHeaderFreshnessAndPause(t *testing.T) {
	m := loaded(t, sampleBatch(), 120, 36)
	v := m.View()
	for _, want := range []string{"acme-docs / 3c90c3cc…", "task:knowledge-ingest", "knowledge_ingest", "● running", "elapsed 1m33s", "updated 3s ago"} {
		if !strings.Contains(v, want) {
			t.Errorf("header lacks %q", want)
		}
	}
	m, _ = send(t, m, clockTickMsg{at: t0.Add(7 * time.Second)})
	if v := m.View(); !strings.Contains(v, "stale: updated 7s ago") {
		t.Errorf("not stale after three intervals:\n%s", strings.SplitN(v, "\n", 3)[1])
	}
	m = press(t, m, "p")
	if v := m.View(); !strings.Contains(v, "PAUSED") {
		t.Error("no PAUSED in header")
	}
}

func TestFinishedHeader(t *testing.T) {
	b := sampleBatch()
	b.StatusCounts = model.StatusCounts{Completed: 11, Failed: 1}
	b.UpdatedAt = "2026-03-20T12:02:42.000Z"
	v := loaded(t, b, 120, 36).View()
	if !strings.Contains(v, "✖ finished with failures") || !strings.Contains(v, "finished in 4m12s") {
		t.Errorf("header:\n%s", strings.Join(strings.SplitN(v, "\n", 3)[:2], "\n"))
	}
}

func TestErrorKeepsData(t *testing.T) {
	m := loaded(t, sampleBatch(), 80, 24)
	m, _ = send(t, m, batchFetchedMsg{err: &api.TransportError{Detail: "connection reset"}, at: t0.Add(4 * time.Second)})
	v := m.View()
	if !strings.Contains(v, "network error: connection reset — retry in 2s") || !strings.Contains(v, "roadmap.md") {
		t.Errorf("error hid the data or lacks the retry:\n%s", v)
	}
	if !errors.Is(m.poll.err, api.ErrTransport) {
		t.Error("error not kept")
	}
}

func TestHelpScrollsOnSmallPanes(t *testing.T) {
	m := press(t, loaded(t, sampleBatch(), 40, 12), "?")
	v := m.View()
	if !strings.Contains(v, "more keys (j to scroll)") || !strings.Contains(v, "next tab") {
		t.Fatalf("help at 40x12:\n%s", v)
	}
	for i := 0; i < 40; i++ {
		m = press(t, m, "j")
	}
	v = m.View()
	if !strings.Contains(v, "quit") || strings.Contains(v, "more keys") {
		t.Errorf("scrolled to the end:\n%s", v)
	}
	assertFrame(t, v, 40, 12)
	if m = press(t, m, "?", "?"); m.helpOffset != 0 {
		t.Error("reopening the help does not start at the top")
	}
}
