package ui

import (
	"fmt"
	"strings"

	"vfbatch/model"
	"vfbatch/theme"
)

// tabBar draws the bucket tabs on one line. When they do not all fit, it
// shows a window around the active tab with ‹ and › marking what is hidden.
type tabBar struct {
	width int
	cache *memo[tabsKey]
}

type tabsKey struct {
	titles        [activityTab + 1]string
	active, width int
}

func newTabBar() tabBar { return tabBar{cache: newMemo[tabsKey]()} }

// SetSize sets the bar's width.
func (t *tabBar) SetSize(w int) { t.width = w }

// tabTitle is "Failed (2)", or "Failed" while there is no file detail.
func tabTitle(bk model.Bucket, r *model.Result, n int, counted bool) string {
	if !counted {
		return bk.Title(r)
	}
	return fmt.Sprintf("%s (%d)", bk.Title(r), n)
}

// View draws the bar. titles are in bucket order; active is the open one.
func (t tabBar) View(th theme.Theme, titles []string, active int) string {
	k := tabsKey{active: active, width: t.width}
	copy(k.titles[:], titles)
	return t.cache.get(k, func() string { return t.render(th, titles, active) })
}

func (t tabBar) render(th theme.Theme, titles []string, active int) string {
	const sep = "  "
	cells := t.cells(titles, active)
	from, to := tabWindow(cells, active, t.width-2, width(sep))
	var b strings.Builder
	used := 0
	write := func(s string, style func(...string) string) {
		b.WriteString(style(s))
		used += width(s)
	}
	lead := " "
	if from > 0 {
		lead = "‹"
	}
	write(lead, th.Muted.Render)
	for i := from; i < to; i++ {
		if i > from {
			write(sep, th.Muted.Render)
		}
		cell := truncate(cells[i], t.width-2-used+1)
		if i == active {
			write(cell, th.TabActive.Render)
		} else {
			write(cell, th.TabInactive.Render)
		}
	}
	if to < len(cells) {
		if pad := t.width - 1 - used; pad > 0 {
			write(strings.Repeat(" ", pad), th.Muted.Render)
		}
		write("›", th.Muted.Render)
	}
	if pad := t.width - used; pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
	}
	return b.String()
}

// tabWindow picks the run of cells [from, to) to show in avail cells: the
// active one, then neighbours to the right and left while they fit.
func tabWindow(cells []string, active, avail, sep int) (int, int) {
	if len(cells) == 0 {
		return 0, 0
	}
	from, to := active, active+1
	used := width(cells[active])
	for grew := true; grew; {
		grew = false
		if to < len(cells) && used+sep+width(cells[to]) <= avail {
			used += sep + width(cells[to])
			to++
			grew = true
		}
		if from > 0 && used+sep+width(cells[from-1]) <= avail {
			from--
			used += sep + width(cells[from])
			grew = true
		}
	}
	return from, to
}

// At returns the tab drawn at column x, or -1.
func (t tabBar) At(x int, titles []string, active int) int {
	cells := t.cells(titles, active)
	from, to := tabWindow(cells, active, t.width-2, 2)
	pos := 1 // the lead column
	for i := from; i < to; i++ {
		w := width(cells[i])
		if x >= pos && x < pos+w {
			return i
		}
		pos += w + 2
	}
	return -1
}

func (t tabBar) cells(titles []string, active int) []string {
	cells := make([]string, len(titles))
	for i, s := range titles {
		if i == active {
			cells[i] = "[" + s + "]"
		} else {
			cells[i] = " " + s + " "
		}
	}
	return cells
}
