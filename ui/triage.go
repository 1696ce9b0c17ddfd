package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
)

// triage is the reasons summary of one tab: open or not, and its cursor.
type triage struct {
	open   bool
	cursor int
}

// groups returns the list's entries grouped by reason, computed once per
// batch (SetEntries drops them).
func (l *entryList) groups() []model.Group {
	if l.grouped == nil {
		l.grouped = model.Groups(l.entries)
	}
	return l.grouped
}

// SetReason shows only the entries of one reason; "" shows all. It replaces
// a text filter.
func (l *entryList) SetReason(reason string) {
	l.reason = reason
	l.filter = ""
	l.hay = nil
	l.refilter()
	l.cursor = model.ReselectIn(l.bucket, l.Len(), l.at, l.key, 0)
	l.offset = model.Follow(l.cursor, 0, l.height, l.Len())
	l.remember()
}

// toggleSummary opens or closes the reasons summary of a Skipped or Failed tab.
func (m Model) toggleSummary() (tea.Model, tea.Cmd) {
	if m.active >= activityTab || !m.lists[m.active].bucket.HasMessage() || m.batch == nil || !m.batch.HasFileDetail() {
		return m, nil
	}
	t := &m.triage[m.active]
	t.open = !t.open
	if t.open {
		m.lists[m.active].SetReason("")
	}
	m.zoom = false
	m.syncDetail()
	return m, nil
}

// handleSummaryKey moves in the summary; enter shows the reason's entries.
func (m Model) handleSummaryKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	t := &m.triage[m.active]
	l := &m.lists[m.active]
	gs := l.groups()
	if to, ok := navigate(k, m.keys, t.cursor, len(gs), m.lay.bodyH-1); ok {
		t.cursor = to
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Detail):
		if t.cursor < len(gs) {
			t.open = false
			l.SetReason(gs[t.cursor].Reason)
			m.syncDetail()
		}
	case k.Type == tea.KeyEsc, key.Matches(k, m.keys.Summary):
		t.open = false
	default:
		return m.handleKey(k)
	}
	t.cursor = max(0, min(t.cursor, len(gs)-1))
	m.updateKeys()
	return m, nil
}

// summaryView draws the reasons of a tab, largest first.
func (m Model) summaryView(w, h int) string {
	l := &m.lists[m.active]
	gs := l.groups()
	cur := m.triage[m.active].cursor
	lines := []string{m.th.Muted.Render(fit(fmt.Sprintf("  %d reasons for %d %s files · enter: show them · esc: back",
		len(gs), len(l.entries), strings.ToLower(l.bucket.Title(nil))), w))}
	if len(gs) == 0 {
		lines = append(lines, m.th.Muted.Render(fit("  "+emptyText(l.bucket, m.batch.Result), w)))
	}
	rows := max(0, h-1)
	off := model.Follow(cur, 0, rows, len(gs))
	for i := off; i < min(len(gs), off+rows); i++ {
		lines = append(lines, m.reasonRow(&gs[i], l, i == cur, w))
	}
	return box(strings.Join(lines, "\n"), w, h)
}

func (m Model) reasonRow(g *model.Group, l *entryList, selected bool, w int) string {
	nums := fmt.Sprintf("%7d %4d%%  ", g.Count, int(g.Share*100+0.5))
	rest := max(0, w-2-width(nums))
	reasonW := min(max(rest/2, 16), rest)
	reason := fit(g.Reason, reasonW)
	example := ""
	if ex := rest - reasonW - 2; ex > 8 {
		example = "  " + fit("e.g. "+l.entries[g.Example].Label, ex)
	}
	if selected {
		return m.th.SelectedMark.Render("› ") + m.th.Selected.Render(nums+reason+example)
	}
	st := bucketStatus(l.bucket)
	return "  " + m.th.Text.Render(nums) + m.th.Status(st).Render(reason) + m.th.Muted.Render(example)
}
