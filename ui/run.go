package ui

import (
	"context"
	"os"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"

	"vfbatch/model"
)

// frameRate caps redraws. Bubble Tea's renderer wakes at this rate even when
// nothing changed, and copies the last frame each time to compare it: on
// this project's 2-core machine an idle (paused or finished) dashboard cost
// 0.58% of a core at 20 frames a second, 0.43% at 15, 0.33% at 12 and 0.28%
// at 10 (sixty seconds of /proc/PID/stat, all four side by side). At 10 a
// key still shows within 100 ms.
const frameRate = 10

// Run shows the dashboard in the alternate screen until the operator quits
// or ctx ends. It returns the last batch read (false before the first).
func Run(ctx context.Context, o Options, extra ...tea.ProgramOption) (model.Batch, bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends a request still in flight when the operator quits
	o.Context = ctx
	if o.Terminal == nil {
		o.Terminal = os.Stdout
	}
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(frameRate)}
	if o.Mouse {
		opts = append(opts, tea.WithMouseCellMotion())
	}
	opts = append(opts, extra...)
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

// TuneMemory sets the garbage collector for a long-running watcher: a
// collection when the heap has grown by 60% rather than doubled. While a
// changed 100,000-file batch is read, the old and the new one are both
// alive, so the collector's goal is set from two batches; at 75% a watcher
// peaked at up to 147 MiB, at 60% at 118 MiB, for no CPU the benchmarks can
// tell apart (BenchmarkPeakRSS100k, BenchmarkPollChanged100k). A GOGC set
// in the environment wins.
func TuneMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(60)
	}
}
