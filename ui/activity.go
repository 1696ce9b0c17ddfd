package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
	"vfbatch/theme"
)

// activityTab is the index of the Activity tab, after the five buckets.
const activityTab = len(model.Buckets)

// maxActivity is how many changes the feed keeps.
const maxActivity = 1000

// activityList is the feed of changes, newest first.
type activityList struct {
	changes        []model.Change
	cursor, offset int
	width, height  int
	keys           KeyMap
}

// Add puts the changes one poll saw at the top, keeping maxActivity. The
// selected change stays selected. The feed keeps its own copies of the
// entries' strings, so that it never keeps a whole decoded body alive.
func (a *activityList) Add(cs []model.Change) {
	if len(cs) == 0 {
		return
	}
	merged := make([]model.Change, 0, min(len(cs)+len(a.changes), maxActivity))
	for _, c := range cs[:min(len(cs), maxActivity)] {
		c.Entry = c.Entry.Clone()
		merged = append(merged, c)
	}
	merged = append(merged, a.changes...)
	if len(merged) > maxActivity {
		merged = merged[:maxActivity]
	}
	a.changes = merged
	if a.cursor > 0 { // keep the selected row's change under the cursor
		a.cursor = min(a.cursor+len(cs), len(a.changes)-1)
		a.offset = model.Follow(a.cursor, a.offset+len(cs), a.height, len(a.changes))
	}
}

// SetSize sets the feed's size.
func (a *activityList) SetSize(w, h int) {
	a.width, a.height = w, h
	a.offset = model.Follow(a.cursor, a.offset, h, len(a.changes))
}

// Selected is the change under the cursor.
func (a *activityList) Selected() (*model.Change, bool) {
	if a.cursor < 0 || a.cursor >= len(a.changes) {
		return nil, false
	}
	return &a.changes[a.cursor], true
}

// Update moves the cursor.
func (a activityList) Update(msg tea.Msg) (activityList, tea.Cmd) {
	if to, ok := navigate(msg, a.keys, a.cursor, len(a.changes), a.height); ok {
		a.cursor = to
		a.offset = model.Follow(a.cursor, a.offset, a.height, len(a.changes))
	}
	return a, nil
}

// changeWord is the glyph and word for where an entry went.
func changeWord(th theme.Theme, c *model.Change) (string, theme.Status) {
	if c.To == model.Disappeared {
		return "✕ gone", theme.Submitted
	}
	glyphs := map[model.Bucket]string{model.Processing: "▶", model.Completed: "✔", model.Skipped: "↷",
		model.Failed: "✖", model.Remaining: "·"}
	return glyphs[c.To] + " " + c.To.Name(), bucketStatus(c.To)
}

// View draws exactly height lines of exactly width cells.
func (a activityList) View(th theme.Theme) string {
	lines := make([]string, 0, a.height)
	if len(a.changes) == 0 {
		lines = append(lines, th.Muted.Render(fit("  No changes yet: the first batch read is the baseline", a.width)))
	}
	for i := a.offset; i < min(len(a.changes), a.offset+a.height); i++ {
		lines = append(lines, a.row(th, &a.changes[i], i == a.cursor))
	}
	for len(lines) < a.height {
		lines = append(lines, strings.Repeat(" ", a.width))
	}
	return strings.Join(lines[:a.height], "\n")
}

func (a activityList) row(th theme.Theme, c *model.Change, selected bool) string {
	mark := "  "
	if selected {
		mark = "› "
	}
	word, st := changeWord(th, c)
	head := fmt.Sprintf("%s  %-13s ", c.At.Local().Format("15:04:05"), word)
	rest := max(0, a.width-2-width(head))
	text := c.Entry.Label
	if c.To.HasMessage() && c.Entry.Message != "" {
		text += "  " + c.Entry.Message
	}
	body := fit(text, rest)
	if selected {
		return th.SelectedMark.Render(mark) + th.Selected.Render(head+body)
	}
	return mark + th.Muted.Render(head[:9]) + th.Status(st).Render(head[9:]) + th.Text.Render(body)
}

// noteArrivals records, for the Skipped and Failed tabs, the entries that
// arrived: marked at once on the open tab, counted as new on the others.
func (m *Model) noteArrivals(cs []model.Change) {
	for _, c := range cs {
		if c.From >= 0 {
			delete(m.unseen[c.From], c.Key)
			if l := &m.lists[c.From]; l.marked[c.Key] {
				delete(l.marked, c.Key)
				l.markVer++
			}
		}
		if c.To < 0 || !c.To.HasMessage() {
			continue
		}
		if int(c.To) == m.active {
			l := &m.lists[c.To]
			if l.marked == nil {
				l.marked = map[string]bool{}
			}
			l.marked[c.Key] = true
			l.markVer++
			continue
		}
		if m.unseen[c.To] == nil {
			m.unseen[c.To] = map[string]bool{}
		}
		m.unseen[c.To][c.Key] = true
	}
}
