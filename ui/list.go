package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
	"vfbatch/theme"
)

// entryList is one bucket's list of entries. It renders only the rows that
// are visible, so its cost does not grow with the bucket.
type entryList struct {
	bucket  model.Bucket
	entries []model.Entry
	cursor  int
	offset  int
	key     string // the selected entry's key, kept across refreshes
	width   int
	height  int
	keys    KeyMap
	cache   *memo[listKey]

	// filter narrows the list to view, the indices of the matching entries;
	// hay holds the entries' lower-cased text, built once per entries.
	filter string
	view   []int32
	hay    []string

	// reason narrows the list to one reason of the summary instead.
	reason  string
	grouped []model.Group // the reasons of entries, computed when first asked for

	// gen counts the entries set. Caches are keyed on it rather than on the
	// entries: a hidden tab's cache keeps its last key for as long as the tab
	// stays hidden, and a pointer there would keep that whole batch (and the
	// body its strings share) alive.
	gen     int
	marked  map[string]bool // keys of new rows, marked "+"
	markVer int             // changes when marked does
}

// listKey is everything a list's rendering depends on.
type listKey struct {
	gen, n, cursor, offset, w, h int
	empty, filter, reason        string
	markVer                      int
}

func newEntryList(bk model.Bucket, keys KeyMap) entryList {
	return entryList{bucket: bk, keys: keys, cache: newMemo[listKey]()}
}

// SetSize sets the list's size in cells; the cursor stays visible.
func (l *entryList) SetSize(w, h int) {
	l.width, l.height = w, h
	l.offset = model.Follow(l.cursor, l.offset, l.height, l.Len())
}

// SetEntries replaces the entries after a refresh, keeping the selected
// entry selected (by key) and its row where it was on screen. A filter
// stays applied.
func (l *entryList) SetEntries(es []model.Entry) {
	old := l.cursor
	l.entries, l.hay, l.grouped = es, nil, nil
	l.gen++
	if l.filter != "" || l.reason != "" {
		l.refilter()
	}
	l.cursor = model.ReselectIn(l.bucket, l.Len(), l.at, l.key, old)
	l.offset = model.Scroll(l.cursor, old, l.offset, l.height, l.Len())
	l.remember()
}

// SetFilter shows only the entries whose label, path or message contain q,
// case-insensitively; "" shows all. The selection stays when it matches.
func (l *entryList) SetFilter(q string) {
	if q == l.filter {
		return
	}
	old := l.cursor
	l.filter = q
	l.refilter()
	l.cursor = model.ReselectIn(l.bucket, l.Len(), l.at, l.key, 0)
	l.offset = model.Scroll(l.cursor, old, l.offset, l.height, l.Len())
	l.remember()
}

func (l *entryList) refilter() {
	if l.reason != "" {
		l.view = nil
		for _, g := range l.groups() {
			if g.Reason == l.reason {
				l.view = g.Members
			}
		}
		if l.view == nil {
			l.view = []int32{}
		}
		return
	}
	if l.filter == "" {
		l.view = nil
		return
	}
	if l.hay == nil {
		l.hay = model.Haystacks(l.entries)
	}
	l.view = model.Match(l.hay, l.filter)
}

// Len is the number of rows shown: all entries, or those the filter matches.
func (l *entryList) Len() int {
	if l.filter != "" || l.reason != "" {
		return len(l.view)
	}
	return len(l.entries)
}

// narrowed reports whether a filter or a reason hides entries.
func (l *entryList) narrowed() bool { return l.filter != "" || l.reason != "" }

// at is the entry on row i.
func (l *entryList) at(i int) *model.Entry {
	if l.narrowed() {
		return &l.entries[l.view[i]]
	}
	return &l.entries[i]
}

func (l *entryList) remember() {
	if e, ok := l.Selected(); ok {
		l.key = model.Key(l.bucket, e)
	}
}

// Selected returns the entry under the cursor.
func (l *entryList) Selected() (*model.Entry, bool) {
	if l.cursor < 0 || l.cursor >= l.Len() {
		return nil, false
	}
	return l.at(l.cursor), true
}

// Update moves the cursor on navigation keys.
func (l entryList) Update(msg tea.Msg) (entryList, tea.Cmd) {
	if to, ok := navigate(msg, l.keys, l.cursor, l.Len(), l.height); ok {
		l.Select(to)
	}
	return l, nil
}

// navigate is where a navigation key moves a cursor in a list of n rows
// shown height at a time; false when msg is no navigation key.
func navigate(msg tea.Msg, keys KeyMap, cursor, n, height int) (int, bool) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || n == 0 {
		return cursor, false
	}
	page := max(1, height-1)
	switch {
	case key.Matches(km, keys.Up):
		cursor--
	case key.Matches(km, keys.Down):
		cursor++
	case key.Matches(km, keys.PageUp):
		cursor -= page
	case key.Matches(km, keys.PageDown):
		cursor += page
	case key.Matches(km, keys.Top):
		cursor = 0
	case key.Matches(km, keys.Bottom):
		cursor = n - 1
	default:
		return cursor, false
	}
	return max(0, min(cursor, n-1)), true
}

// Select moves the cursor to row i, clamped, scrolling as little as needed.
func (l *entryList) Select(i int) {
	n := l.Len()
	l.cursor = max(0, min(i, n-1))
	l.offset = model.Follow(l.cursor, l.offset, l.height, n)
	l.remember()
}

// View draws exactly height lines of exactly width cells. The rendering is
// kept until the entries, the cursor, the scroll or the size change.
func (l entryList) View(th theme.Theme, r *model.Result) string {
	k := listKey{gen: l.gen, n: l.Len(), cursor: l.cursor, offset: l.offset, w: l.width, h: l.height, filter: l.filter,
		reason: l.reason, markVer: l.markVer}
	if l.Len() == 0 {
		k.empty = l.emptyText(r)
	}
	return l.cache.get(k, func() string { return l.render(th, r) })
}

func (l entryList) render(th theme.Theme, r *model.Result) string {
	lines := make([]string, 0, l.height)
	if l.Len() == 0 {
		lines = append(lines, th.Muted.Render(fit("  "+l.emptyText(r), l.width)))
	}
	end := min(l.Len(), l.offset+l.height)
	cols := l.columns(l.offset, end)
	for i := l.offset; i < end; i++ {
		lines = append(lines, l.row(th, l.at(i), i == l.cursor, cols))
	}
	for len(lines) < l.height {
		lines = append(lines, strings.Repeat(" ", l.width))
	}
	return strings.Join(lines[:l.height], "\n")
}

// minPathWidth is the narrowest path column worth showing.
const (
	minPathWidth     = 16
	minPathListWidth = 60 // narrower lists show labels only; the detail has the path
)

// listColumns are the cell widths of a page of rows.
type listColumns struct{ label, path, warn int }

// columns sizes the label column to the longest label on the page (at most
// two fifths of the width), gives the path the rest, and keeps a column for
// warnings when any row on the page has some.
func (l entryList) columns(from, to int) listColumns {
	var c listColumns
	for i := from; i < to; i++ {
		e := l.at(i)
		c.label = max(c.label, width(e.Label))
		if n := e.WarningCount; n > 0 {
			c.warn = max(c.warn, width(fmt.Sprintf(" ⚠%d", n)))
		}
	}
	rest := max(0, l.width-2-c.warn)
	c.label = min(c.label, max(rest*2/5, 8), rest)
	c.path = max(0, rest-c.label-2)
	if c.path < minPathWidth || l.width < minPathListWidth { // the label takes the row
		c.label, c.path = rest, 0
	}
	return c
}

func (l entryList) row(th theme.Theme, e *model.Entry, selected bool, c listColumns) string {
	mark := "  "
	switch {
	case selected:
		mark = "› "
	case len(l.marked) > 0 && l.marked[model.Key(l.bucket, e)]:
		mark = "+ "
	}
	label := fit(e.Label, c.label)
	var path string
	if c.path > 0 {
		p := "—"
		if e.Path.String != "" {
			p = e.Path.String
		}
		path = "  " + fit(middle(p, c.path), c.path)
	}
	warn := ""
	if c.warn > 0 {
		warn = strings.Repeat(" ", c.warn)
		if e.WarningCount > 0 {
			warn = fmt.Sprintf("%*s", c.warn, fmt.Sprintf("⚠%d", e.WarningCount))
		}
	}
	tail := ""
	if pad := l.width - 2 - c.label - width(path) - c.warn; pad > 0 {
		tail = strings.Repeat(" ", pad)
	}
	if selected {
		return th.SelectedMark.Render(mark) + th.Selected.Render(label+path+warn+tail)
	}
	return th.Accent.Render(mark) + th.Text.Render(label) + th.Muted.Render(path) + th.Warning.Render(warn) + tail
}

func (l *entryList) emptyText(r *model.Result) string {
	if l.filter != "" && len(l.entries) > 0 {
		return fmt.Sprintf("Nothing matches %q", l.filter)
	}
	if l.reason != "" && len(l.entries) > 0 {
		return fmt.Sprintf("No %s files have the reason %q any more", strings.ToLower(l.bucket.Title(r)), l.reason)
	}
	return emptyText(l.bucket, r)
}

func emptyText(bk model.Bucket, r *model.Result) string {
	switch bk {
	case model.Processing:
		return "No files processing"
	case model.Remaining:
		return "No files in " + bk.Title(r)
	}
	return "No " + strings.ToLower(bk.Title(r)) + " files"
}
