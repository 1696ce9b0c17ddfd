package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
	"vfbatch/theme"
)

// detail shows every field of the selected entry, the message wrapped to
// the width. It scrolls (a bubbles viewport) when opened full-size.
type detail struct {
	width, height int
	zoomed        bool // open full-size: scrolls instead of pointing at the full view
	vp            viewport.Model
}

func newDetail() detail { return detail{vp: viewport.New(0, 0)} }

// SetSize sets the panel's size in cells.
func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.vp.Width, d.vp.Height = w, h
}

// SetContent lays the entry out for the viewport; call it when the entry
// or the size changes.
func (d *detail) SetContent(th theme.Theme, bk model.Bucket, e *model.Entry) {
	d.vp.SetContent(strings.Join(detailLines(th, bk, e, d.width), "\n"))
}

// Update scrolls the full-size view.
func (d detail) Update(msg tea.Msg) (detail, tea.Cmd) {
	var cmd tea.Cmd
	d.vp, cmd = d.vp.Update(msg)
	return d, cmd
}

// View draws exactly height lines of exactly width cells. When the content
// is taller, the last line says so.
func (d detail) View(th theme.Theme) string {
	lines := strings.Split(d.vp.View(), "\n")
	if more := d.vp.TotalLineCount() - d.vp.YOffset - d.height; more > 0 && len(lines) > 0 {
		hint := "enter: full view"
		if d.zoomed {
			hint = "↓/j to scroll"
		}
		lines[len(lines)-1] = th.Muted.Render(fit(fmt.Sprintf("  ↓ %d more lines (%s)", more, hint), d.width))
	}
	for i := range lines {
		lines[i] = padRight(lines[i], d.width)
	}
	for len(lines) < d.height {
		lines = append(lines, strings.Repeat(" ", d.width))
	}
	return strings.Join(lines[:d.height], "\n")
}

const (
	fieldWidth         = 13
	stackedDetailWidth = 44 // narrower: each label on a line of its own
)

// detailLines lays out the entry: one field per line, values wrapped under
// their label column; the message last, in full.
func detailLines(th theme.Theme, bk model.Bucket, e *model.Entry, w int) []string {
	if e == nil {
		return []string{th.Muted.Render(fit("  Nothing selected", w))}
	}
	valueW := w - fieldWidth - 1
	if w < stackedDetailWidth { // too narrow for two columns: labels above values
		valueW = w - 2
	}
	var lines []string
	field := func(name, value string, style func(...string) string) {
		for i, v := range wrap(value, valueW) {
			label := ""
			if i == 0 {
				label = name
			}
			if valueW == w-2 {
				if i == 0 {
					lines = append(lines, th.Label.Render(fit(" "+name, w)))
				}
				lines = append(lines, "  "+style(fit(v, w-2)))
				continue
			}
			lines = append(lines, th.Label.Render(fit(" "+label, fieldWidth+1))+style(fit(v, valueW)))
		}
	}
	// The reason comes first: it is why the operator opened the entry.
	if bk.HasMessage() {
		msg, style := e.Message, th.Status(bucketStatus(bk)).Render
		if msg == "" {
			msg, style = "(no message given)", th.Muted.Render
		}
		field("Message", msg, style)
	}
	field("Label", e.Label, th.Field.Render)
	field("Path", orDash(e.Path), th.Field.Render)
	field("Upload ID", orDash(e.UploadID), th.Field.Render)
	field("Remote path", orDash(e.RemotePath), th.Field.Render)
	warnStyle := th.Field.Render
	if e.WarningCount > 0 {
		warnStyle = th.Warning.Render
	}
	field("Warnings", fmt.Sprint(e.WarningCount), warnStyle)
	return lines
}

func orDash(n model.NullString) string {
	if n.String == "" {
		return "—"
	}
	return n.String
}

func bucketStatus(bk model.Bucket) theme.Status {
	switch bk {
	case model.Processing:
		return theme.Processing
	case model.Completed:
		return theme.Completed
	case model.Skipped:
		return theme.Skipped
	case model.Failed:
		return theme.Failed
	}
	return theme.Remaining
}
