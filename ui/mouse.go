package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// wheelStep is how many rows one notch of the wheel scrolls.
const wheelStep = 3

// handleMouse serves --mouse: the wheel moves the selection, a click on a
// tab opens it, a click on a row selects it.
func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if !m.opts.Mouse || m.batch == nil || m.showHelp || m.filtering {
		return m, nil
	}
	l := m.list()
	if l == nil {
		return m, nil
	}
	switch {
	case msg.Button == tea.MouseButtonWheelUp && msg.Action == tea.MouseActionPress:
		l.Select(l.cursor - wheelStep)
	case msg.Button == tea.MouseButtonWheelDown && msg.Action == tea.MouseActionPress:
		l.Select(l.cursor + wheelStep)
	case msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionRelease:
		m.click(msg.X, msg.Y)
	default:
		return m, nil
	}
	m.syncDetail()
	return m, nil
}

// click picks the tab or the row under (x, y).
func (m *Model) click(x, y int) {
	tabsY := 2 + m.lay.barsH
	listTop := tabsY + 1
	switch {
	case y == tabsY:
		if i := m.tabs.At(x, m.tabTitles(), m.active); i >= 0 {
			m.openTab(i)
		}
	case !m.zoom && y >= listTop && y < listTop+m.lay.listH && x < m.lay.listW:
		l := m.list()
		if row := l.offset + y - listTop; row < l.Len() {
			l.Select(row)
		}
	}
}
