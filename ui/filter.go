package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
)

// filterDebounce is how long typing must pause before the list is filtered:
// a fast typist's every keystroke does not re-scan 40,000 entries.
const filterDebounce = 80 * time.Millisecond

// filterHint follows the input when the pane is wide enough.
const (
	filterHint      = "   enter keep · esc clear"
	filterHintWidth = 26
)

// filterTickMsg says typing paused; seq drops the ticks of earlier keystrokes.
type filterTickMsg struct{ seq int }

func newFilterInput(m *Model) textinput.Model {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "label, path or message"
	ti.PromptStyle = m.th.Key
	ti.TextStyle = m.th.Text
	ti.PlaceholderStyle = m.th.Muted
	ti.CharLimit = 200
	return ti
}

// openFilter focuses the filter input on the open tab, starting from the
// filter the tab already has.
func (m Model) openFilter() (tea.Model, tea.Cmd) {
	if m.batch == nil || !m.batch.HasFileDetail() || m.active == activityTab {
		return m, nil
	}
	m.triage[m.active].open = false
	m.lists[m.active].reason = ""
	m.filtering = true
	m.zoom = false
	m.input = newFilterInput(&m)
	m.input.Width = max(m.width-filterHintWidth-4, 10)
	m.input.SetValue(m.lists[m.active].filter)
	m.input.CursorEnd()
	m.resize(m.width, m.height)
	return m, m.input.Focus()
}

// handleFilterKey edits the filter while the input has the focus: enter keeps
// it, esc clears it, anything else is typing.
func (m Model) handleFilterKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case k.Type == tea.KeyCtrlC:
		m.quitting = true
		return m, tea.Quit
	case k.Type == tea.KeyEsc:
		m.filtering = false
		m.applyFilter("")
		return m, nil
	case k.Type == tea.KeyEnter:
		m.filtering = false
		m.applyFilter(m.input.Value())
		return m, nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	if m.input.Value() == before {
		return m, cmd
	}
	m.filterSeq++
	seq := m.filterSeq
	return m, tea.Batch(cmd, tea.Tick(filterDebounce, func(time.Time) tea.Msg { return filterTickMsg{seq} }))
}

func (m Model) handleFilterTick(msg filterTickMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.filterSeq || !m.filtering {
		return m, nil // a later keystroke, or the input already closed
	}
	m.applyFilter(m.input.Value())
	return m, nil
}

// applyFilter filters the open tab's list.
func (m *Model) applyFilter(q string) {
	m.filterSeq++ // any tick still pending is stale now
	if m.active == activityTab {
		return
	}
	m.lists[m.active].SetFilter(model.Safe(q))
	m.syncDetail()
	m.updateKeys()
}
