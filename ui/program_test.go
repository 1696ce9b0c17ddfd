package ui

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/go-resty/resty/v2"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
)

// TestWholeProgram runs the dashboard against the simulated API: it waits
// for data, jumps to Failed and sees the selected entry's message.
func TestWholeProgram(t *testing.T) {
	_, url, stop, err := sim.Start(sim.Options{Seed: 11, Elapsed: 80 * time.Second, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	client := api.New(resty.New(), api.Options{BaseURL: url, Token: "tok", UserAgent: "vfbatch/test"})
	m := New(Options{Client: client, Project: sim.DefaultProject, BatchID: sim.DefaultBatchID,
		Interval: 500 * time.Millisecond, Theme: testTheme(), Context: context.Background()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 36))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Failed (")) && bytes.Contains(b, []byte("Jobs"))
	}, teatest.WithDuration(10*time.Second))
	tm.Type("4")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("[Failed (")) && bytes.Contains(b, []byte("Message")) && bytes.Contains(b, []byte("_error: "))
	}, teatest.WithDuration(10*time.Second))
	tm.Type("q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.active != int(model.Failed) {
		t.Errorf("open tab %d", final.active)
	}
	e, ok := final.lists[final.active].Selected()
	if !ok || e.Message == "" {
		t.Errorf("selected failed entry %+v has no message", e)
	}
}
