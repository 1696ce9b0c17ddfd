package ui

// Benchmarks of the scale targets, with a 100,000-file batch. The server runs
// in a child process (this test binary, re-executed), so that the CPU
// measured here is the watcher's alone. Run them with
//
//	go test ./ui -run '^$' -bench . -benchtime 20x
//
// and see the README's Performance section for the figures.

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/go-resty/resty/v2"
	"github.com/muesli/termenv"

	"vfbatch/api"
	"vfbatch/api/sim"
	"vfbatch/model"
	"vfbatch/theme"
)

const (
	envServe    = "VFBATCH_BENCH_SERVE"     // "changing" or "frozen": be the server
	envRSSChild = "VFBATCH_BENCH_RSS_CHILD" // a URL: be the watcher whose RSS is measured
)

// benchHelpers runs this binary as a helper process when asked to; it
// reports whether it did.
func benchHelpers() bool {
	if mode := os.Getenv(envServe); mode != "" {
		serveForBench(mode)
		return true
	}
	if url := os.Getenv(envRSSChild); url != "" {
		measureRSS(url)
		return true
	}
	return false
}

// serveForBench serves a 100,000-file simulated batch, ten minutes into a
// twenty-minute run, until stdin closes. "changing" moves on with the wall
// clock, so that every poll sees a new body; "frozen" never changes.
func serveForBench(mode string) {
	o := sim.Options{Files: sim.MaxFiles, Seed: 1, Duration: 20 * time.Minute, Elapsed: 10 * time.Minute}
	if mode == "frozen" {
		o.FreezeAt = 10 * time.Minute
	}
	_, url, stop, err := sim.Start(o)
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	defer stop()
	fmt.Println("URL", url)
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
}

// startServer starts the server process and returns its URL.
func startServer(b *testing.B, mode string) string {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envServe+"="+mode)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "URL ") {
		b.Fatalf("server: %q %v", line, err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "URL "))
	// one request, so that the first body is built before timing starts
	if _, err := http.Get(url + "/projects/demo/job-batches/" + sim.DefaultBatchID); err != nil {
		b.Fatal(err)
	}
	return url
}

func benchTheme() theme.Theme {
	lipgloss.SetColorProfile(termenv.TrueColor)
	return theme.New(theme.Default, true, termenv.TrueColor)
}

func watcher(url string, th theme.Theme) Model {
	c := api.New(resty.New(), api.Options{BaseURL: url, Timeout: time.Minute})
	m := New(Options{Client: c, Project: sim.DefaultProject, BatchID: sim.DefaultBatchID,
		Interval: 2 * time.Second, Theme: th, Context: context.Background()})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return next.(Model)
}

// poll runs one whole poll: fetch, decode (unless unchanged), Update, View.
// It fails when the body's change is not the one expected.
func poll(b *testing.B, m Model, changed bool) Model {
	m, cmd := m.fetchNow()
	msg := cmd().(batchFetchedMsg)
	if msg.err != nil {
		b.Fatal(msg.err)
	}
	if msg.answer.Unchanged == changed {
		b.Fatalf("poll: unchanged is %v", msg.answer.Unchanged)
	}
	next, _ := m.Update(msg)
	m = next.(Model)
	_ = m.View()
	return m
}

// curlJQ is the CPU that `curl | jq '.status_counts'` spends on one body,
// averaged over n runs; zero when either tool is missing.
func curlJQ(b *testing.B, url string, n int) time.Duration {
	if _, err := exec.LookPath("curl"); err != nil {
		return 0
	}
	if _, err := exec.LookPath("jq"); err != nil {
		return 0
	}
	before := childCPU()
	for i := 0; i < n; i++ {
		cmd := exec.Command("sh", "-c", "curl -s "+url+"/projects/demo/job-batches/"+sim.DefaultBatchID+" | jq .status_counts >/dev/null")
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	return (childCPU() - before) / time.Duration(n)
}

func childCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchPoll(b *testing.B, mode string) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	TuneMemory() // as main does
	url := startServer(b, mode)
	jq := curlJQ(b, url, 3)
	m := poll(b, watcher(url, benchTheme()), true) // the first poll always decodes
	runtime.GC()                                   // its garbage is not the loop's
	b.ResetTimer()
	before := cpuTime()
	for i := 0; i < b.N; i++ {
		m = poll(b, m, mode == "changing")
	}
	ours := (cpuTime() - before) / time.Duration(b.N)
	b.StopTimer()
	b.ReportMetric(float64(ours.Microseconds())/1000, "cpu-ms/op")
	if jq > 0 {
		b.ReportMetric(float64(jq.Microseconds())/1000, "curl+jq-cpu-ms")
		b.ReportMetric(float64(ours)/float64(jq), "share-of-curl+jq")
	}
}

// BenchmarkPollChanged100k: a poll whose body changed: fetch, decode, model
// update and one View. Target: at most a fifth of curl | jq's CPU.
func BenchmarkPollChanged100k(b *testing.B) { benchPoll(b, "changing") }

// BenchmarkPollUnchanged100k: a poll whose body did not change. Target: at
// most a fiftieth of curl | jq's CPU.
func BenchmarkPollUnchanged100k(b *testing.B) { benchPoll(b, "frozen") }

var (
	bigOnce  sync.Once
	bigBatch model.Batch
)

// big100k is the simulated 100,000-file batch half-way through its run.
func big100k() model.Batch {
	bigOnce.Do(func() {
		clk := sim.NewClock(t0)
		s := sim.New(sim.Options{Files: sim.MaxFiles, Seed: 1, Now: clk.Now})
		clk.Advance(sim.DefaultRun / 2)
		bigBatch = s.Snapshot()
	})
	return bigBatch
}

func loaded100k(b *testing.B) Model {
	th := benchTheme()
	clk := sim.NewClock(t0)
	m := New(Options{Client: &fakeFetcher{}, Project: "acme-docs", BatchID: sim.DefaultBatchID,
		Interval: 2 * time.Second, Theme: th, Now: clk.Now})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	next, _ = next.Update(batchFetchedMsg{answer: api.Answer{Batch: big100k(), Fingerprint: 1}, at: t0})
	m = next.(Model)
	if n := len(m.lists[1].entries); n < 30_000 {
		b.Fatalf("only %d completed entries", n)
	}
	return m
}

// BenchmarkView100k: one frame at 120×40 with the 100,000-file batch, the
// Completed tab (the longest) open half-way down. Target: ≤ 1 ms.
func BenchmarkView100k(b *testing.B) {
	m := loaded100k(b)
	m = press(nil, m, "2")
	for i := 0; i < len(m.lists[1].entries)/2; i += m.lists[1].height {
		m.lists[1], _ = m.lists[1].Update(keyMsg("pgdown"))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
}

// BenchmarkKeyNav100k: a key and the frame it causes. Target: ≤ 16 ms.
func BenchmarkKeyNav100k(b *testing.B) {
	base := press(nil, loaded100k(b), "2")
	for _, keys := range [][2]string{{"j", "k"}, {"G", "g"}, {"tab", "shift+tab"}} {
		b.Run(keys[0], func(b *testing.B) {
			m := base
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				next, _ := m.Update(keyMsg(keys[i%2]))
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

// BenchmarkPeakRSS100k: a watcher process polls the changing 100,000-file
// batch ten times (decode, update, View each time), every tab drawn once
// after the first; the highest peak RSS of b.N such watchers is reported.
// Target: ≤ 150 MiB.
func BenchmarkPeakRSS100k(b *testing.B) {
	url := startServer(b, "changing")
	peak := 0
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envRSSChild+"="+url)
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("watcher: %v %s", err, out)
		}
		var kib int
		if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "VmHWM %d", &kib); err != nil {
			b.Fatalf("watcher said %q", out)
		}
		peak = max(peak, kib)
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB") // the highest of the b.N watchers
}

// measureRSS is the watcher side of BenchmarkPeakRSS100k.
func measureRSS(url string) {
	TuneMemory() // as main does
	m := watcher(url, benchTheme())
	for i := 0; i < 10; i++ {
		var cmd tea.Cmd
		m, cmd = m.fetchNow()
		msg := cmd().(batchFetchedMsg)
		if msg.err != nil {
			fmt.Println("ERR", msg.err)
			return
		}
		next, _ := m.Update(msg)
		m = next.(Model)
		_ = m.View()
		if i == 0 { // the operator looks at every tab once: hidden tabs must keep no old batch
			for _, k := range []string{"2", "3", "4", "5", "6", "1"} {
				m = press(nil, m, k)
				_ = m.View()
			}
		}
	}
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Println("VmHWM", strings.Fields(line)[1])
		}
	}
}
