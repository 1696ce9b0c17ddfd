package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/progress"

	"vfbatch/model"
	"vfbatch/theme"
)

// Heights of the two layouts of the progress area.
const (
	barsFullHeight    = 7 // overall, five statuses, files
	barsCompactHeight = 2 // one stacked jobs bar, one files bar
)

// bars draws progress from status_counts and the file counts: one bar per
// job status on tall panes, one stacked bar with counts beside it on short ones.
type bars struct {
	width, height int
	compact       bool
	meters        map[theme.Status]progress.Model
	cache         *memo[barsKey]
}

type barsKey struct {
	b    *model.Batch
	w, h int
}

// newBars builds one bubbles progress bar per status colour, once: building
// them on every frame would also probe the terminal each time.
func newBars(th theme.Theme) bars {
	b := bars{meters: map[theme.Status]progress.Model{}, cache: newMemo[barsKey]()}
	for _, st := range []theme.Status{theme.Submitted, theme.Working, theme.Completed, theme.Failed, theme.Canceled} {
		p := progress.New(progress.WithSolidFill(th.Colour(st)), progress.WithoutPercentage(),
			progress.WithColorProfile(th.Profile))
		p.EmptyColor = th.EmptyColour()
		b.meters[st] = p
	}
	return b
}

// SetSize sets the area's size; heights under barsFullHeight get the compact layout.
func (b *bars) SetSize(w, h int) {
	b.width, b.height = w, h
	b.compact = h < barsFullHeight
}

type segment struct {
	status theme.Status
	n      int
	name   string
}

func jobSegments(c model.StatusCounts) []segment {
	return []segment{{theme.Completed, c.Completed, "completed"}, {theme.Failed, c.Failed, "failed"},
		{theme.Canceled, c.Canceled, "canceled"}, {theme.Working, c.Working, "working"},
		{theme.Submitted, c.Submitted, "submitted"}}
}

func fileSegments(f model.FileCounts) []segment {
	return []segment{{theme.Completed, f.Completed, "completed"}, {theme.Skipped, f.Skipped, "skipped"},
		{theme.Failed, f.Failed, "failed"}}
}

// View draws exactly height lines of exactly width cells; the rendering is
// kept until the batch or the size changes.
func (b bars) View(th theme.Theme, bt *model.Batch) string {
	return b.cache.get(barsKey{bt, b.width, b.height}, func() string { return b.render(th, bt) })
}

func (b bars) render(th theme.Theme, bt *model.Batch) string {
	var lines []string
	if b.compact {
		lines = []string{b.compactJobs(th, bt), b.files(th, bt, compactLabelWidth)}
	} else {
		lines = b.full(th, bt)
	}
	for len(lines) < b.height {
		lines = append(lines, strings.Repeat(" ", b.width))
	}
	return strings.Join(lines[:b.height], "\n")
}

// Label column widths of the full and compact layouts.
const (
	labelWidth        = 11
	compactLabelWidth = 7
)

func (b bars) full(th theme.Theme, bt *model.Batch) []string {
	c := bt.StatusCounts
	total := bt.JobCount
	digits := len(fmt.Sprint(max(total, 1)))
	overall := fmt.Sprintf("  %3d%%  %d/%d finished", int(model.JobsShare(bt)*100), model.JobsDone(bt), total)
	lines := []string{b.barLine(th, "Jobs", th.Title, overall, model.JobsShare(bt), theme.Completed)}
	for _, s := range []segment{{theme.Submitted, c.Submitted, "submitted"}, {theme.Working, c.Working, "working"},
		{theme.Completed, c.Completed, "completed"}, {theme.Failed, c.Failed, "failed"}, {theme.Canceled, c.Canceled, "canceled"}} {
		share := model.Share(s.n, total)
		suffix := fmt.Sprintf("  %*d/%d %4d%%", digits, s.n, total, int(share*100))
		lines = append(lines, b.barLine(th, s.name, th.Status(s.status), suffix, share, s.status))
	}
	return append(lines, b.files(th, bt, labelWidth))
}

// barLine is a label, a bubbles progress bar filling the free width, and a suffix.
func (b bars) barLine(th theme.Theme, label string, ls interface{ Render(...string) string }, suffix string, share float64, st theme.Status) string {
	barW := b.width - labelWidth - width(suffix) - 1
	if barW < 4 {
		return fit(" "+label+suffix, b.width)
	}
	p := b.meters[st]
	p.Width = barW
	return " " + ls.Render(fit(label, labelWidth-1)) + p.ViewAs(share) + th.Muted.Render(suffix)
}

// stacked draws one bar of w cells split between the segments, each in its
// colour and glyph; what is left of total is drawn empty.
func stacked(th theme.Theme, segs []segment, total, w int) string {
	var b strings.Builder
	used, acc := 0, 0
	for _, s := range segs {
		acc += max(s.n, 0)
		end := int(float64(w) * model.Share(acc, total))
		if n := end - used; n > 0 {
			b.WriteString(th.Status(s.status).Render(strings.Repeat(string(th.Glyph(s.status)), n)))
			used = end
		}
	}
	if used < w {
		b.WriteString(th.Faint.Render(strings.Repeat(string(th.Glyph(theme.Remaining)), w-used)))
	}
	return b.String()
}

// legend is "█25 ▓2 ▒3": the count of each non-empty segment after its glyph.
func legend(th theme.Theme, segs []segment, verbose bool) (string, int) {
	var b strings.Builder
	w := 0
	for _, s := range segs {
		if s.n == 0 {
			continue
		}
		text := fmt.Sprintf("%c%d", th.Glyph(s.status), s.n)
		if verbose {
			text = fmt.Sprintf("%c %d %s", th.Glyph(s.status), s.n, s.name)
		}
		if w > 0 {
			b.WriteString(" ")
			w++
		}
		b.WriteString(th.Status(s.status).Render(text))
		w += width(text)
	}
	return b.String(), w
}

func (b bars) compactJobs(th theme.Theme, bt *model.Batch) string {
	segs := jobSegments(bt.StatusCounts)
	head := fmt.Sprintf(" %3d%% %d/%d", int(model.JobsShare(bt)*100), model.JobsDone(bt), bt.JobCount)
	return b.stackedLine(th, "Jobs", head, segs, bt.JobCount, compactLabelWidth)
}

func (b bars) files(th theme.Theme, bt *model.Batch, lw int) string {
	if !bt.HasFileDetail() {
		return fit(" "+th.Title.Render(fit("Files", lw-1))+th.Muted.Render("no file detail for this batch"), b.width)
	}
	f := model.Files(bt)
	head := fmt.Sprintf(" %d/%d done", f.Done(), f.Total)
	return b.stackedLine(th, "Files", head, fileSegments(f), f.Total, lw)
}

// stackedLine is "Label [stacked bar] head  legend": the legend is verbose
// when there is room, terse when there is less, and dropped before the bar
// would shrink under a quarter of the width.
func (b bars) stackedLine(th theme.Theme, label, head string, segs []segment, total, lw int) string {
	minBar := max(b.width/4, 6)
	avail := b.width - 1 - lw - width(head) // 1: the leading space
	leg, legW := legend(th, segs, true)
	if avail-legW-2 < minBar {
		leg, legW = legend(th, segs, false)
	}
	if avail-legW-2 < minBar {
		leg, legW = "", 0
	}
	barW := avail
	if legW > 0 {
		barW -= legW + 2
		leg = "  " + leg
	}
	if barW < 3 {
		return fit(" "+label+head, b.width)
	}
	return padRight(" "+th.Title.Render(fit(label, lw-1))+stacked(th, segs, total, barW)+th.Muted.Render(head)+leg, b.width)
}
