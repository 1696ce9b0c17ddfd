package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
)

// run executes a command the way the runtime would and returns its message;
// batches are flattened and only the first message of interest is returned.
func run(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(t, c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestPollingChain(t *testing.T) {
	f := &fakeFetcher{}
	clk := sim.NewClock(t0)
	m := newTestModel(f, clk)
	m, _ = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	running := sampleBatch()
	f.push(running, nil)

	// start: one fetch
	m, cmd := send(t, m, startMsg{})
	if !m.poll.inFlight || cmd == nil {
		t.Fatal("start did not fetch")
	}
	// a tick or r while the request is in flight starts nothing
	if _, c := send(t, m, pollTickMsg{seq: m.poll.seq}); c != nil {
		t.Error("a tick started a second request")
	}
	if _, c := send(t, m, keyMsg("r")); c != nil {
		t.Error("r started a second request")
	}
	msgs := run(t, cmd)
	clk.Advance(time.Second)
	m, cmd = send(t, m, msgs[0])
	if m.poll.inFlight || m.batch == nil || cmd == nil {
		t.Fatal("answer not taken or no next tick scheduled")
	}
	if want := t0.Add(2 * time.Second); !m.poll.nextPoll.Equal(want) {
		t.Errorf("next poll at %v, want %v", m.poll.nextPoll, want)
	}
	tick := pollTickMsg{seq: m.poll.seq}

	// r now: fetch at once; the tick already scheduled is stale
	f.push(running, nil)
	m, cmd = send(t, m, keyMsg("r"))
	if !m.poll.inFlight || cmd == nil {
		t.Fatal("r did not fetch")
	}
	m, _ = send(t, m, run(t, cmd)[0])
	if _, c := send(t, m, tick); c != nil {
		t.Error("a stale tick fetched")
	}

	// pause: the scheduled tick is dropped, nothing is scheduled
	tick = pollTickMsg{seq: m.poll.seq}
	m = press(t, m, "p")
	if _, c := send(t, m, tick); c != nil {
		t.Error("a tick fetched while paused")
	}
	if !strings.Contains(m.View(), "PAUSED") {
		t.Error("no PAUSED")
	}
	// resume: fetch at once
	f.push(running, nil)
	m, cmd = send(t, m, keyMsg("p"))
	if !m.poll.inFlight || cmd == nil {
		t.Fatal("resume did not fetch")
	}
	m, _ = send(t, m, run(t, cmd)[0])
	if f.overlap {
		t.Error("two requests overlapped")
	}
}

func TestFinishedStopsAfterOneSettlePoll(t *testing.T) {
	f := &fakeFetcher{}
	clk := sim.NewClock(t0)
	m := newTestModel(f, clk)
	done := sampleBatch()
	done.StatusCounts = model.StatusCounts{Completed: 12}
	m, cmd := send(t, m, batchFetchedMsg{answer: api.Answer{Batch: done}, at: t0})
	if cmd == nil || m.poll.stopped != "" {
		t.Fatal("no settle poll after the first finished answer")
	}
	m, cmd = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: done}, at: t0.Add(2 * time.Second)})
	if cmd != nil || m.poll.stopped == "" {
		t.Fatal("polling went on after the settle poll")
	}
	m, _ = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	if v := m.View(); !strings.Contains(v, "polling stopped: finished") || !strings.Contains(v, "✖ finished with failures") {
		t.Errorf("header:\n%s", v)
	}
	// r still refreshes
	f.push(done, nil)
	if _, cmd := send(t, m, keyMsg("r")); cmd == nil {
		t.Error("r did not refresh a finished batch")
	}
}

func TestErrorsBackOffAndStop(t *testing.T) {
	clk := sim.NewClock(t0)
	m := newTestModel(&fakeFetcher{}, clk)
	m, _ = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: sampleBatch()}, at: t0})
	srv := api.NewStatusError(502, "HTML page: 502 Bad Gateway", 0)
	for i, want := range []time.Duration{2, 4, 8, 16, 32, 60, 60} {
		at := t0.Add(time.Duration(i+1) * time.Minute)
		var cmd tea.Cmd
		m, cmd = send(t, m, batchFetchedMsg{err: srv, at: at})
		if cmd == nil || m.poll.nextPoll.Sub(at) != want*time.Second {
			t.Errorf("failure %d: next in %v, want %ds", i+1, m.poll.nextPoll.Sub(at), want)
		}
	}
	v := m.View()
	if !strings.Contains(v, "server error (502): HTML page: 502 Bad Gateway — retry in 1m00s") || !strings.Contains(v, "report.pdf") && !strings.Contains(v, "roadmap.md") {
		t.Errorf("view:\n%s", v)
	}
	// success clears the error and goes back to the interval
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: sampleBatch()}, at: t0.Add(time.Hour)})
	if m.poll.err != nil || m.poll.failures != 0 || m.poll.nextPoll.Sub(t0.Add(time.Hour)) != 2*time.Second {
		t.Error("success did not reset the backoff")
	}
	if strings.Contains(m.View(), "retry in") {
		t.Error("error line still shown")
	}
	// rate limit: the server's wait
	m, _ = send(t, m, batchFetchedMsg{err: api.NewStatusError(429, "", 30*time.Second), at: t0.Add(time.Hour)})
	if m.poll.nextPoll.Sub(t0.Add(time.Hour)) != 30*time.Second || !strings.Contains(m.View(), "rate limited — retry in 30s") {
		t.Errorf("rate limit not honoured: %v", m.poll.nextPoll.Sub(t0.Add(time.Hour)))
	}
	// 404: stop, and say which ids
	m, cmd := send(t, m, batchFetchedMsg{err: api.NewStatusError(404, "", 0), at: t0.Add(2 * time.Hour)})
	if cmd != nil || m.poll.stopped == "" {
		t.Error("404 kept polling")
	}
	m, _ = send(t, m, tea.WindowSizeMsg{Width: 160, Height: 30})
	if v := m.View(); !strings.Contains(v, `project "acme-docs", batch "3c90c3cc-0d44-4b50-8888-8dd25736052a" — press r`) {
		t.Errorf("404 line:\n%s", v)
	}
}

func TestSelectionSurvivesRefresh(t *testing.T) {
	m := loaded(t, sampleBatch(), 80, 24)
	m = press(t, m, "5", "j", "j") // Remaining: c.md selected
	if e, _ := m.lists[4].Selected(); e.Label != "c.md" {
		t.Fatalf("selected %q", e.Label)
	}
	// a.md and b.md move on to Processing; a new file arrives in front
	b := sampleBatch()
	r := b.Result
	r.Processing = append(r.Processing, r.Remaining[0], r.Remaining[1])
	r.Remaining = append([]model.Entry{entry("new.md", "docs/new.md", "u-n", 0, "")}, r.Remaining[2:]...)
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b}, at: t0.Add(2 * time.Second)})
	if e, _ := m.lists[4].Selected(); e.Label != "c.md" {
		t.Errorf("after refresh selected %q, want c.md", e.Label)
	}
	if !strings.Contains(m.View(), "› c.md") {
		t.Errorf("view does not mark c.md:\n%s", m.View())
	}
	// c.md itself leaves: the cursor stays on the same row
	b2 := sampleBatch()
	b2.Result.Remaining = []model.Entry{entry("new.md", "docs/new.md", "u-n", 0, ""), entry("d.md", "docs/d.md", "u-r4", 0, "")}
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b2}, at: t0.Add(4 * time.Second)})
	if e, _ := m.lists[4].Selected(); e.Label != "d.md" {
		t.Errorf("after removal selected %q, want d.md (same row)", e.Label)
	}
}

func TestScrollPositionKept(t *testing.T) {
	b := sampleBatch()
	var many []model.Entry
	for i := 0; i < 200; i++ {
		id := string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		many = append(many, entry(id+".md", "docs/"+id+".md", "u-"+id, 0, ""))
	}
	b.Result.Completed = many
	m := press(t, loaded(t, b, 80, 24), "2", "pgdown", "pgdown", "j")
	l := m.lists[1]
	row := l.cursor - l.offset
	// two entries ahead of the selection finish processing... and leave the list
	b.Result.Completed = append([]model.Entry{}, many[2:]...)
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b}, at: t0.Add(2 * time.Second)})
	l = m.lists[1]
	if l.cursor-l.offset != row || l.entries[l.cursor].Label != many[l.cursor+2].Label {
		t.Errorf("row moved from %d to %d", row, l.cursor-l.offset)
	}
}

func TestKeys(t *testing.T) {
	m := loaded(t, sampleBatch(), 80, 24)
	for _, tc := range []struct {
		keys []string
		want int
	}{
		{[]string{"tab"}, 1}, {[]string{"l"}, 1}, {[]string{"right"}, 1},
		{[]string{"shift+tab"}, 5}, {[]string{"h"}, 5}, {[]string{"left"}, 5},
		{[]string{"3"}, 2}, {[]string{"5", "tab"}, 5}, {[]string{"6", "tab"}, 0}, {[]string{"1", "shift+tab", "shift+tab"}, 4},
	} {
		if got := press(t, m, tc.keys...).active; got != tc.want {
			t.Errorf("%v: tab %d, want %d", tc.keys, got, tc.want)
		}
	}
	m = press(t, m, "5", "G")
	if m.lists[4].cursor != 3 {
		t.Errorf("G: cursor %d", m.lists[4].cursor)
	}
	m = press(t, m, "g")
	if m.lists[4].cursor != 0 {
		t.Errorf("g: cursor %d", m.lists[4].cursor)
	}
	m = press(t, m, "down", "k", "j", "j", "up")
	if m.lists[4].cursor != 1 {
		t.Errorf("arrows: cursor %d", m.lists[4].cursor)
	}
	// enter opens the detail full-size; esc and enter close it
	m = press(t, m, "4", "enter")
	if !m.zoom || !strings.Contains(m.View(), "parser_error") {
		t.Error("enter did not open the detail with the message")
	}
	if press(t, m, "esc").zoom || press(t, m, "enter").zoom {
		t.Error("esc/enter did not close the detail")
	}
	// ? toggles help; q quits
	if !press(t, m, "?").showHelp || press(t, m, "?", "?").showHelp {
		t.Error("? does not toggle help")
	}
	if _, cmd := send(t, m, keyMsg("q")); cmd == nil || cmd() != tea.Quit() {
		t.Error("q does not quit")
	}
	if _, cmd := send(t, m, keyMsg("ctrl+c")); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c does not quit")
	}
}

// TestMessageAlwaysReachable: on a pane where the detail is not always
// visible, enter shows the message; where it is, the message is on screen.
func TestMessageAlwaysReachable(t *testing.T) {
	for _, sz := range [][2]int{{40, 12}, {80, 24}, {120, 36}} {
		m := press(t, loaded(t, sampleBatch(), sz[0], sz[1]), "4")
		if m.lay.side || m.lay.below {
			if !strings.Contains(m.View(), "parser_error") {
				t.Errorf("%v: message not visible beside or below", sz)
			}
		}
		if v := press(t, m, "enter").View(); !strings.Contains(v, "parser_error") {
			t.Errorf("%v: enter hid the message:\n%s", sz, v)
		}
	}
}

func TestUnchangedAnswerKeepsTheBatch(t *testing.T) {
	m := loaded(t, sampleBatch(), 80, 24)
	m = press(t, m, "4", "j")
	before := m.batch
	m, cmd := send(t, m, batchFetchedMsg{answer: api.Answer{Unchanged: true, Fingerprint: 7}, at: t0.Add(10 * time.Second)})
	if m.batch != before || cmd == nil {
		t.Fatal("an unchanged answer replaced the batch or stopped polling")
	}
	if !m.poll.lastOK.Equal(t0.Add(10*time.Second)) || m.poll.err != nil {
		t.Error("an unchanged answer is not fresh data")
	}
	if e, _ := m.lists[3].Selected(); e.Label != "big.csv" {
		t.Errorf("selection lost: %q", e.Label)
	}
}

func TestCostlyPollsStretchTheInterval(t *testing.T) {
	m := loaded(t, sampleBatch(), 160, 36)
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: sampleBatch(), Fingerprint: 9}, at: t0, cpu: 400 * time.Millisecond})
	if m.poll.effective != 4*time.Second || m.poll.nextPoll.Sub(t0) != 4*time.Second {
		t.Fatalf("effective %v, next in %v", m.poll.effective, m.poll.nextPoll.Sub(t0))
	}
	if v := m.View(); !strings.Contains(v, "every 4s (stretched: a poll costs 400ms of CPU)") {
		t.Errorf("header does not show the stretch:\n%s", strings.SplitN(v, "\n", 3)[1])
	}
	// cheap polls bring it back by halves
	for i := 0; i < 6; i++ {
		m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Unchanged: true, Fingerprint: 9}, at: t0, cpu: time.Millisecond})
	}
	if m.poll.effective != 2*time.Second {
		t.Errorf("effective %v after cheap polls", m.poll.effective)
	}
}

func TestIdleDashboardStopsItsClock(t *testing.T) {
	m := loaded(t, sampleBatch(), 80, 24)
	if _, cmd := send(t, m, clockTickMsg{at: t0.Add(4 * time.Second)}); cmd == nil {
		t.Fatal("the clock stopped while polling")
	}
	paused := press(t, m, "p")
	paused, cmd := send(t, paused, clockTickMsg{at: t0.Add(5 * time.Second)})
	if cmd != nil || paused.clockOn {
		t.Error("the clock kept ticking while paused")
	}
	if v := paused.View(); !strings.Contains(v, "data from ") {
		t.Errorf("paused header:\n%s", strings.SplitN(v, "\n", 3)[1])
	}
	// resuming fetches and wakes the clock
	resumed, cmd := send(t, paused, keyMsg("p"))
	if cmd == nil || !resumed.clockOn {
		t.Error("resume did not wake the clock")
	}
	// a finished batch, after its settle poll, leaves nothing ticking
	done := sampleBatch()
	done.StatusCounts = model.StatusCounts{Completed: 12}
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: done, Fingerprint: 3}, at: t0})
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Unchanged: true, Fingerprint: 3}, at: t0.Add(2 * time.Second)})
	if _, cmd := send(t, m, clockTickMsg{at: t0.Add(3 * time.Second)}); cmd != nil {
		t.Error("the clock kept ticking after the batch finished")
	}
	if _, cmd := send(t, m, spinnerTick()); cmd != nil {
		t.Error("the spinner kept ticking with data loaded")
	}
}
