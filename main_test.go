package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"vfbatch/api/config"
	"vfbatch/api/sim"
	"vfbatch/model"
)

const secret = "vf_main_test_secret_42"

type harness struct {
	sys            system
	stdout, stderr *bytes.Buffer
	clk            *sim.Clock
	env            map[string]string
}

func newHarness(t *testing.T) *harness {
	h := &harness{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
		clk: sim.NewClock(time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)), env: map[string]string{}}
	h.sys = system{getenv: func(k string) string { return h.env[k] }, stdout: h.stdout, stderr: h.stderr,
		input: func(in config.Input) config.Input {
			in.Getenv = h.sys.getenv
			in.HomeDir = func() (string, error) { return "/home/op", nil }
			in.FS = fstest.MapFS{}
			return in
		},
		now: h.clk.Now,
		after: func(d time.Duration) <-chan time.Time {
			h.clk.Advance(d)
			ch := make(chan time.Time, 1)
			ch <- h.clk.Now()
			return ch
		}}
	return h
}

// serve starts a simulated API on the harness clock, with the token checked.
func (h *harness) serve(t *testing.T, o sim.Options) string {
	o.Now, o.Token = h.clk.Now, secret
	_, url, stop, err := sim.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	h.env[config.EnvToken] = secret
	return url
}

func (h *harness) run(args ...string) int {
	return run(context.Background(), args, h.sys)
}

func (h *harness) noSecrets(t *testing.T) {
	t.Helper()
	if strings.Contains(h.stdout.String()+h.stderr.String(), secret) {
		t.Error("the token was printed")
	}
}

func TestOnceSummary(t *testing.T) {
	h := newHarness(t)
	url := h.serve(t, sim.Options{Elapsed: 45 * time.Second})
	if code := h.run("--once", "--api-url", url, sim.DefaultProject, sim.DefaultBatchID); code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	for _, want := range []string{"Batch    " + sim.DefaultBatchID, "Outcome  running", "Jobs ", "Files "} {
		if !strings.Contains(h.stdout.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, h.stdout)
		}
	}
	h.noSecrets(t)
}

func TestFlagsAfterArguments(t *testing.T) {
	h := newHarness(t)
	url := h.serve(t, sim.Options{})
	h.env[config.EnvProjectID] = sim.DefaultProject
	if code := h.run(sim.DefaultBatchID, "--api-url", url, "--once"); code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
}

func TestOnceJSON(t *testing.T) {
	h := newHarness(t)
	url := h.serve(t, sim.Options{Elapsed: 45 * time.Second})
	if code := h.run("--once", "--json", "--api-url", url, sim.DefaultProject, sim.DefaultBatchID); code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	var b model.Batch
	if err := json.Unmarshal(h.stdout.Bytes(), &b); err != nil || b.ID != sim.DefaultBatchID || b.Result == nil {
		t.Fatalf("stdout is not the batch as JSON (%v):\n%s", err, h.stdout)
	}
	h.noSecrets(t)
}

func TestWaitFollowsToTheEnd(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"wait", []string{"--wait"}, exitOK},
		{"exit status", []string{"--wait", "--exit-status"}, exitFailed},
		{"not a terminal behaves as wait", []string{"--exit-status"}, exitFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			url := h.serve(t, sim.Options{Seed: 5})
			args := append(tc.args, "--api-url", url, sim.DefaultProject, sim.DefaultBatchID)
			if code := h.run(args...); code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, h.stderr)
			}
			out := h.stdout.String()
			lines := strings.Split(out, "\n")
			if len(lines) < 10 || !strings.Contains(out, "Outcome  finished with failures") || !strings.Contains(out, "Failed files (") {
				t.Errorf("output:\n%s", out)
			}
			if !strings.HasPrefix(lines[0], "12:00:00  jobs 0/30 (0%)  files 0/300") {
				t.Errorf("first line %q", lines[0])
			}
			if !strings.Contains(out, "  failed   ") || !strings.Contains(out, "  skipped  ") {
				t.Errorf("no lines for newly failed and skipped files:\n%s", out)
			}
		})
	}
}

func TestWaitJSONKeepsStdoutPure(t *testing.T) {
	h := newHarness(t)
	url := h.serve(t, sim.Options{Files: 40})
	if code := h.run("--wait", "--json", "--api-url", url, sim.DefaultProject, sim.DefaultBatchID); code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	var b model.Batch
	if err := json.Unmarshal(h.stdout.Bytes(), &b); err != nil || !model.Finished(&b) {
		t.Fatalf("stdout is not the final batch (%v)", err)
	}
	if !strings.Contains(h.stderr.String(), "jobs 4/4") {
		t.Errorf("progress lines not on stderr: %s", h.stderr)
	}
}

func TestUnreadableBatch(t *testing.T) {
	h := newHarness(t)
	url := h.serve(t, sim.Options{})
	h.env[config.EnvToken] = "vf_wrong"
	if code := h.run("--wait", "--api-url", url, sim.DefaultProject, sim.DefaultBatchID); code != exitUnreadable {
		t.Fatalf("exit %d", code)
	}
	if want := "token rejected (401): Invalid or expired token; the token from VERYFRONT_API_TOKEN was rejected\n"; !strings.HasSuffix(h.stderr.String(), want) {
		t.Errorf("stderr %q", h.stderr)
	}

	h = newHarness(t)
	url = h.serve(t, sim.Options{})
	if code := h.run("--once", "--api-url", url, "nope", "missing-batch"); code != exitUnreadable {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(h.stderr.String(), `project "nope", batch "missing-batch"`) {
		t.Errorf("stderr %q", h.stderr)
	}
	h.noSecrets(t)
}

func TestGiveUpAfter(t *testing.T) {
	h := newHarness(t)
	url := h.serve(t, sim.Options{Faults: sim.Faults{ServerErrors: 1}})
	if code := h.run("--wait", "--give-up-after", "1m", "--api-url", url, sim.DefaultProject, sim.DefaultBatchID); code != exitUnreadable {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(h.stderr.String()), "\n")
	if !strings.Contains(lines[0], "retry in") || !strings.Contains(lines[len(lines)-1], "gave up after 1m0s") {
		t.Errorf("stderr:\n%s", h.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no arguments", nil, nil, "missing arguments"},
		{"unknown flag", []string{"--frobnicate", "p", "b"}, nil, "flag provided but not defined: -frobnicate"},
		{"bad duration", []string{"--interval", "soon", "p", "b"}, nil, `invalid value "soon" for flag -interval`},
		{"interval too short", []string{"--interval", "100ms", "p", "b"}, nil, "below the minimum of 500ms"},
		{"bad url", []string{"--api-url", "nope", "p", "b"}, nil, "is not an http(s) URL"},
		{"plain http", []string{"--api-url", "http://api.example", "p", "b"}, nil, "refusing to send the token over plain http"},
		{"no token", []string{"p", "b"}, nil, "set VERYFRONT_API_TOKEN"},
		{"unreadable token file", []string{"--token-file", "/nowhere", "p", "b"}, nil, "cannot read token file /nowhere"},
		{"once and wait", []string{"--once", "--wait", "p", "b"}, nil, "cannot be combined"},
		{"demo with arguments", []string{"--demo", "p", "b"}, nil, "--demo takes no PROJECT"},
		{"too many arguments", []string{"a", "b", "c"}, map[string]string{config.EnvToken: secret}, "too many arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			for k, v := range tt.env {
				h.env[k] = v
			}
			if code := h.run(tt.args...); code != exitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			errOut := h.stderr.String()
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "vfbatch: ") || !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q, want one line with %q", errOut, tt.want)
			}
			if h.stdout.Len() != 0 {
				t.Errorf("stdout %q", h.stdout)
			}
			h.noSecrets(t)
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	h := newHarness(t)
	if code := h.run("--help"); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--api-url", "--token-file", "--interval", "--timeout", "--give-up-after", "--once", "--wait",
		"--json", "--exit-status", "--insecure", "--no-color", "--demo", "--demo-files", "--version",
		"--demo-faults", "--log", "--on-finish", "--no-title", "--no-bell", "--mouse", "VFBATCH_OUTCOME",
		"VERYFRONT_API_TOKEN", "VERYFRONT_API_URL", "VERYFRONT_API_BASE_URL", "VERYFRONT_PROJECT_ID",
		"VERYFRONT_PROJECT_SLUG", "XDG_CONFIG_HOME", "NO_COLOR", "Exit codes", "130"} {
		if !strings.Contains(h.stdout.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
	h = newHarness(t)
	if code := h.run("--version"); code != exitOK || h.stdout.String() != "vfbatch "+version+"\n" {
		t.Errorf("version: %d %q", code, h.stdout)
	}
}

func TestDemoOnce(t *testing.T) {
	h := newHarness(t)
	if code := h.run("--demo", "--once", "--demo-files", "20"); code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	if !strings.Contains(h.stdout.String(), "(project demo)") {
		t.Errorf("stdout %s", h.stdout)
	}
}

// hostileServer answers with escape sequences in every string it can.
func hostileServer(t *testing.T, status int) string {
	const h = `\u001b]2;pwned\u0007\u001b]52;c;ZXZpbA==\u001b\\\u001b[2J\u001b[31m\u0007\u202e\u009b1m`
	body := `{"id":"b` + h + `","target":"` + h + `","job_count":1,"status_counts":{"completed":1},"created_at":"` + h + `",
	 "result":{"kind":"knowledge_ingest","total_count":2,"skipped_count":1,"failed_count":1,"remaining_label":"` + h + `",
	 "skipped":[{"label":"s` + h + `","path":"p` + h + `","message":"m` + h + `"}],
	 "failed":[{"label":"f` + h + `","path":null,"message":"m` + h + `"}]}}`
	if status != 200 {
		body = "<html><title>" + "\x1b]2;pwned\x07\x1b[2J\u202e" + "</title></html>"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func assertPrintable(t *testing.T, where, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) {
			t.Errorf("%s: %U reached the output: %q", where, r, s)
			return
		}
	}
}

func TestPlainOutputIsTerminalSafe(t *testing.T) {
	for _, args := range [][]string{{"--once"}, {"--wait"}, {"--once", "--json"}, {"--wait", "--json"}} {
		h := newHarness(t)
		h.env[config.EnvToken] = secret
		url := hostileServer(t, 200)
		if code := h.run(append(args, "--api-url", url, "p", "b")...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, h.stderr)
		}
		assertPrintable(t, strings.Join(args, " ")+" stdout", h.stdout.String())
		assertPrintable(t, strings.Join(args, " ")+" stderr", h.stderr.String())
		if out := h.stdout.String(); !strings.Contains(out, `"id": "b"`) && !strings.Contains(out, "Batch    b (project p)") {
			t.Errorf("%v: the text around the sequences was lost:\n%s", args, out)
		}
	}
	h := newHarness(t)
	h.env[config.EnvToken] = secret
	url := hostileServer(t, 500)
	if code := h.run("--wait", "--give-up-after", "10s", "--api-url", url, "p", "b"); code != exitUnreadable {
		t.Fatalf("exit %d", code)
	}
	assertPrintable(t, "error stderr", h.stderr.String())
}

func TestTokenNeverLeaves(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "debug.log")
	h := newHarness(t)
	url := h.serve(t, sim.Options{Files: 20, Faults: sim.Faults{ServerErrors: 0.3}})
	code := h.run("--wait", "--json", "--log", logPath, "--api-url", url, sim.DefaultProject, sim.DefaultBatchID)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), "GET /projects/demo/job-batches/"+sim.DefaultBatchID+" 200") {
		t.Errorf("log lacks request lines:\n%s", logged)
	}
	for where, text := range map[string]string{"stdout": h.stdout.String(), "stderr": h.stderr.String(), "log": string(logged)} {
		if strings.Contains(text, secret) {
			t.Errorf("the token reached %s", where)
		}
	}
	// A rejected token is named by its source, never by its value.
	h2 := newHarness(t)
	h2.serve(t, sim.Options{})
	h2.env[config.EnvToken] = "vf_wrong_" + secret
	_ = h2.run("--once", "--log", logPath, "--api-url", url, sim.DefaultProject, sim.DefaultBatchID)
	logged, _ = os.ReadFile(logPath)
	if strings.Contains(h2.stderr.String()+string(logged), secret) {
		t.Error("a rejected token was printed")
	}
}

func TestWaitRunsOnFinish(t *testing.T) {
	out := filepath.Join(t.TempDir(), "done.txt")
	h := newHarness(t)
	url := h.serve(t, sim.Options{Files: 30, Seed: 2})
	code := h.run("--wait", "--on-finish", `printf '%s %s' "$VFBATCH_OUTCOME" "$VFBATCH_FILES_TOTAL" > `+out,
		"--api-url", url, sim.DefaultProject, sim.DefaultBatchID)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil || !strings.HasSuffix(string(got), " 30") || !strings.HasPrefix(string(got), "succeeded") && !strings.HasPrefix(string(got), "finished with failures") {
		t.Errorf("on-finish wrote %q (%v)", got, err)
	}
}
