package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

const ellipsis = "…"

// width is the display width of s in terminal cells (wide characters count 2).
func width(s string) int { return ansi.StringWidth(s) }

// truncate cuts s to w cells, ending with an ellipsis when anything was cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, ellipsis)
}

// fit truncates s to w cells and pads it with spaces to exactly w.
func fit(s string, w int) string {
	s = truncate(s, w)
	if n := w - width(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// middle shortens s to w cells by cutting its middle, so that both the start
// and the end of a path stay readable: "docs/…/report.pdf".
func middle(s string, w int) string {
	sw := width(s)
	if sw <= w {
		return s
	}
	if w <= 2 {
		return truncate(s, w)
	}
	tail := (w - 1) / 2
	head := w - 1 - tail
	h := ansi.Truncate(s, head, "")
	t := ansi.TruncateLeft(s, sw-tail, "")
	// A wide character at either cut can leave a cell short; give it to the other side.
	for width(h)+width(t)+1 > w && width(t) > 0 {
		t = ansi.TruncateLeft(t, 1, "")
	}
	return h + ellipsis + t
}

// wrap breaks s into lines of at most w cells, at spaces and path separators
// where it can and inside a long word where it must.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	if s == "" {
		return []string{""}
	}
	return strings.Split(ansi.Wrap(s, w, "/-_."), "\n")
}

// human formats a duration the way an operator reads it: 45s, 4m12s, 2h03m.
func human(d time.Duration) string {
	d = max(d, 0).Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	}
	return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// padRight pads a rendered (possibly styled) line with spaces to w cells.
func padRight(s string, w int) string {
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}
