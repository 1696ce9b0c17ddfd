package ui

import (
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/api"
	"vfbatch/model"
)

// pollState is the polling chain. One request at most is in flight: a tick
// starts a fetch only when none is, and the fetch's result schedules the next
// tick. seq numbers the ticks so that pause and manual refresh drop the one
// already scheduled.
type pollState struct {
	interval time.Duration
	seq      int
	inFlight bool
	paused   bool
	settled  bool      // the previous answer already showed the batch finished
	stopped  string    // why automatic polling stopped, "" while it runs
	nextPoll time.Time // when the scheduled tick fires; zero if none
	lastOK   time.Time
	failures int // consecutive
	err      error
	// fingerprint identifies the last body read, so that an unchanged one
	// is not decoded again.
	fingerprint api.Fingerprint
	// cost is a moving average of the CPU one poll takes; effective is the
	// interval stretched so that polling stays under a tenth of a core.
	cost      time.Duration
	effective time.Duration
}

// batchFetchedMsg is the answer to one poll.
type batchFetchedMsg struct {
	seq    int
	answer api.Answer
	err    error
	at     time.Time
	cpu    time.Duration // CPU the process spent on the request and decoding
	// changes are what moved since the last batch with file detail.
	changes []model.Change
}

// pollTickMsg says that it is time for poll seq.
type pollTickMsg struct{ seq int }

// fetchNow starts a request unless one is in flight.
func (m Model) fetchNow() (Model, tea.Cmd) {
	if m.poll.inFlight {
		return m, nil
	}
	m.poll.seq++
	m.poll.inFlight = true
	m.poll.nextPoll = time.Time{}
	m.updateKeys()
	c, ctx, now := m.opts.Client, m.opts.Context, m.opts.Now
	project, batchID, seq, last, base := m.opts.Project, m.opts.BatchID, m.poll.seq, m.poll.fingerprint, m.base
	fetch := func() tea.Msg {
		before := cpuTime()
		a, err := c.Poll(ctx, project, batchID, last)
		msg := batchFetchedMsg{seq: seq, answer: a, err: err, at: now()}
		if err == nil && !a.Unchanged {
			msg.changes = model.Diff(base, &a.Batch, msg.at) // off the UI's goroutine: linear, but 100k entries
		}
		msg.cpu = cpuTime() - before
		return msg
	}
	return m, tea.Batch(fetch, m.wakeClock())
}

// schedule arms the next tick after d.
func (m *Model) schedule(d time.Duration) tea.Cmd {
	m.poll.seq++
	m.poll.nextPoll = m.now.Add(d)
	seq := m.poll.seq
	return tea.Tick(d, func(time.Time) tea.Msg { return pollTickMsg{seq: seq} })
}

func (m Model) handlePollTick(msg pollTickMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.poll.seq || m.poll.paused || m.poll.inFlight {
		return m, nil // stale: paused, refreshed by hand, or superseded
	}
	return m.fetchNow()
}

func (m Model) handleBatchFetched(msg batchFetchedMsg) (tea.Model, tea.Cmd) {
	m.poll.inFlight = false
	m.now = msg.at
	m.poll.cost = model.CostAverage(m.poll.cost, msg.cpu)
	m.poll.effective = model.StretchInterval(m.poll.interval, m.poll.cost)
	var cmd tea.Cmd
	if msg.err != nil {
		cmd = m.handleFetchError(msg.err)
	} else {
		cmd = m.handleBatch(msg)
	}
	m.updateKeys()
	return m, cmd
}

// handleBatch takes a good answer and schedules the next poll: an interval
// later, or never once the batch has finished and one more poll has let its
// counts settle.
func (m *Model) handleBatch(msg batchFetchedMsg) tea.Cmd {
	m.poll.failures, m.poll.err, m.poll.lastOK = 0, nil, msg.at
	if !msg.answer.Unchanged || m.batch == nil {
		m.poll.fingerprint = msg.answer.Fingerprint
		m.setBatch(msg.answer.Batch)
		m.activity.Add(msg.changes)
		m.noteArrivals(msg.changes)
		if m.batch.HasFileDetail() {
			m.base = m.batch
		}
	}
	m.rate = m.rate.Add(model.SampleOf(m.batch, msg.at))
	after := m.afterBatch()
	if m.poll.paused {
		return after
	}
	if model.Finished(m.batch) {
		if m.poll.settled {
			m.poll.stopped = "polling stopped: finished"
			return after
		}
		m.poll.settled = true
	} else {
		m.poll.settled = false
	}
	m.poll.stopped = ""
	return tea.Batch(after, m.schedule(m.poll.effective))
}

// handleFetchError keeps the last batch on screen, and retries what can be
// retried with the shared backoff policy.
func (m *Model) handleFetchError(err error) tea.Cmd {
	m.poll.err = err
	if !api.Retryable(err) {
		m.poll.stopped = "polling stopped"
		return nil
	}
	m.poll.failures++
	if m.poll.paused {
		return nil
	}
	return m.schedule(api.RetryDelay(err, m.poll.failures, m.poll.effective, m.opts.Jitter()))
}

// refresh fetches now and restarts the timer; while a request is in flight
// that request is the refresh.
func (m Model) refresh() (tea.Model, tea.Cmd) {
	m.poll.settled = false
	return m.fetchNow()
}

// togglePause stops and resumes polling. Resuming fetches at once.
func (m Model) togglePause() (tea.Model, tea.Cmd) {
	m.poll.paused = !m.poll.paused
	if m.poll.paused {
		m.poll.seq++ // drop the tick already scheduled
		m.poll.nextPoll = time.Time{}
		m.updateKeys()
		return m, nil
	}
	if m.poll.stopped != "" && m.batch != nil && model.Finished(m.batch) {
		m.updateKeys()
		return m, nil // nothing left to follow
	}
	return m.fetchNow()
}

// setBatch takes a new batch, keeping every list's selection.
func (m *Model) setBatch(b model.Batch) {
	m.batch = &b
	for i := range m.lists {
		var es []model.Entry
		if b.HasFileDetail() {
			es = b.Result.Entries(m.lists[i].bucket)
		}
		m.lists[i].SetEntries(es)
		if m.triage[i].open {
			m.lists[i].groups() // here, once, not in every View of the open summary
		}
	}
	if !b.HasFileDetail() {
		m.zoom = false
	}
	m.syncDetail()
}

// errorLine explains the last error for the footer: the cause, and what
// happens next.
func (m Model) errorLine() string {
	err := m.poll.err
	if err == nil {
		return ""
	}
	var text string
	switch {
	case errors.Is(err, api.ErrUnauthorized):
		text = fmt.Sprintf("%s; the token from %s was rejected", err, m.opts.TokenSource)
	case errors.Is(err, api.ErrNotFound):
		text = fmt.Sprintf("%s: project %q, batch %q", err, model.Safe(m.opts.Project), model.Safe(m.opts.BatchID))
	default:
		text = err.Error()
	}
	switch {
	case m.poll.inFlight:
		return text + " — retrying…"
	case m.poll.stopped != "":
		return text + " — press r to retry"
	case m.poll.paused:
		return text + " — paused"
	case !m.poll.nextPoll.IsZero():
		wait := human(max(m.poll.nextPoll.Sub(m.now), 0))
		if errors.Is(err, api.ErrRateLimited) {
			return "rate limited — retry in " + wait
		}
		return text + " — retry in " + wait
	}
	return text
}
