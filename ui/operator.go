package ui

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
)

// noticeMsg is a one-line confirmation or error for the footer.
type noticeMsg struct {
	text string
	err  bool
}

// notice shows text in the footer until the next key.
func (m *Model) notice(text string, isErr bool) { m.note, m.noteErr = text, isErr }

// windowTitle is the pane title: progress, project and failures, or the
// outcome once finished.
func windowTitle(project string, b *model.Batch) string {
	project = model.Safe(project)
	f := model.Files(b)
	failed := b.StatusCounts.Failed + f.Failed
	var s string
	if model.Finished(b) {
		s = fmt.Sprintf("vfbatch %s %s %s", outcomeGlyph(model.OutcomeOf(b)), model.OutcomeOf(b), project)
	} else {
		s = fmt.Sprintf("vfbatch %d%% %s", int(progressShare(b)*100), project)
	}
	if failed > 0 {
		s += fmt.Sprintf(" · %d failed", failed)
	}
	return s
}

// progressShare is files done of total when the batch has file detail,
// else jobs finished.
func progressShare(b *model.Batch) float64 {
	if f := model.Files(b); b.HasFileDetail() && f.Total > 0 {
		return model.Share(f.Done(), f.Total)
	}
	return model.JobsShare(b)
}

// afterBatch keeps the window title current and, the first time the batch
// is seen finished, rings the bell (if it was seen running) and runs the
// operator's --on-finish command.
func (m *Model) afterBatch() tea.Cmd {
	var cmds []tea.Cmd
	if !m.opts.NoTitle {
		if t := windowTitle(m.opts.Project, m.batch); t != m.title {
			m.title = t
			// Written like the bell, not with tea.SetWindowTitle: Bubble Tea
			// v1.3 writes that from its event loop without the renderer's
			// lock, a data race with the frame being flushed.
			cmds = append(cmds, writeTerminal(m.opts.Terminal, "\x1b]2;"+t+"\a"))
		}
	}
	if !model.Finished(m.batch) {
		m.sawRunning = true
		return tea.Batch(cmds...)
	}
	if m.finishSeen {
		return tea.Batch(cmds...)
	}
	m.finishSeen = true
	if m.sawRunning && !m.opts.NoBell {
		cmds = append(cmds, writeTerminal(m.opts.Terminal, "\a"))
	}
	if m.opts.OnFinish != "" {
		cmds = append(cmds, runOnFinish(m.opts.Context, m.opts.OnFinish, FinishEnv(m.opts.Project, m.opts.BatchID, m.batch)))
	}
	return tea.Batch(cmds...)
}

// writeTerminal writes a control sequence (the bell, OSC 52) straight to
// the terminal, in one write.
func writeTerminal(w io.Writer, seq string) tea.Cmd {
	return func() tea.Msg {
		if w == nil {
			return nil
		}
		if _, err := io.WriteString(w, seq); err != nil {
			return noticeMsg{text: "cannot write to the terminal: " + err.Error(), err: true}
		}
		return nil
	}
}

// FinishEnv is the environment --on-finish commands get, besides vfbatch's
// own (less VERYFRONT_API_TOKEN).
func FinishEnv(project, batchID string, b *model.Batch) []string {
	f := model.Files(b)
	c := b.StatusCounts
	return []string{
		"VFBATCH_OUTCOME=" + model.OutcomeOf(b).String(),
		"VFBATCH_PROJECT=" + project,
		"VFBATCH_BATCH_ID=" + batchID,
		fmt.Sprintf("VFBATCH_JOBS_TOTAL=%d", b.JobCount),
		fmt.Sprintf("VFBATCH_JOBS_COMPLETED=%d", c.Completed),
		fmt.Sprintf("VFBATCH_JOBS_FAILED=%d", c.Failed),
		fmt.Sprintf("VFBATCH_JOBS_CANCELED=%d", c.Canceled),
		fmt.Sprintf("VFBATCH_FILES_TOTAL=%d", f.Total),
		fmt.Sprintf("VFBATCH_FILES_COMPLETED=%d", f.Completed),
		fmt.Sprintf("VFBATCH_FILES_SKIPPED=%d", f.Skipped),
		fmt.Sprintf("VFBATCH_FILES_FAILED=%d", f.Failed),
	}
}

// onFinishTimeout bounds the operator's command.
const onFinishTimeout = 5 * time.Minute

// runOnFinish runs command with sh -c, its output kept off the screen.
func runOnFinish(ctx context.Context, command string, env []string) tea.Cmd {
	return func() tea.Msg {
		err := RunOnFinish(ctx, command, env)
		if err != nil {
			return noticeMsg{text: "--on-finish: " + model.Safe(err.Error()), err: true}
		}
		return noticeMsg{text: "--on-finish command ran"}
	}
}

// RunOnFinish runs the operator's command once, with env added to the
// process environment (VERYFRONT_API_TOKEN removed), output discarded.
func RunOnFinish(ctx context.Context, command string, env []string) error {
	ctx, cancel := context.WithTimeout(ctx, onFinishTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VERYFRONT_API_TOKEN=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, io.Discard, io.Discard
	return cmd.Run()
}

// osc52 is the sequence that puts s on the clipboard of the terminal (and,
// with set-clipboard on, of tmux).
func osc52(s string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(s)) + "\a"
}

// copySelected copies the selected entry's path (its label when the path
// is null), or with message its message.
func (m Model) copySelected(message bool) (tea.Model, tea.Cmd) {
	var e *model.Entry
	ok := false
	if l := m.list(); l != nil {
		e, ok = l.Selected()
	} else if c, found := m.activity.Selected(); found {
		e, ok = &c.Entry, true
	}
	if !ok || m.opts.Terminal == nil {
		return m, nil
	}
	what, text := "path", e.Path.String
	if text == "" {
		what, text = "label", e.Label
	}
	if message {
		if e.Message == "" {
			m.notice("this entry has no message to copy", true)
			return m, nil
		}
		what, text = "message", e.Message
	}
	m.notice(fmt.Sprintf("copied the %s to the clipboard (OSC 52)", what), false)
	return m, writeTerminal(m.opts.Terminal, osc52(text))
}

// Interval bounds for + and -.
const (
	MinInterval = 500 * time.Millisecond
	MaxInterval = 5 * time.Minute
)

// setInterval doubles (+) or halves (-) the interval within bounds and,
// when a poll is waiting, reschedules it.
func (m Model) setInterval(factor float64) (tea.Model, tea.Cmd) {
	iv := time.Duration(float64(m.poll.interval) * factor)
	iv = min(max(iv, MinInterval), MaxInterval)
	if iv == m.poll.interval {
		m.notice(fmt.Sprintf("the interval stays %s (from %s to %s)", human(iv), MinInterval, human(MaxInterval)), false)
		return m, nil
	}
	m.poll.interval = iv
	m.poll.effective = model.StretchInterval(iv, m.poll.cost)
	m.notice("polling every "+iv.String(), false)
	if m.poll.inFlight || m.poll.paused || m.poll.stopped != "" || m.poll.nextPoll.IsZero() || m.poll.err != nil {
		return m, nil
	}
	return m, m.schedule(m.poll.effective)
}
