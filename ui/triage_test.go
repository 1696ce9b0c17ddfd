package ui

import (
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"vfbatch/api"
	"vfbatch/model"
)

// arrive feeds b as the fetch command would, with the diff from the last
// batch.
func arrive(t *testing.T, m Model, b model.Batch, at time.Time) Model {
	t.Helper()
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: api.Fingerprint(at.UnixNano())},
		at: at, changes: model.Diff(m.base, &b, at)})
	return m
}

// later is the sample batch a poll later: roadmap.md completed, a new file
// failed, and a.md started processing.
func later() model.Batch {
	b := sampleBatch()
	r := b.Result
	r.Completed = append(r.Completed, r.Processing[0])
	r.Processing = append(r.Processing[1:], r.Remaining[0])
	r.Remaining = r.Remaining[1:]
	r.Failed = append(r.Failed, entry("broken.csv", "data/broken.csv", "u-f3", 0, "parser_error: unexpected quote at line 19"))
	r.FailedCount = 3
	return b
}

func TestActivityFeed(t *testing.T) {
	m := loaded(t, sampleBatch(), 120, 36)
	if v := press(t, m, "6").View(); !strings.Contains(v, "[Activity (0)]") || !strings.Contains(v, "the first batch read is the baseline") {
		t.Fatalf("the baseline made changes:\n%s", v)
	}
	m = arrive(t, m, later(), t0.Add(10*time.Second))
	m = press(t, m, "6")
	v := m.View()
	if !strings.Contains(v, "[Activity (3)]") {
		t.Fatalf("activity:\n%s", v)
	}
	for _, want := range []string{"▶ processing", "a.md", "✔ completed", "roadmap.md", "✖ failed", "broken.csv  parser_error: unexpected"} {
		if !strings.Contains(v, want) {
			t.Errorf("feed lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, t0.Add(10*time.Second).Local().Format("15:04:05")) {
		t.Error("feed lacks the poll's time")
	}
	// newest first: a later poll's change goes on top
	b := later()
	b.Result.Skipped = append(b.Result.Skipped, entry("z.tmp", "z.tmp", "u-z", 0, "hidden_path: dot"))
	m = arrive(t, m, b, t0.Add(20*time.Second))
	if c, _ := m.activity.Selected(); c == nil || c.Entry.Label != "z.tmp" {
		t.Errorf("newest change not first: %+v", c)
	}
	// the detail follows the selected change
	if !strings.Contains(m.View(), "hidden_path: dot") {
		t.Error("detail of the change not shown")
	}
	assertFrame(t, press(t, m, "G").View(), 120, 36)
	assertFrame(t, press(t, loaded(t, sampleBatch(), 40, 12), "6").View(), 40, 12)
}

func TestActivityKeepsAThousand(t *testing.T) {
	var a activityList
	a.SetSize(80, 10)
	for i := 0; i < 30; i++ {
		cs := make([]model.Change, 50)
		a.Add(cs)
	}
	if len(a.changes) != maxActivity {
		t.Errorf("kept %d changes", len(a.changes))
	}
}

// The feed outlives the batch its changes came from: it must not keep that
// batch's body (one block of memory per decoded body) alive.
func TestActivityKeepsNoBody(t *testing.T) {
	body := strings.Repeat("x", 1<<10) + "label/path/u-1/remote/message"
	in := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		start := uintptr(unsafe.Pointer(unsafe.StringData(body)))
		return p >= start && p < start+uintptr(len(body))
	}
	at := 1 << 10
	path, id, remote := body[at+6:at+10], body[at+11:at+14], body[at+15:at+21]
	e := model.Entry{Label: body[at : at+5], Path: model.Some(path), UploadID: model.Some(id), RemotePath: model.Some(remote), Message: body[at+22:]}
	var a activityList
	a.Add([]model.Change{{Key: "u:u-1", To: model.Failed, Entry: e}})
	got := a.changes[0].Entry
	if got.Label != "label" || got.Path.String != "path" || got.UploadID.String != "u-1" || got.RemotePath.String != "remote" || got.Message != "message" {
		t.Fatalf("clone differs: %+v", got)
	}
	for _, s := range []string{got.Label, got.Path.String, got.UploadID.String, got.RemotePath.String, got.Message} {
		if in(s) {
			t.Errorf("%q still lives in the body", s)
		}
	}
}

func TestNewSinceYouLooked(t *testing.T) {
	m := loaded(t, sampleBatch(), 100, 30) // Processing open
	m = arrive(t, m, later(), t0.Add(10*time.Second))
	if v := m.View(); !strings.Contains(v, "Failed (3, +1 new)") {
		t.Fatalf("no new mark in the title:\n%s", v)
	}
	// opening the tab clears the count and marks the new row
	m = press(t, m, "4")
	v := m.View()
	if strings.Contains(v, "+1 new") || !strings.Contains(v, "+ broken.csv") {
		t.Errorf("after opening Failed:\n%s", v)
	}
	// arrivals while the tab is open are marked, not counted
	b := later()
	b.Result.Failed = append(b.Result.Failed, entry("more.pdf", "x/more.pdf", "u-f4", 0, "upload_error: 503"))
	m = arrive(t, m, b, t0.Add(20*time.Second))
	if v := m.View(); !strings.Contains(v, "+ more.pdf") || strings.Contains(v, "new)") {
		t.Errorf("arrival on the open tab:\n%s", v)
	}
	// leaving the tab drops the marks; coming back shows none
	m = press(t, m, "1", "4")
	if v := m.View(); strings.Contains(v, "+ broken.csv") || strings.Contains(v, "+ more.pdf") {
		t.Errorf("marks survived leaving the tab:\n%s", v)
	}
	// an unseen arrival that leaves again is no longer counted
	m = press(t, m, "1")
	c := later()
	c.Result.Skipped = append(c.Result.Skipped, entry("s.bin", "s.bin", "u-s9", 0, "unsupported_file_type: .bin"))
	m = arrive(t, m, c, t0.Add(30*time.Second))
	if !strings.Contains(m.View(), "Skipped (3, +1 new)") {
		t.Fatalf("skipped arrival:\n%s", m.View())
	}
	m = arrive(t, m, later(), t0.Add(40*time.Second))
	if strings.Contains(m.View(), "+1 new") {
		t.Error("a file that left Skipped is still counted as new")
	}
}

func TestReasonsSummary(t *testing.T) {
	b := later()
	b.Result.Failed = append(b.Result.Failed,
		entry("x.pdf", "x.pdf", "u-x1", 0, "unexpected token at line 6"),
		entry("y.pdf", "y.pdf", "u-x2", 0, "unexpected token at line 19"))
	m := press(t, loaded(t, b, 120, 36), "4", "s")
	v := m.View()
	for _, want := range []string{"3 reasons for 5 failed files", "parser_error", "unexpected token at line <n>", "upload_error", "40%", "e.g. report.pdf"} {
		if !strings.Contains(v, want) {
			t.Errorf("summary lacks %q:\n%s", want, v)
		}
	}
	// largest first: parser_error (2) and the normalised one (2) before upload_error (1)
	if strings.Index(v, "upload_error") < strings.Index(v, "parser_error") {
		t.Error("not largest first")
	}
	// enter shows the reason's entries
	m = press(t, m, "j", "enter")
	if l := m.lists[3]; l.reason != "unexpected token at line <n>" || l.Len() != 2 || !strings.Contains(m.View(), "[Failed (2/5)]") {
		t.Fatalf("reason filter: %q shows %d\n%s", l.reason, l.Len(), m.View())
	}
	// esc returns to the summary, esc again to the whole list
	m = press(t, m, "esc")
	if !m.triage[3].open || m.lists[3].reason != "" {
		t.Fatal("esc did not return to the summary")
	}
	m = press(t, m, "esc")
	if m.triage[3].open || m.lists[3].Len() != 5 {
		t.Fatal("esc did not return to the whole list")
	}
	// s does nothing on tabs without messages
	if press(t, m, "2", "s").triage[1].open {
		t.Error("a summary on Completed")
	}
	// every size
	for _, sz := range [][2]int{{40, 12}, {80, 24}, {250, 70}} {
		assertFrame(t, press(t, loaded(t, b, sz[0], sz[1]), "4", "s").View(), sz[0], sz[1])
	}
}

// Whatever the operator left open, nothing may keep a batch (and with it the
// body its strings share) alive once two newer ones have arrived: a hidden
// tab, for one, keeps its last rendering for as long as it stays hidden.
func TestNoViewKeepsAnOldBatch(t *testing.T) {
	first := sampleBatch()
	freed := make(chan struct{})
	completed := first.Result.Completed
	runtime.SetFinalizer(&completed[0], func(*model.Entry) { close(freed) })
	completed = nil
	m := loaded(t, first, 120, 36)
	first = model.Batch{}
	// every view the operator can leave open: a filtered tab, the reasons
	// summary, a reason's entries, Activity, the detail full-size, the help
	m = press(t, m, "2", "/")
	m, ticks := typeText(t, m, "a")
	m, _ = send(t, m, ticks[len(ticks)-1])
	m = press(t, m, "enter")
	_ = m.View()
	m = press(t, m, "3", "s", "enter") // Skipped: one reason's entries
	_ = m.View()
	m = press(t, m, "6", "enter") // Activity, the detail full-size
	_ = m.View()
	if m.lists[1].filter != "a" || m.lists[2].reason == "" || !m.zoom {
		t.Fatalf("not in the states meant: filter %q, reason %q, zoom %v", m.lists[1].filter, m.lists[2].reason, m.zoom)
	}
	m = press(t, m, "esc", "4", "s", "?") // Failed's summary, under the help
	_ = m.View()
	if !m.triage[3].open || !m.showHelp {
		t.Fatalf("summary %v, help %v", m.triage[3].open, m.showHelp)
	}
	m = arrive(t, m, later(), t0.Add(10*time.Second))
	m = arrive(t, m, later(), t0.Add(20*time.Second)) // the diff's base moves on too
	_ = m.View()
	m = press(t, m, "?", "esc", "2")
	_ = m.View()
	for i := 0; i < 50; i++ {
		runtime.GC()
		select {
		case <-freed:
			runtime.KeepAlive(m)
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Error("the first batch's entries are still alive")
}
