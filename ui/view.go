package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"vfbatch/model"
)

// Layout thresholds, in cells.
const (
	fullBarsMinHeight   = 28  // below: the compact bars
	statusLineMinHeight = 16  // below: errors share the help line
	sideDetailMinWidth  = 100 // from here the detail sits beside the list
	belowDetailMinBody  = 14  // from here it sits below the list
)

// layout is the dashboard's geometry, computed once per resize.
type layout struct {
	barsH, bodyH, footerH int
	listW, listH          int
	detailW, detailH      int
	side, below           bool // where the detail is always visible, if anywhere
}

func computeLayout(w, h int, zoom bool) layout {
	var l layout
	l.barsH = barsCompactHeight
	if h >= fullBarsMinHeight {
		l.barsH = barsFullHeight
	}
	l.footerH = 1
	if h >= statusLineMinHeight {
		l.footerH = 2
	}
	l.bodyH = max(0, h-2-l.barsH-1-l.footerH)
	l.listW, l.listH = w, l.bodyH
	switch {
	case zoom:
		l.detailW, l.detailH, l.listH = w, l.bodyH, 0
	case w >= sideDetailMinWidth && l.bodyH >= 4:
		l.side = true
		l.detailW = min(max(w*9/20, 40), 64)
		l.listW = w - l.detailW - 2 // and " │"
		l.detailH = l.bodyH
	case l.bodyH >= belowDetailMinBody:
		l.below = true
		l.detailH = min(max(l.bodyH/3, 6), 10)
		l.listH = l.bodyH - l.detailH - 1
		l.detailW = w
	}
	return l
}

// resize recomputes the layout and hands each component its size.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.lay = computeLayout(w, h, m.zoom)
	m.header.SetSize(w)
	m.bars.SetSize(w, m.lay.barsH)
	m.tabs.SetSize(w)
	for i := range m.lists {
		m.lists[i].SetSize(m.lay.listW, m.lay.listH)
	}
	m.activity.SetSize(m.lay.listW, m.lay.listH)
	m.detail.SetSize(m.lay.detailW, m.lay.detailH)
	m.detail.zoomed = m.zoom
	m.help.Width = w
	m.syncDetail()
}

// View draws the whole screen: exactly height lines, none wider than width.
func (m Model) View() string {
	if m.quitting || m.width <= 0 || m.height <= 0 {
		return ""
	}
	parts := []string{m.header.View(m.th, m.headerState())}
	if m.batch != nil {
		parts = append(parts, m.bars.View(m.th, m.batch))
	} else {
		parts = append(parts, blank(m.width, m.lay.barsH))
	}
	parts = append(parts, m.tabs.View(m.th, m.tabTitles(), m.active), m.body(), m.footer())
	return clip(strings.Join(parts, "\n"), m.width, m.height)
}

func (m Model) headerState() headerState {
	return headerState{project: m.opts.Project, batchID: m.opts.BatchID, batch: m.batch, now: m.now,
		lastOK: m.poll.lastOK, nextPoll: m.poll.nextPoll, interval: m.poll.interval,
		effective: m.poll.effective, cost: m.poll.cost, rate: m.rate,
		fetching: m.poll.inFlight, paused: m.poll.paused, stopped: m.poll.stopped}
}

func (m Model) tabTitles() []string {
	titles := make([]string, len(m.lists), len(m.lists)+1)
	var r *model.Result
	counted := m.batch != nil && m.batch.HasFileDetail()
	if counted {
		r = m.batch.Result
	}
	for i, l := range m.lists {
		titles[i] = tabTitle(l.bucket, r, len(l.entries), counted)
		switch {
		case counted && l.narrowed():
			titles[i] = fmt.Sprintf("%s (%d/%d)", l.bucket.Title(r), l.Len(), len(l.entries))
		case counted && len(m.unseen[i]) > 0:
			titles[i] = fmt.Sprintf("%s (%d, +%d new)", l.bucket.Title(r), len(l.entries), len(m.unseen[i]))
		}
	}
	titles = append(titles, fmt.Sprintf("Activity (%d)", len(m.activity.changes)))
	return titles
}

// body is the area under the tabs: help, a waiting or empty state, the
// detail full-size, or the list with the detail beside or below it.
func (m Model) body() string {
	w, h := m.width, m.lay.bodyH
	switch {
	case h == 0:
		return ""
	case m.showHelp:
		help := strings.Split(m.fullHelp(w), "\n")
		help = help[min(m.helpOffset, len(help)-1):]
		if len(help) > h && h > 0 { // say what is cut rather than cut it silently
			help = append(help[:h-1], m.th.Muted.Render(fmt.Sprintf("  ↓ %d more keys (j to scroll)", len(help)-h+1)))
		}
		return box(strings.Join(help, "\n"), w, h)
	case m.batch == nil:
		return box(m.waitingText(), w, h)
	case !m.batch.HasFileDetail():
		return box(m.noDetailText(), w, h)
	case m.zoom:
		return m.detail.View(m.th)
	case m.active < activityTab && m.triage[m.active].open:
		return m.summaryView(w, h)
	}
	var list string
	if m.active == activityTab {
		list = m.activity.View(m.th)
	} else {
		list = m.lists[m.active].View(m.th, m.batch.Result)
	}
	switch {
	case m.lay.side:
		sep := m.th.Faint.Render(strings.TrimSuffix(strings.Repeat(" │\n", h), "\n"))
		return lipgloss.JoinHorizontal(lipgloss.Top, list, sep, m.detail.View(m.th))
	case m.lay.below:
		rule := m.th.Faint.Render(strings.Repeat("─", w))
		return list + "\n" + rule + "\n" + m.detail.View(m.th)
	}
	return list
}

func (m Model) waitingText() string {
	if m.poll.err != nil {
		lines := wrap("⚠ "+m.errorLine(), max(m.width-4, 1))
		for i := range lines {
			lines[i] = m.th.Error.Render("  " + lines[i])
		}
		return strings.Join(lines, "\n")
	}
	return "  " + m.spinner.View() + m.th.Muted.Render(" fetching batch…")
}

func (m Model) noDetailText() string {
	lines := []string{m.th.Muted.Render("  No file detail for this batch: the jobs are shown above.")}
	if m.batch.Result == nil {
		lines = append(lines, m.th.Muted.Render("  (the server sent no result)"))
	}
	for _, p := range m.batch.Problems {
		lines = append(lines, m.th.Warning.Render("  "+p))
	}
	return strings.Join(lines, "\n")
}

// footer is the status line (when there is room for one) and the key hints.
// Without room, an error takes the hints' place.
func (m Model) footer() string {
	status := m.statusLine()
	hints := m.shortHelp()
	if m.filtering {
		hints = m.input.View()
		if width(hints)+filterHintWidth <= m.width {
			hints += m.th.Muted.Render(filterHint)
		}
		hints = truncate(hints, m.width)
	}
	if m.lay.footerH == 1 {
		if status != "" {
			return status
		}
		return padRight(hints, m.width)
	}
	return padRight(status, m.width) + "\n" + padRight(" "+hints, m.width)
}

// hintsKey is what the one-line help depends on.
type hintsKey struct {
	width                         int
	paused, zoom, inFlight, modal bool
}

func (m Model) shortHelp() string {
	k := hintsKey{width: m.width, paused: m.poll.paused, zoom: m.zoom, inFlight: m.poll.inFlight, modal: m.showHelp}
	return m.hints.get(k, func() string { return m.help.ShortHelpView(m.keys.ShortHelp()) })
}

func (m Model) statusLine() string {
	if m.note != "" {
		style := m.th.Accent
		if m.noteErr {
			style = m.th.Error
		}
		return style.Render(fit(" "+m.note, m.width))
	}
	if m.batch == nil {
		return "" // the body says it, larger
	}
	if line := m.errorLine(); line != "" {
		style := m.th.Warning
		if m.poll.stopped != "" {
			style = m.th.Error
		}
		return style.Render(fit(" ⚠ "+line, m.width))
	}
	if m.batch != nil && m.batch.HasFileDetail() && len(m.batch.Problems) > 0 {
		return m.th.Warning.Render(fit(" ⚠ "+strings.Join(m.batch.Problems, "; "), m.width))
	}
	return ""
}

// box fits free text into w×h: long lines truncated, short ones padded.
func box(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = padRight(truncate(lines[i], w), w)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines[:h], "\n")
}

func blank(w, h int) string {
	return box("", w, h)
}

// clip is the last guard of the frame: exactly h lines of at most w cells.
func clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if width(l) > w {
			lines[i] = truncate(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// fullHelp lays every enabled binding out in as many columns as fit w,
// filled top to bottom, so that the help reads at 40 columns and at 250.
func (m Model) fullHelp(w int) string {
	type item struct{ keys, desc string }
	var items []item
	kw, dw := 0, 0
	for _, group := range m.keys.FullHelp() {
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			items = append(items, item{h.Key, h.Desc})
			kw, dw = max(kw, width(h.Key)), max(dw, width(h.Desc))
		}
	}
	dw = max(min(dw, w-kw-5), 4) // a narrow pane shortens descriptions, not keys
	colW := 2 + kw + 1 + dw + 2
	cols := max(1, min(len(items), w/colW))
	rows := (len(items) + cols - 1) / cols
	lines := make([]string, rows)
	for i, it := range items {
		r := i % rows
		cell := "  " + m.th.Key.Render(fit(it.keys, kw)) + " " + m.th.Muted.Render(fit(it.desc, dw)) + "  "
		lines[r] += cell
	}
	return strings.Join(lines, "\n")
}
