// Package ui is vfbatch's dashboard: one Bubble Tea root model that polls
// the batch and small components (header, bars, tabs, list, detail) that
// draw it. Package ui/plain beside it is the output for scripts.
package ui

import (
	"context"
	"io"
	"math/rand/v2"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/api"
	"vfbatch/model"
	"vfbatch/theme"
)

// Fetcher polls one batch; *api.Client is one. An answer whose body is
// unchanged since last comes back Unchanged, undecoded.
type Fetcher interface {
	Poll(ctx context.Context, project, batchID string, last api.Fingerprint) (api.Answer, error)
}

// Options configure the dashboard.
type Options struct {
	Client           Fetcher
	Project, BatchID string
	// TokenSource says where the token came from, for the message shown
	// when it is rejected. Never the token itself.
	TokenSource string
	Interval    time.Duration
	Theme       theme.Theme
	// Context ends the request in flight when the program quits.
	Context context.Context
	// Now and Jitter are injectable for tests.
	Now    func() time.Time
	Jitter func() float64

	// NoTitle and NoBell turn off the window title and the bell on finish.
	NoTitle, NoBell bool
	// OnFinish is a shell command run once when the batch is seen finished.
	OnFinish string
	// Terminal receives the bell and OSC 52 (copy); os.Stdout in Run.
	Terminal io.Writer
	// ExportDir is where e writes its CSV; "" is the working directory.
	ExportDir string
	// Mouse: the wheel scrolls, a click picks a tab or a row.
	Mouse bool
}

// Model is the dashboard's root model.
type Model struct {
	opts Options
	th   theme.Theme
	keys KeyMap

	width, height int
	lay           layout

	header   header
	bars     bars
	tabs     tabBar
	lists    [len(model.Buckets)]entryList
	activity activityList
	triage   [len(model.Buckets)]triage
	// unseen are the keys that arrived in a bucket since its tab was last
	// open ("+3 new" in the title); their rows are marked while it is open.
	unseen [len(model.Buckets)]map[string]bool
	// base is the last batch with file detail: the next diff starts from it.
	base    *model.Batch
	detail  detail
	help    help.Model
	hints   *memo[hintsKey] // the one-line help, kept while the keys' help is the same
	spinner spinner.Model

	batch      *model.Batch
	active     int  // index of the open tab in model.Buckets
	zoom       bool // the detail is open full-size
	showHelp   bool
	helpOffset int // first help row shown, when the help scrolls
	quitting   bool

	// The filter input, while it has the focus.
	input     textinput.Model
	filtering bool
	filterSeq int

	poll pollState
	rate model.Rate // throughput, for the ETA and the sparkline
	now  time.Time
	// title is the window title last set; finishSeen and sawRunning
	// decide the bell and --on-finish.
	title                  string
	finishSeen, sawRunning bool
	// note is a one-line confirmation (copy, export) shown in the footer.
	note    string
	noteErr bool

	// clockOn says a clock tick is armed. The clock only runs while polling
	// does: an idle dashboard (paused or stopped) wakes for nothing.
	clockOn bool
}

// New builds the dashboard. It starts polling when the program starts.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	keys := DefaultKeyMap()
	m := Model{opts: o, th: o.Theme, keys: keys, bars: newBars(o.Theme), tabs: newTabBar(), detail: newDetail(),
		hints: newMemo[hintsKey](),
		help:  newHelp(o.Theme), spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), now: o.Now(), clockOn: true}
	m.spinner.Style = o.Theme.Accent
	for i, bk := range model.Buckets {
		m.lists[i] = newEntryList(bk, keys)
	}
	m.activity.keys = keys
	m.poll.interval, m.poll.effective = o.Interval, o.Interval
	return m
}

func newHelp(th theme.Theme) help.Model {
	h := help.New()
	h.Styles.ShortKey, h.Styles.FullKey = th.Key, th.Key
	h.Styles.ShortDesc, h.Styles.FullDesc = th.Muted, th.Muted
	h.Styles.ShortSeparator, h.Styles.FullSeparator, h.Styles.Ellipsis = th.Faint, th.Faint, th.Faint
	return h
}

// Init starts the first fetch, the clock and the spinner.
func (m Model) Init() tea.Cmd {
	return tea.Batch(func() tea.Msg { return startMsg{} }, m.clockTick(), m.spinner.Tick)
}

// startMsg begins polling once the program runs, so that Init stays pure.
type startMsg struct{}

// clockTickMsg moves the dashboard's idea of now, for "updated 3s ago".
type clockTickMsg struct{ at time.Time }

func (m Model) clockTick() tea.Cmd {
	now := m.opts.Now
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clockTickMsg{at: now()} })
}

// Update dispatches each message to its handler.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			return m.handleRunes(msg.Runes) // keys typed faster than they were read
		}
		if m.filtering {
			return m.handleFilterKey(msg)
		}
		if m.active < activityTab && m.triage[m.active].open && !m.showHelp {
			return m.handleSummaryKey(msg)
		}
		return m.handleKey(msg)
	case filterTickMsg:
		return m.handleFilterTick(msg)
	case exportedMsg:
		return m.handleExported(msg)
	case noticeMsg:
		m.notice(msg.text, msg.err)
		return m, nil
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case startMsg:
		return m.fetchNow()
	case batchFetchedMsg:
		return m.handleBatchFetched(msg)
	case pollTickMsg:
		return m.handlePollTick(msg)
	case clockTickMsg:
		m.now = msg.at
		if m.idle() {
			m.clockOn = false
			return m, nil
		}
		return m, m.clockTick()
	case spinner.TickMsg:
		if m.batch != nil { // loaded: let the spinner stop
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	return m, nil
}

// idle reports that no poll will come by itself: paused, or stopped.
func (m Model) idle() bool { return m.poll.paused || (m.poll.stopped != "" && !m.poll.inFlight) }

// wakeClock arms the clock again if it had stopped.
func (m *Model) wakeClock() tea.Cmd {
	if m.clockOn {
		return nil
	}
	m.clockOn = true
	return m.clockTick()
}

// openTab opens tab i, wrapping around at either end. Leaving a tab drops
// its marks of new rows; opening one turns its unseen arrivals into marks.
func (m *Model) openTab(i int) {
	n := activityTab + 1
	i = ((i % n) + n) % n
	if i == m.active {
		return
	}
	if l := m.list(); l != nil {
		l.marked = nil
		l.markVer++
	}
	m.active = i
	if l := m.list(); l != nil {
		l.marked, m.unseen[i] = m.unseen[i], nil
		l.markVer++
	}
	m.syncDetail()
}

// list is the open tab's list, nil on the Activity tab.
func (m *Model) list() *entryList {
	if m.active >= activityTab {
		return nil
	}
	return &m.lists[m.active]
}

func (m *Model) setZoom(on bool) {
	m.zoom = on && m.batch != nil && m.batch.HasFileDetail()
	m.resize(m.width, m.height)
}

// syncDetail shows the open list's selected entry in the detail panel (on
// the Activity tab, the selected change's entry).
func (m *Model) syncDetail() {
	if m.active == activityTab {
		if c, ok := m.activity.Selected(); ok {
			bk := c.To
			if bk < 0 {
				bk = c.From
			}
			m.detail.SetContent(m.th, bk, &c.Entry)
			return
		}
		m.detail.SetContent(m.th, model.Completed, nil)
		return
	}
	l := &m.lists[m.active]
	e, _ := l.Selected()
	m.detail.SetContent(m.th, l.bucket, e)
}

// Batch returns the last batch read, and false before the first.
func (m Model) Batch() (model.Batch, bool) {
	if m.batch == nil {
		return model.Batch{}, false
	}
	return *m.batch, true
}
