package ui

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
)

// syncBuffer is a terminal that tests can read while the program writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// progressing is the sample batch with n more files done.
func progressing(n int) model.Batch {
	b := sampleBatch()
	b.Result.CompletedCount += n
	return b
}

func withOpts(t *testing.T, w, h int, edit func(*Options)) Model {
	clk := sim.NewClock(t0)
	o := Options{Client: &fakeFetcher{}, Project: "acme-docs", BatchID: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
		TokenSource: "VERYFRONT_API_TOKEN", Interval: 2 * time.Second, Theme: testTheme(),
		Now: clk.Now, Jitter: func() float64 { return 0.5 }, ExportDir: t.TempDir()}
	edit(&o)
	m := New(o)
	m, _ = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func TestRateETAAndSparkline(t *testing.T) {
	m := withOpts(t, 160, 36, func(*Options) {})
	for i := 0; i <= 6; i++ { // one more file every 10 s
		m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: progressing(i), Fingerprint: api.Fingerprint(i + 1)},
			at: t0.Add(time.Duration(i) * 10 * time.Second)})
	}
	lines := strings.SplitN(m.View(), "\n", 3)
	// 14 files, 14 done after six more: 8+6; the remaining 0 → use fewer
	if !strings.Contains(lines[1], "6 files/min") {
		t.Errorf("rate not shown: %q", lines[1])
	}
	if !strings.Contains(lines[0], "files/min ") || !strings.ContainsAny(lines[0], "▁▂▃▄▅▆▇█") {
		t.Errorf("no sparkline on a wide pane: %q", lines[0])
	}
	// the sample batch's counts say 14 done of 14 by now: no ETA; with more left there is one
	b := progressing(6)
	b.Result.TotalCount = 20
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: 99}, at: t0.Add(70 * time.Second)})
	if v := strings.SplitN(m.View(), "\n", 3)[1]; !strings.Contains(v, "ETA 1m") {
		t.Errorf("no ETA: %q", v)
	}
	narrow := withOpts(t, 80, 24, func(*Options) {})
	narrow, _ = send(t, narrow, batchFetchedMsg{answer: api.Answer{Batch: progressing(0), Fingerprint: 1}, at: t0})
	if v := narrow.View(); strings.Contains(v, "ETA") || strings.Contains(v, "files/min") {
		t.Error("an ETA from a single sample")
	}
}

func TestTitleBellAndOnFinish(t *testing.T) {
	term := &syncBuffer{}
	out := filepath.Join(t.TempDir(), "finished.txt")
	t.Setenv("VERYFRONT_API_TOKEN", "vf_must_not_leak")
	m := withOpts(t, 80, 24, func(o *Options) {
		o.Terminal = term
		o.OnFinish = `printf '%s|%s|%s|%s|%s|tok=%s' "$VFBATCH_OUTCOME" "$VFBATCH_PROJECT" "$VFBATCH_FILES_FAILED" "$VFBATCH_JOBS_TOTAL" "$VFBATCH_BATCH_ID" "$VERYFRONT_API_TOKEN" > ` + out
	})
	running := sampleBatch()
	m.batch = &running
	run(t, m.afterBatch())
	if term.String() != "\x1b]2;vfbatch 57% acme-docs · 3 failed\a" {
		t.Errorf("title written as %q", term.String())
	}
	if m.title != "vfbatch 57% acme-docs · 3 failed" {
		t.Errorf("title %q", m.title)
	}
	done := sampleBatch()
	done.StatusCounts = model.StatusCounts{Completed: 11, Failed: 1}
	m.batch = &done
	for _, msg := range run(t, m.afterBatch()) {
		if n, ok := msg.(noticeMsg); ok && n.err {
			t.Errorf("notice: %s", n.text)
		}
	}
	if m.title != "vfbatch ✖ finished with failures acme-docs · 3 failed" {
		t.Errorf("finished title %q", m.title)
	}
	if want := "\x1b]2;vfbatch 57% acme-docs · 3 failed\a\x1b]2;vfbatch ✖ finished with failures acme-docs · 3 failed\a\a"; term.String() != want {
		t.Errorf("terminal got %q, want the title (OSC 2) and one bell", term.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "finished with failures|acme-docs|2|12|3c90c3cc-0d44-4b50-8888-8dd25736052a|tok="; string(got) != want {
		t.Errorf("on-finish saw %q, want %q", got, want)
	}
	// once only
	if cmd := m.afterBatch(); cmd != nil {
		t.Error("finish handled twice")
	}

	// an already finished batch: no bell; --no-title, --no-bell respected
	quiet := withOpts(t, 80, 24, func(o *Options) { o.Terminal, o.NoTitle, o.NoBell = term, true, true })
	quiet.batch = &running
	quiet.afterBatch()
	quiet.batch = &done
	before := term.String()
	run(t, quiet.afterBatch())
	if quiet.title != "" || term.String() != before {
		t.Errorf("--no-title/--no-bell ignored: title %q terminal %q", quiet.title, term.String())
	}
}

func TestCopy(t *testing.T) {
	term := &syncBuffer{}
	m := withOpts(t, 80, 24, func(o *Options) { o.Terminal = term })
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: sampleBatch(), Fingerprint: 1}, at: t0})
	m = press(t, m, "4")
	m, cmd := send(t, m, keyMsg("y"))
	run(t, cmd)
	if want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("finance/reports/report.pdf")) + "\a"; term.String() != want {
		t.Errorf("y wrote %q", term.String())
	}
	if !strings.Contains(m.View(), "copied the path to the clipboard (OSC 52)") {
		t.Error("no confirmation")
	}
	m, cmd = send(t, m, keyMsg("Y"))
	run(t, cmd)
	if !strings.HasSuffix(term.String(), base64.StdEncoding.EncodeToString([]byte(sampleBatch().Result.Failed[0].Message))+"\a") {
		t.Error("Y did not copy the message")
	}
	// an entry without a path: its label
	b := sampleBatch()
	b.Result.Failed[0].Path = model.NullString{}
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: 2}, at: t0})
	m, cmd = send(t, m, keyMsg("y"))
	run(t, cmd)
	if !strings.HasSuffix(term.String(), base64.StdEncoding.EncodeToString([]byte("report.pdf"))+"\a") || !strings.Contains(m.View(), "copied the label") {
		t.Error("y without a path did not copy the label")
	}
	// no message on a completed entry
	m, cmd = send(t, press(t, m, "2"), keyMsg("Y"))
	if cmd != nil || !strings.Contains(m.View(), "no message to copy") {
		t.Error("Y on an entry without a message")
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	m := withOpts(t, 100, 30, func(o *Options) { o.ExportDir = dir })
	b := sampleBatch()
	b.Result.Failed = append(b.Result.Failed, model.Entry{Label: `say "hi", ok`, Message: "line one\nline two"})
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: 1}, at: t0})
	m, cmd := send(t, m, keyMsg("e"))
	m, _ = send(t, m, cmd())
	name := "vfbatch-acme-docs-3c90c3cc-" + t0.Local().Format("20060102-150405") + ".csv"
	if v := m.View(); !strings.Contains(v, "exported 5 failed and skipped entries to "+name) {
		t.Errorf("footer:\n%s", v)
	}
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	want := "bucket,label,path,upload_id,remote_path,warning_count,message,reason\n" +
		"failed,report.pdf,finance/reports/report.pdf,u-f1,,0,\"parser_error: unexpected token at line 6 of the PDF text layer, after the table of contents on page 2\",parser_error\n" +
		"failed,big.csv,data/exports/big.csv,u-f2,,1,upload_error: storage answered 503 after 3 attempts,upload_error\n" +
		"failed,\"say \"\"hi\"\", ok\",,,,0,\"line one\nline two\",line one line two\n" +
		"skipped,.env,.env,,,0,hidden_path: files and folders starting with a dot are not ingested,hidden_path\n" +
		"skipped,logo.png,marketing/logo.png,u-s2,,0,unsupported_file_type: .png files cannot be ingested,unsupported_file_type\n"
	if string(got) != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
	// never overwrites: the same second gives -2
	m, cmd = send(t, m, keyMsg("e"))
	m, _ = send(t, m, cmd())
	if _, err := os.Stat(filepath.Join(dir, strings.TrimSuffix(name, ".csv")+"-2.csv")); err != nil {
		t.Errorf("second export: %v\n%s", err, m.View())
	}
	// write errors are shown
	bad := withOpts(t, 100, 30, func(o *Options) { o.ExportDir = filepath.Join(dir, "missing", "dir") })
	bad, _ = send(t, bad, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: 1}, at: t0})
	bad, cmd = send(t, bad, keyMsg("e"))
	bad, _ = send(t, bad, cmd())
	if v := bad.View(); !strings.Contains(v, "export failed:") {
		t.Errorf("write error not shown:\n%s", v)
	}
}

func TestExportName(t *testing.T) {
	at := time.Date(2026, 3, 20, 9, 5, 7, 0, time.UTC)
	if got := ExportName("my project/../x", "3c90c3cc-0d44", at); got != "vfbatch-my_project_.._x-3c90c3cc-20260320-090507.csv" {
		t.Errorf("ExportName = %q", got)
	}
}

func TestIntervalKeys(t *testing.T) {
	m := loaded(t, sampleBatch(), 120, 36)
	m, cmd := send(t, m, keyMsg("+"))
	if m.poll.interval != 4*time.Second || cmd == nil {
		t.Fatalf("+: interval %v", m.poll.interval)
	}
	if !strings.Contains(m.View(), "every 4s") {
		t.Error("header does not show the new interval")
	}
	m = press(t, m, "-", "-", "-", "-")
	if m.poll.interval != 500*time.Millisecond {
		t.Errorf("- floors at 500ms, got %v", m.poll.interval)
	}
	for i := 0; i < 12; i++ {
		m = press(t, m, "+")
	}
	if m.poll.interval != 5*time.Minute {
		t.Errorf("+ caps at 5m, got %v", m.poll.interval)
	}
}

func TestMouse(t *testing.T) {
	m := withOpts(t, 80, 24, func(o *Options) { o.Mouse = true })
	b := sampleBatch()
	m, _ = send(t, m, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: 1}, at: t0})
	m = press(t, m, "5")
	m, _ = send(t, m, tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress, X: 5, Y: 8})
	if m.lists[4].cursor != 3 {
		t.Errorf("wheel: cursor %d", m.lists[4].cursor)
	}
	// the tab bar is on row 4 (header 2, compact bars 2); find "Failed" in it
	tabs := strings.Split(m.View(), "\n")[4]
	x := strings.Index(tabs, "Failed")
	m, _ = send(t, m, tea.MouseMsg{Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease, X: len([]rune(tabs[:x])), Y: 4})
	if m.active != int(model.Failed) {
		t.Fatalf("click on Failed opened tab %d (tabs %q)", m.active, tabs)
	}
	m, _ = send(t, m, tea.MouseMsg{Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease, X: 3, Y: 6})
	if m.lists[3].cursor != 1 {
		t.Errorf("click on the second row: cursor %d", m.lists[3].cursor)
	}
	off := withOpts(t, 80, 24, func(o *Options) {})
	off, _ = send(t, off, batchFetchedMsg{answer: api.Answer{Batch: b, Fingerprint: 1}, at: t0})
	off, _ = send(t, off, tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if off.lists[0].cursor != 0 {
		t.Error("mouse acted without --mouse")
	}
}

// TestOperatorKeysWholeProgram drives filter, copy and export through a
// running program.
func TestOperatorKeysWholeProgram(t *testing.T) {
	term := &syncBuffer{}
	dir := t.TempDir()
	f := &fakeFetcher{}
	for i := 0; i < 50; i++ {
		f.push(sampleBatch(), nil)
	}
	m := New(Options{Client: f, Project: "acme", BatchID: "b1", Interval: time.Hour, Theme: testTheme(),
		Terminal: term, ExportDir: dir})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Failed (2)")) },
		teatest.WithDuration(3*time.Second))
	tm.Type("4/upload")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Failed (1/2)")) },
		teatest.WithDuration(3*time.Second))
	tm.Type("y")
	tm.Type("e")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("exported 4")) },
		teatest.WithDuration(3*time.Second))
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if want := base64.StdEncoding.EncodeToString([]byte("data/exports/big.csv")); !strings.Contains(term.String(), want) {
		t.Errorf("terminal %q lacks the copied path", term.String())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "vfbatch-acme-b1-*.csv"))
	if len(files) != 1 {
		t.Errorf("export files %v", files)
	}
}
