package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is every key binding of the dashboard. It also feeds the help.
type KeyMap struct {
	NextTab, PrevTab              key.Binding
	Tab1, Tab2, Tab3, Tab4, Tab5  key.Binding
	Tab6, Summary                 key.Binding
	Up, Down, PageUp, PageDown    key.Binding
	Top, Bottom                   key.Binding
	Detail, Close, Filter         key.Binding
	Refresh, Pause                key.Binding
	CopyPath, CopyMessage, Export key.Binding
	Slower, Faster                key.Binding
	Help, Quit                    key.Binding
}

// DefaultKeyMap is the dashboard's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextTab:     key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→/l", "next tab")),
		PrevTab:     key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←/h", "previous tab")),
		Tab1:        key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "processing")),
		Tab2:        key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "completed")),
		Tab3:        key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "skipped")),
		Tab4:        key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "failed")),
		Tab5:        key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "remaining")),
		Tab6:        key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "activity")),
		Summary:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "reasons summary")),
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f", " "), key.WithHelp("pgdn", "page down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
		Detail:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "detail")),
		Close:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close / clear filter")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyPath:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy path")),
		CopyMessage: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy message")),
		Export:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV")),
		Slower:      key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "poll less often")),
		Faster:      key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "poll more often")),
		Pause:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the one-line hint at the bottom, with terser names than the
// full help so that it says more on a narrow pane.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{terse(k.NextTab, "tab", "switch"), terse(k.Down, "↑↓", "move"), k.Detail,
		k.Filter, k.Refresh, k.Help, k.Quit}
}

func terse(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// FullHelp is shown by ?.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextTab, k.PrevTab, k.Tab1, k.Tab2, k.Tab3, k.Tab4, k.Tab5, k.Tab6},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Detail, k.Close, k.Filter, k.Summary, k.CopyPath, k.CopyMessage, k.Export},
		{k.Refresh, k.Pause, k.Slower, k.Faster, k.Help, k.Quit},
	}
}

// handleRunes handles several runes that arrived in one read, one key at a
// time, as if typed one by one.
func (m Model) handleRunes(runes []rune) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	var next tea.Model = m
	for _, r := range runes {
		var cmd tea.Cmd
		next, cmd = next.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		cmds = append(cmds, cmd)
	}
	return next, tea.Batch(cmds...)
}

// handleKey maps a key to an action. Keys for the list go to the open list.
func (m Model) handleKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	m.note = ""
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Help):
		m.showHelp = !m.showHelp
		m.helpOffset = 0
	case m.showHelp && key.Matches(k, m.keys.Close):
		m.showHelp = false
	case m.showHelp:
		// on a small pane the help scrolls
		rows := strings.Count(m.fullHelp(m.width), "\n") + 1
		if to, ok := navigate(k, m.keys, m.helpOffset, max(1, rows-m.lay.bodyH+1), m.lay.bodyH); ok {
			m.helpOffset = to
		}
	case key.Matches(k, m.keys.Refresh):
		return m.refresh()
	case key.Matches(k, m.keys.Pause):
		return m.togglePause()
	case key.Matches(k, m.keys.NextTab):
		m.openTab(m.active + 1)
	case key.Matches(k, m.keys.PrevTab):
		m.openTab(m.active - 1)
	case key.Matches(k, m.keys.Tab1, m.keys.Tab2, m.keys.Tab3, m.keys.Tab4, m.keys.Tab5, m.keys.Tab6):
		m.openTab(int(k.Runes[0] - '1'))
	case key.Matches(k, m.keys.Summary):
		return m.toggleSummary()
	case key.Matches(k, m.keys.Filter):
		return m.openFilter()
	case key.Matches(k, m.keys.CopyPath):
		return m.copySelected(false)
	case key.Matches(k, m.keys.CopyMessage):
		return m.copySelected(true)
	case key.Matches(k, m.keys.Export):
		return m.export()
	case key.Matches(k, m.keys.Faster):
		return m.setInterval(0.5)
	case key.Matches(k, m.keys.Slower):
		return m.setInterval(2)
	case key.Matches(k, m.keys.Detail):
		m.setZoom(!m.zoom)
	case key.Matches(k, m.keys.Close):
		switch l := m.list(); {
		case m.zoom:
			m.setZoom(false)
		case l != nil && l.reason != "": // back to the reasons summary
			l.SetReason("")
			m.triage[m.active].open = true
			m.syncDetail()
		default:
			m.applyFilter("") // esc in the list clears its filter
		}
	case m.zoom:
		m.detail, _ = m.detail.Update(k)
	case m.active == activityTab:
		m.activity, _ = m.activity.Update(k)
		m.syncDetail()
	default:
		m.lists[m.active], _ = m.lists[m.active].Update(k)
		m.syncDetail()
	}
	m.updateKeys()
	return m, nil
}

// updateKeys enables only the bindings that do something now.
func (m *Model) updateKeys() {
	l := m.list()
	summary := l != nil && m.triage[m.active].open
	m.keys.Close.SetEnabled(m.zoom || m.showHelp || summary || (l != nil && l.narrowed()))
	m.keys.Refresh.SetEnabled(!m.poll.inFlight)
	if m.poll.paused {
		m.keys.Pause.SetHelp("p", "resume")
	} else {
		m.keys.Pause.SetHelp("p", "pause")
	}
	if m.zoom {
		m.keys.Detail.SetHelp("enter", "close")
	} else {
		m.keys.Detail.SetHelp("enter", "detail")
	}
}
