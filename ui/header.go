package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"vfbatch/model"
	"vfbatch/theme"
)

// header draws the two top lines: what is watched, and how it stands.
type header struct{ width int }

// SetSize sets the header's width.
func (h *header) SetSize(w int) { h.width = w }

// headerState is what the header shows, gathered by the root model.
type headerState struct {
	project, batchID string
	batch            *model.Batch // nil before the first answer
	now, lastOK      time.Time
	nextPoll         time.Time // zero when no poll is scheduled
	interval         time.Duration
	effective, cost  time.Duration // the stretched interval, and why
	rate             model.Rate
	fetching, paused bool
	stopped          string // why automatic polling stopped, or ""
}

// part is a piece of a header line; pieces that do not fit are dropped whole.
type part struct {
	text  string
	style lipgloss.Style
}

// View draws exactly two lines of exactly width cells.
func (h header) View(th theme.Theme, s headerState) string {
	return h.line(h.identity(th, s)) + "\n" + h.line(h.status(th, s))
}

func (h header) identity(th theme.Theme, s headerState) []part {
	ps := []part{{"vfbatch", th.Title}, {model.Safe(s.project) + " / " + shortID(s.batchID), th.Text}}
	if b := s.batch; b != nil {
		if b.Target.String != "" {
			ps = append(ps, part{b.Target.String, th.Muted})
		}
		if b.Result != nil && b.Result.Kind != "" {
			ps = append(ps, part{b.Result.Kind, th.Muted})
		}
		if h.width >= sparkMinWidth && s.rate.Ready() {
			ps = append(ps, part{"files/min " + sparkline(s.rate.Spark(sparkWidth, s.now)), th.Accent})
		}
	}
	return ps
}

func (h header) status(th theme.Theme, s headerState) []part {
	var ps []part
	if s.paused {
		ps = append(ps, part{" PAUSED ", th.Paused})
	}
	b := s.batch
	if b == nil {
		return append(ps, part{"no data yet", th.Muted})
	}
	o := model.OutcomeOf(b)
	ps = append(ps, part{outcomeGlyph(o) + " " + o.String(), outcomeStyle(th, o)})
	age := s.now.Sub(s.lastOK)
	switch {
	case s.paused || (s.stopped != "" && !s.fetching):
		// idle: the clock does not tick, so say when rather than how long ago
		ps = append(ps, part{"data from " + s.lastOK.Local().Format("15:04:05"), th.Muted})
	case age > 3*s.effective:
		ps = append(ps, part{"stale: updated " + human(age) + " ago", th.Stale})
	default:
		ps = append(ps, part{"updated " + human(age) + " ago", th.Muted})
	}
	if d, ok := model.Elapsed(b, s.now); ok {
		if model.Finished(b) {
			ps = append(ps, part{"finished in " + human(d), th.Text})
		} else {
			ps = append(ps, part{"elapsed " + human(d), th.Text})
		}
	} else if b.CreatedAt != "" {
		ps = append(ps, part{"created " + b.CreatedAt, th.Muted})
	}
	if eta, ok := s.rate.ETA(b); ok {
		ps = append(ps, part{"ETA " + human(eta), th.Accent})
	}
	if s.rate.Ready() && !model.Finished(b) {
		if b.HasFileDetail() {
			ps = append(ps, part{fmt.Sprintf("%.0f files/min", s.rate.FilesPerMinute()), th.Muted})
		} else {
			ps = append(ps, part{fmt.Sprintf("%.1f jobs/min", s.rate.JobsPerMinute()), th.Muted})
		}
	}
	switch {
	case s.fetching:
		ps = append(ps, part{"refreshing…", th.Muted})
	case s.stopped != "":
		ps = append(ps, part{s.stopped, th.Muted})
	case !s.nextPoll.IsZero() && !s.paused:
		ps = append(ps, part{fmt.Sprintf("next in %s", human(max(s.nextPoll.Sub(s.now), 0))), th.Muted})
	}
	if s.effective > s.interval {
		ps = append(ps, part{fmt.Sprintf("every %s (stretched: a poll costs %s of CPU)",
			s.effective.Round(100*time.Millisecond), s.cost.Round(time.Millisecond)), th.Warning})
	} else {
		ps = append(ps, part{"every " + human(s.interval), th.Muted})
	}
	return ps
}

// line joins parts with two spaces until one no longer fits (parts come in
// order of importance), and pads to the width. The first part is always
// kept, truncated if it must be.
func (h header) line(ps []part) string {
	var b strings.Builder
	used := 0
	for i, p := range ps {
		text := p.text
		if i > 0 {
			if used+2+width(text) > h.width-1 {
				break
			}
			b.WriteString("  ")
			used += 2
		} else {
			b.WriteString(" ")
			used++
			text = truncate(text, h.width-1)
		}
		b.WriteString(p.style.Render(text))
		used += width(text)
	}
	if pad := h.width - used; pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
	}
	return b.String()
}

// The throughput sparkline: shown from this width, this many columns wide,
// each column model.RateWindow / sparkWidth (30 s).
const (
	sparkMinWidth = 120
	sparkWidth    = 20
)

var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// sparkline draws counts as bars scaled to the largest.
func sparkline(counts []int) string {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	out := make([]rune, len(counts))
	for i, c := range counts {
		lvl := 0
		if top > 0 && c > 0 {
			lvl = 1 + (c*(len(sparkLevels)-2)+top-1)/top
		}
		out[i] = sparkLevels[min(lvl, len(sparkLevels)-1)]
	}
	return string(out)
}

// shortID shows the first block of a UUID: enough to tell batches apart.
func shortID(id string) string {
	id = model.Safe(id)
	if i := strings.IndexByte(id, '-'); i >= 8 && len(id) > 13 {
		return id[:i] + ellipsis
	}
	return id
}

func outcomeGlyph(o model.Outcome) string {
	switch o {
	case model.Succeeded:
		return "✔"
	case model.FinishedWithFailures:
		return "✖"
	case model.Canceled:
		return "⊘"
	case model.Empty:
		return "○"
	}
	return "●"
}

func outcomeStyle(th theme.Theme, o model.Outcome) lipgloss.Style {
	switch o {
	case model.Succeeded:
		return th.Status(theme.Completed).Bold(true)
	case model.FinishedWithFailures:
		return th.Status(theme.Failed).Bold(true)
	case model.Canceled:
		return th.Status(theme.Canceled).Bold(true)
	case model.Empty:
		return th.Muted
	}
	return th.Status(theme.Working).Bold(true)
}
