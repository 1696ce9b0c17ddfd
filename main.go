// Command vfbatch watches a Veryfront job batch: a live dashboard in a
// terminal, plain progress lines or JSON for scripts.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/go-resty/resty/v2"
	"github.com/muesli/termenv"

	"vfbatch/api"
	"vfbatch/api/config"
	"vfbatch/api/sim"
	"vfbatch/model"
	"vfbatch/theme"
	"vfbatch/ui"
	"vfbatch/ui/plain"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0"

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1 // the finished batch failed (with --exit-status)
	exitUsage       = 2 // bad flags, arguments or configuration
	exitUnreadable  = 3 // the batch could not be read
	exitInterrupted = 130
)

const minInterval = 500 * time.Millisecond

// options are the parsed command line.
type options struct {
	apiURL, tokenFile      string
	interval, timeout      time.Duration
	giveUpAfter            time.Duration
	once, wait, json       bool
	exitStatus, insecure   bool
	demo                   bool
	demoFiles              int
	demoFaults             float64
	logFile                string
	noTitle, noBell, mouse bool
	onFinish               string
	noColor, showVersion   bool
	args                   []string
}

// system is the process's environment, injectable for tests.
type system struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	stdoutTTY      bool
	input          func(config.Input) config.Input
	now            func() time.Time
	after          func(time.Duration) <-chan time.Time
}

func main() {
	sys := system{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr,
		stdoutTTY: term.IsTerminal(os.Stdout.Fd()), input: config.OSInput, now: time.Now, after: time.After}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ui.TuneMemory()
	os.Exit(run(ctx, os.Args[1:], sys))
}

func run(ctx context.Context, args []string, sys system) int {
	o, err := parseFlags(args, sys.stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail(sys, exitUsage, err)
	}
	if o.showVersion {
		fmt.Fprintln(sys.stdout, "vfbatch", version)
		return exitOK
	}
	s, stopSim, err := settings(o, sys)
	if err != nil {
		return fail(sys, exitUsage, err)
	}
	defer stopSim()
	for _, w := range s.Warnings {
		fmt.Fprintln(sys.stderr, "vfbatch: warning:", w)
	}
	logf, closeLog, err := openLog(o.logFile)
	if err != nil {
		return fail(sys, exitUsage, err)
	}
	defer closeLog()
	client := api.New(resty.New(), api.Options{BaseURL: s.BaseURL, Token: s.Token,
		UserAgent: "vfbatch/" + version, Timeout: o.timeout, Logf: logf})
	if !o.once && !o.wait {
		switch {
		case !sys.stdoutTTY:
			o.wait = true
		case o.json:
			o.once = true
		default:
			return runDashboard(ctx, client, o, s, sys)
		}
	}
	return runPlain(ctx, client, o, s, sys)
}

// runDashboard opens the TUI. With --exit-status, quitting after the batch
// finished returns what --wait would have.
func runDashboard(ctx context.Context, c *api.Client, o options, s config.Settings, sys system) int {
	profile := lipgloss.ColorProfile()
	if o.noColor || sys.getenv("NO_COLOR") != "" {
		profile = termenv.Ascii
		lipgloss.SetColorProfile(profile)
	}
	th := theme.New(theme.Default, lipgloss.HasDarkBackground(), profile)
	b, have, err := ui.Run(ctx, ui.Options{Client: c, Project: s.Project, BatchID: s.BatchID,
		TokenSource: s.TokenSource, Interval: o.interval, Theme: th,
		NoTitle: o.noTitle, NoBell: o.noBell, OnFinish: o.onFinish, Mouse: o.mouse})
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	if err != nil {
		return fail(sys, exitUnreadable, err)
	}
	if !have {
		return exitOK
	}
	return finalCode(o, &b)
}

// settings resolves the connection, or starts the simulated API for --demo.
func settings(o options, sys system) (config.Settings, func(), error) {
	if !o.demo {
		s, err := config.Resolve(sys.input(config.Input{APIURL: o.apiURL, TokenFile: o.tokenFile, Insecure: o.insecure, Args: o.args}))
		return s, func() {}, err
	}
	if len(o.args) > 0 {
		return config.Settings{}, nil, errors.New("--demo takes no PROJECT or BATCH_ID")
	}
	token := demoToken()
	_, url, stop, err := sim.Start(sim.Options{Files: o.demoFiles, Token: token, Seed: uint64(sys.now().UnixNano()),
		Now: sys.now, Elapsed: 6 * time.Second, Faults: demoFaults(o.demoFaults)})
	if err != nil {
		return config.Settings{}, nil, err
	}
	return config.Settings{BaseURL: url, Token: token, TokenSource: "the demo", Project: sim.DefaultProject, BatchID: sim.DefaultBatchID}, stop, nil
}

// demoFaults spreads a share of failing requests over the kinds of fault
// seen in the wild, and slows every answer a little so that "refreshing…"
// can be seen.
func demoFaults(rate float64) sim.Faults {
	if rate <= 0 {
		return sim.Faults{}
	}
	return sim.Faults{ServerErrors: rate * 0.6, RateLimits: rate * 0.15, Malformed: rate * 0.25,
		RetryAfter: 3 * time.Second, Latency: 250 * time.Millisecond}
}

func demoToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "vf_demo_" + hex.EncodeToString(b)
}

// openLog sends the standard logger to path (through tea.LogToFile, so that
// nothing writes to the terminal while the dashboard runs) and returns its
// Printf. Without a path, logging goes nowhere.
func openLog(path string) (func(string, ...any), func(), error) {
	if path == "" {
		return func(string, ...any) {}, func() {}, nil
	}
	f, err := tea.LogToFile(path, "vfbatch")
	if err != nil {
		return nil, nil, fmt.Errorf("--log: %w", err)
	}
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	return log.Printf, func() { _ = f.Close() }, nil
}

// runPlain serves --once and --wait.
func runPlain(ctx context.Context, c *api.Client, o options, s config.Settings, sys system) int {
	progress := sys.stdout
	if o.json {
		progress = sys.stderr // keep stdout pure JSON
	}
	lastLine := ""
	var prev *model.Batch // for the lines of newly failed and skipped files
	fo := plain.FollowOptions{Project: s.Project, BatchID: s.BatchID, Interval: o.interval, GiveUpAfter: o.giveUpAfter,
		Now: sys.now, After: sys.after,
		OnRetry: func(err error, wait time.Duration) {
			fmt.Fprintf(sys.stderr, "%s  %s — retry in %s\n", sys.now().Format("15:04:05"), explain(err, s), wait.Round(time.Second))
		}}
	if o.wait {
		fo.OnBatch = func(b *model.Batch) {
			line := plain.ProgressLine(sys.now(), b)
			if rest := line[8:]; rest != lastLine {
				lastLine = rest
				fmt.Fprintln(progress, line)
			}
			for _, l := range plain.ArrivalLines(model.Diff(prev, b, sys.now())) {
				fmt.Fprintln(progress, l)
			}
			if b.HasFileDetail() {
				prev = b
			}
		}
	}
	var b model.Batch
	var err error
	if o.wait {
		b, err = plain.Follow(ctx, c, fo)
	} else {
		b, err = plain.Once(ctx, c, fo)
	}
	if err != nil {
		return fail(sys, exitCode(err), explain(err, s))
	}
	if o.onFinish != "" && model.Finished(&b) {
		if err := ui.RunOnFinish(ctx, o.onFinish, ui.FinishEnv(s.Project, s.BatchID, &b)); err != nil {
			fmt.Fprintf(sys.stderr, "vfbatch: --on-finish: %s\n", model.Safe(err.Error()))
		}
	}
	if o.json {
		err = plain.JSON(sys.stdout, &b)
	} else {
		if o.wait {
			fmt.Fprintln(sys.stdout)
		}
		err = plain.Summary(sys.stdout, s.Project, &b)
	}
	if err != nil {
		return fail(sys, exitUnreadable, err)
	}
	return finalCode(o, &b)
}

func finalCode(o options, b *model.Batch) int {
	if o.exitStatus && model.Finished(b) && model.OutcomeOf(b).Failed() {
		return exitFailed
	}
	return exitOK
}

func exitCode(err error) int {
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return exitUnreadable
}

// explain turns a read error into one line an operator can act on.
func explain(err error, s config.Settings) error {
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("interrupted")
	case errors.Is(err, api.ErrUnauthorized):
		return fmt.Errorf("%w; the token from %s was rejected", err, s.TokenSource)
	case errors.Is(err, api.ErrNotFound):
		return fmt.Errorf("%w: project %q, batch %q", err, s.Project, s.BatchID)
	}
	return err
}

func fail(sys system, code int, err error) int {
	msg := model.Safe(err.Error())
	if code == exitUsage {
		msg += " (see vfbatch --help)"
	}
	fmt.Fprintf(sys.stderr, "vfbatch: %s\n", msg)
	return code
}

// parseFlags reads flags before, between and after the positional arguments.
func parseFlags(args []string, help io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("vfbatch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.apiURL, "api-url", "", "")
	fs.StringVar(&o.tokenFile, "token-file", "", "")
	fs.DurationVar(&o.interval, "interval", 2*time.Second, "")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "")
	fs.DurationVar(&o.giveUpAfter, "give-up-after", 10*time.Minute, "")
	fs.BoolVar(&o.once, "once", false, "")
	fs.BoolVar(&o.wait, "wait", false, "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.exitStatus, "exit-status", false, "")
	fs.BoolVar(&o.insecure, "insecure", false, "")
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.IntVar(&o.demoFiles, "demo-files", sim.DefaultFiles, "")
	fs.Float64Var(&o.demoFaults, "demo-faults", 0, "")
	fs.StringVar(&o.logFile, "log", "", "")
	fs.BoolVar(&o.noTitle, "no-title", false, "")
	fs.BoolVar(&o.noBell, "no-bell", false, "")
	fs.BoolVar(&o.mouse, "mouse", false, "")
	fs.StringVar(&o.onFinish, "on-finish", "", "")
	fs.BoolVar(&o.noColor, "no-color", false, "")
	fs.BoolVar(&o.showVersion, "version", false, "")
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(help, usage)
			}
			return o, err
		}
		if fs.NArg() == 0 {
			break
		}
		o.args = append(o.args, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return o, o.validate()
}

func (o options) validate() error {
	switch {
	case o.interval < minInterval:
		return fmt.Errorf("--interval %s is below the minimum of %s", o.interval, minInterval)
	case o.timeout <= 0:
		return fmt.Errorf("--timeout must be positive, got %s", o.timeout)
	case o.giveUpAfter <= 0:
		return fmt.Errorf("--give-up-after must be positive, got %s", o.giveUpAfter)
	case o.once && o.wait:
		return errors.New("--once and --wait cannot be combined")
	case o.demoFaults < 0 || o.demoFaults > 1:
		return fmt.Errorf("--demo-faults is a share of requests from 0 to 1, got %g", o.demoFaults)
	case o.demoFiles < 1 || o.demoFiles > sim.MaxFiles:
		return fmt.Errorf("--demo-files must be from 1 to %d, got %d", sim.MaxFiles, o.demoFiles)
	}
	return nil
}

const usage = `vfbatch watches a Veryfront job batch.

Usage:
  vfbatch [flags] PROJECT BATCH_ID
  vfbatch [flags] BATCH_ID          (project from VERYFRONT_PROJECT_ID or VERYFRONT_PROJECT_SLUG)
  vfbatch --demo                    (a simulated batch; no account needed)

In a terminal it opens the dashboard. When stdout is not a terminal it
behaves as --wait.

Flags:
  --api-url URL          API base URL (default https://api.veryfront.com)
  --token-file PATH      read the token from PATH (default: the Veryfront CLI's token file)
  --interval DURATION    time between polls, at least 500ms (default 2s)
  --timeout DURATION     limit for one request (default 10s)
  --give-up-after DUR    with --wait, exit 3 after this long of continuous failure (default 10m)
  --once                 fetch once, print a summary and exit
  --wait                 print a line per change until the batch finishes, then the summary
  --json                 with --once or --wait, print the batch as JSON instead (alone: --once --json)
  --exit-status          exit 1 when the finished batch has failed or canceled jobs or failed files
  --insecure             allow plain http to a host that is not loopback
  --no-color             no colours (also when NO_COLOR is set)
  --demo                 watch a simulated batch served in-process on loopback
  --demo-files N         files in the demo batch, 1 to 100000 (default 300)
  --demo-faults RATE     make this share of demo requests fail (0 to 1, e.g. 0.3): 5xx pages,
                         429s with Retry-After and truncated bodies, each answer 250ms late
  --log FILE             append a debug log to FILE: one line per request and per error
                         (never the token)
  --on-finish CMD        run CMD (with sh -c) once when the batch is seen finished; its
                         output is discarded; VFBATCH_OUTCOME, VFBATCH_PROJECT,
                         VFBATCH_BATCH_ID, VFBATCH_JOBS_{TOTAL,COMPLETED,FAILED,CANCELED} and
                         VFBATCH_FILES_{TOTAL,COMPLETED,SKIPPED,FAILED} describe it
  --no-title             do not set the window (tmux pane) title
  --no-bell              do not ring the bell when the batch finishes
  --mouse                wheel scrolls, click picks a tab or a row (off: select text freely)
  --version              print the version
  -h, --help             this help

Environment:
  VERYFRONT_API_TOKEN     the API token (a JWT or a vf_ key); never pass it as a flag
  VERYFRONT_API_URL       API base URL, if --api-url is not given
  VERYFRONT_API_BASE_URL  API base URL, if neither of the above is set
  VERYFRONT_PROJECT_ID    project, when only BATCH_ID is given
  VERYFRONT_PROJECT_SLUG  project, if VERYFRONT_PROJECT_ID is not set
  XDG_CONFIG_HOME         where the CLI token file lives ($XDG_CONFIG_HOME/veryfront/token,
                          default ~/.config/veryfront/token)
  NO_COLOR                any value turns colours off

Token: VERYFRONT_API_TOKEN, else --token-file, else the Veryfront CLI's token
file (written by 'veryfront login').

Exit codes:
  0    success
  1    the finished batch failed (only with --exit-status)
  2    usage or configuration error
  3    the batch could not be read (token rejected, not found, or network
       errors for longer than --give-up-after)
  130  interrupted
`
