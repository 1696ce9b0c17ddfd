package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
)

// Run shows the dashboard in the alternate screen until the operator quits
// or ctx ends. It returns the last batch read (false before the first).
func Run(ctx context.Context, o Options, extra ...tea.ProgramOption) (model.Batch, bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends a request still in flight when the operator quits
	o.Context = ctx
	opts := append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx)}, extra...)
	final, err := tea.NewProgram(New(o), opts...).Run()
	if m, ok := final.(Model); ok {
		b, have := m.Batch()
		if err != nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		return b, have, err
	}
	return model.Batch{}, false, err
}
