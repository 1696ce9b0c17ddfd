package ui

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
)

// exportedMsg reports an export: the file written, or why not.
type exportedMsg struct {
	name string
	rows int
	err  error
}

// ExportName is the file an export writes: vfbatch-<project>-<batch8>-<time>.csv,
// with anything but letters, digits, '.', '_' and '-' in the project made '_'.
func ExportName(project, batchID string, at time.Time) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r < 0x80 && (r == '.' || r == '_' || r == '-' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
				return r
			}
			return '_'
		}, s)
	}
	batch := batchID
	if len(batch) > 8 {
		batch = batch[:8]
	}
	return fmt.Sprintf("vfbatch-%s-%s-%s.csv", clean(project), clean(batch), at.Format("20060102-150405"))
}

// exportCmd writes the batch's failed and skipped entries as CSV into dir,
// never over an existing file: a name that is taken gets -2, -3, … .
func exportCmd(dir, name string, b *model.Batch) tea.Cmd {
	return func() tea.Msg {
		rows := model.ExportRows(b)
		written, err := writeCSVExclusive(dir, name, append([][]string{model.ExportHeader}, rows...))
		return exportedMsg{name: written, rows: len(rows), err: err}
	}
}

func writeCSVExclusive(dir, name string, records [][]string) (string, error) {
	base := strings.TrimSuffix(name, ".csv")
	for i := 1; i < 100; i++ {
		try := name
		if i > 1 {
			try = fmt.Sprintf("%s-%d.csv", base, i)
		}
		f, err := os.OpenFile(filepath.Join(dir, try), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		w := csv.NewWriter(f)
		err = w.WriteAll(records) // flushes
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("writing %s: %w", try, err)
		}
		return try, nil
	}
	return "", fmt.Errorf("%s and 98 more names are taken", name)
}

func (m Model) export() (tea.Model, tea.Cmd) {
	if m.batch == nil || !m.batch.HasFileDetail() {
		m.notice("nothing to export: no file detail", true)
		return m, nil
	}
	m.notice("exporting…", false)
	return m, exportCmd(m.opts.ExportDir, ExportName(m.opts.Project, m.opts.BatchID, m.now.Local()), m.batch)
}

func (m Model) handleExported(msg exportedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.notice("export failed: "+model.Safe(msg.err.Error()), true)
	} else {
		m.notice(fmt.Sprintf("exported %d failed and skipped entries to %s", msg.rows, msg.name), false)
	}
	return m, nil
}
