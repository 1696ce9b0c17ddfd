package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"

	"vfbatch/model"
)

const testToken = "vf_secret_token_1234567890"

func newClient(t *testing.T, h http.HandlerFunc, mod ...func(*Options)) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	o := Options{BaseURL: srv.URL, Token: testToken, UserAgent: "vfbatch/test", Timeout: 2 * time.Second}
	for _, m := range mod {
		m(&o)
	}
	return New(resty.New(), o)
}

func respond(status int, ctype, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func TestRequestShape(t *testing.T) {
	var got *http.Request
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		_, _ = w.Write([]byte(`{"id":"b","job_count":0}`))
	})
	if _, err := c.GetBatch(context.Background(), "my project/x", "3c90c3cc-0d44"); err != nil {
		t.Fatal(err)
	}
	if got.Method != http.MethodGet {
		t.Errorf("method %s", got.Method)
	}
	if want := "/projects/my%20project%2Fx/job-batches/3c90c3cc-0d44"; got.URL.EscapedPath() != want {
		t.Errorf("path %q, want %q", got.URL.EscapedPath(), want)
	}
	for h, want := range map[string]string{
		"Authorization": "Bearer " + testToken,
		"Accept":        "application/json",
		"User-Agent":    "vfbatch/test",
	} {
		if v := got.Header.Get(h); v != want {
			t.Errorf("%s = %q, want %q", h, v, want)
		}
	}
}

func TestDocumentedExample(t *testing.T) {
	body, err := os.ReadFile("testdata/documented-example.json")
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, respond(200, "application/json", string(body)))
	b, err := c.GetBatch(context.Background(), "p", "b")
	if err != nil {
		t.Fatal(err)
	}
	if b.JobCount != 1 || b.StatusCounts != (model.StatusCounts{Submitted: 1, Working: 1, Completed: 1, Failed: 1, Canceled: 1}) || !b.HasFileDetail() {
		t.Fatalf("decoded %+v", b)
	}
	for _, bk := range model.Buckets {
		if n := len(b.Result.Entries(bk)); n != 1 {
			t.Errorf("%s has %d entries", bk.Name(), n)
		}
	}
	if b.Result.Failed[0].Message != "<string>" || b.Result.RemainingLabel != "Remaining Files" {
		t.Errorf("failed entry %+v", b.Result.Failed[0])
	}
}

func TestDecodeTolerates(t *testing.T) {
	tests := []struct {
		name, body string
		check      func(t *testing.T, b model.Batch)
	}{
		{"null result", `{"id":"b","job_count":2,"result":null}`, func(t *testing.T, b model.Batch) {
			if b.Result != nil || b.HasFileDetail() || len(b.Problems) != 0 {
				t.Errorf("%+v", b)
			}
		}},
		{"absent result and nulls", `{"id":"b","target":null,"status_counts":null}`, func(t *testing.T, b model.Batch) {
			if b.Result != nil || b.Target.Valid {
				t.Errorf("%+v", b)
			}
		}},
		{"null and absent arrays", `{"result":{"kind":"knowledge_ingest","total_count":3,"processing":null,"completed":[{"label":"a","path":null,"upload_id":null,"remote_path":null}]}}`,
			func(t *testing.T, b model.Batch) {
				r := b.Result
				if r.Processing != nil || r.Skipped != nil || len(r.Completed) != 1 || r.Completed[0].Path.Valid {
					t.Errorf("%+v", r)
				}
			}},
		{"unknown fields", `{"id":"b","shiny":{"x":[1,2]},"result":{"kind":"knowledge_ingest","extra":true,"failed":[{"label":"f","message":"parser_error: x","new":1}]}}`,
			func(t *testing.T, b model.Batch) {
				if len(b.Result.Failed) != 1 || b.Result.Failed[0].Message != "parser_error: x" {
					t.Errorf("%+v", b.Result)
				}
			}},
		{"unknown kind", `{"job_count":3,"status_counts":{"working":3},"result":{"kind":"video_render","total_count":"lots","frames":[1]}}`,
			func(t *testing.T, b model.Batch) {
				if b.JobCount != 3 || b.HasFileDetail() || b.Result.Kind != "video_render" || len(b.Problems) != 1 {
					t.Errorf("%+v problems %v", b, b.Problems)
				}
			}},
		{"mistyped file detail keeps jobs", `{"job_count":3,"result":{"kind":"knowledge_ingest","failed":"nope"}}`,
			func(t *testing.T, b model.Batch) {
				if b.JobCount != 3 || b.HasFileDetail() || len(b.Problems) != 1 || !strings.Contains(b.Problems[0], "failed") {
					t.Errorf("%+v problems %v", b, b.Problems)
				}
			}},
		{"counts disagree with arrays", `{"job_count":1,"status_counts":{"working":1},"result":{"kind":"knowledge_ingest","total_count":9,"processing":[],"remaining":[]}}`,
			func(t *testing.T, b model.Batch) {
				if b.StatusCounts.Working != 1 || b.Result.TotalCount != 9 || len(b.Result.Remaining) != 0 {
					t.Errorf("counts were changed: %+v", b)
				}
			}},
		{"escape sequences are sanitised", `{"id":"\u001b]2;pwned\u0007b","result":{"kind":"knowledge_ingest","failed":[{"label":"a\u001b[2Jb","message":"m\u202e"}]}}`,
			func(t *testing.T, b model.Batch) {
				if b.ID != "b" || b.Result.Failed[0].Label != "ab" || b.Result.Failed[0].Message != "m" {
					t.Errorf("%+v", b)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, respond(200, "application/json", tt.body))
			b, err := c.GetBatch(context.Background(), "p", "b")
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, b)
		})
	}
}

func TestMalformedBodies(t *testing.T) {
	tests := []struct{ name, ctype, body, want string }{
		{"empty", "application/json", "", "empty body"},
		{"html", "text/html", "<html><title>Bad gateway</title></html>", "HTML"},
		{"truncated", "application/json", `{"id":"b","result":{"kind":"knowledge_ingest","failed":[{"lab`, "truncated"},
		{"wrong type", "application/json", `{"job_count":"many"}`, `"job_count"`},
		{"array", "application/json", `[1,2]`, "not a JSON object"},
		{"garbage", "application/json", `{not json}`, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, respond(200, tt.ctype, tt.body))
			_, err := c.GetBatch(context.Background(), "p", "b")
			var me *MalformedError
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &me) {
				t.Fatalf("err = %v, want malformed", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %q does not mention %q", err, tt.want)
			}
			if !Retryable(err) {
				t.Error("a malformed body is transient")
			}
		})
	}
}

func TestBodyCap(t *testing.T) {
	big := `{"id":"` + strings.Repeat("x", 4096) + `"}`
	c := newClient(t, respond(200, "application/json", big), func(o *Options) { o.MaxBody = 1024 })
	_, err := c.GetBatch(context.Background(), "p", "b")
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}

func TestStatusErrors(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		h         http.HandlerFunc
		kind      error
		status    int
		msg       string
		retry     time.Duration
		retryable bool
	}{
		{"401 json message", respond(401, "application/json", `{"message":"Invalid token"}`), ErrUnauthorized, 401, "Invalid token", 0, false},
		{"403 error object", respond(403, "application/json", `{"error":{"message":"forbidden here"}}`), ErrUnauthorized, 403, "forbidden here", 0, false},
		{"404 detail", respond(404, "application/json", `{"detail":"Batch not found","code":"not_found"}`), ErrNotFound, 404, "Batch not found", 0, false},
		{"404 error string over title", respond(404, "application/json", `{"error":"nope","title":"Not Found"}`), ErrNotFound, 404, "nope", 0, false},
		{"400 title only", respond(400, "application/json", `{"title":"Bad Request"}`), ErrClient, 400, "Bad Request", 0, false},
		{"429 seconds", respond(429, "", "slow down", "Retry-After", "7"), ErrRateLimited, 429, "slow down", 7 * time.Second, true},
		{"429 http date", respond(429, "", "", "Retry-After", now.Add(90*time.Second).Format(http.TimeFormat)), ErrRateLimited, 429, "", 90 * time.Second, true},
		{"429 huge is capped", respond(429, "", "", "Retry-After", "999999"), ErrRateLimited, 429, "", 10 * time.Minute, true},
		{"429 without header", respond(429, "", ""), ErrRateLimited, 429, "", 0, true},
		{"503 with retry-after", respond(503, "", "", "Retry-After", "3"), ErrRateLimited, 503, "", 3 * time.Second, true},
		{"503 html", respond(503, "text/html", "<html><head><title>503 Service Unavailable</title></head><body>x</body></html>"), ErrServer, 503, "HTML page: 503 Service Unavailable", 0, true},
		{"502 empty", respond(502, "", ""), ErrServer, 502, "", 0, true},
		{"500 hostile body", respond(500, "text/plain", "boom\x1b]2;pwned\x07\x1b[2J now"), ErrServer, 500, "boom now", 0, true},
		{"500 unreadable json", respond(500, "application/json", `{"message":`), ErrServer, 500, "unreadable error body", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, tt.h, func(o *Options) { o.Now = func() time.Time { return now } })
			_, err := c.GetBatch(context.Background(), "p", "b")
			var se *StatusError
			if !errors.As(err, &se) || !errors.Is(err, tt.kind) {
				t.Fatalf("err = %#v, want %v", err, tt.kind)
			}
			if se.Status != tt.status || se.Message != tt.msg || se.RetryAfter != tt.retry {
				t.Errorf("got status %d msg %q retry %v", se.Status, se.Message, se.RetryAfter)
			}
			if Retryable(err) != tt.retryable {
				t.Errorf("Retryable = %v", !tt.retryable)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("error text carries the token")
			}
		})
	}
}

func TestLongErrorBodyIsShortened(t *testing.T) {
	c := newClient(t, respond(500, "text/plain", strings.Repeat("word ", 500)))
	_, err := c.GetBatch(context.Background(), "p", "b")
	var se *StatusError
	if !errors.As(err, &se) || len([]rune(se.Message)) > maxMessage {
		t.Fatalf("message not shortened: %d runes", len([]rune(se.Message)))
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, func(o *Options) { o.Timeout = 50 * time.Millisecond })
	_, err := c.GetBatch(context.Background(), "p", "b")
	if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrTransport) {
		t.Fatalf("err = %v, want timeout", err)
	}
	if !Retryable(err) {
		t.Error("timeouts are transient")
	}
}

func TestCancellation(t *testing.T) {
	var started atomic.Bool
	release := make(chan struct{})
	defer close(release)
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		started.Store(true)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.GetBatch(ctx, "p", "b")
		done <- err
	}()
	for !started.Load() {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || Retryable(err) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("cancellation did not end the request")
	}
}

func TestTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := New(resty.New(), Options{BaseURL: url, Token: testToken})
	_, err := c.GetBatch(context.Background(), "p", "b")
	if !errors.Is(err, ErrTransport) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want transport", err)
	}
	if strings.Contains(err.Error(), "/projects/") || strings.Contains(err.Error(), testToken) {
		t.Errorf("error repeats the URL or token: %v", err)
	}
}

func TestRetryDelay(t *testing.T) {
	iv := 2 * time.Second
	rl := &StatusError{Status: 429, kind: ErrRateLimited, RetryAfter: 30 * time.Second}
	rlShort := &StatusError{Status: 429, kind: ErrRateLimited, RetryAfter: time.Second}
	srv := &StatusError{Status: 502, kind: ErrServer}
	tests := []struct {
		name     string
		err      error
		failures int
		jitter   float64
		want     time.Duration
	}{
		{"first failure is the interval", srv, 1, 0.5, iv},
		{"doubles", srv, 2, 0.5, 4 * time.Second},
		{"doubles again", srv, 3, 0.5, 8 * time.Second},
		{"capped", srv, 20, 0.5, MaxBackoff},
		{"capped even with jitter", srv, 20, 0.99, MaxBackoff},
		{"jitter low", srv, 1, 0, 1600 * time.Millisecond},
		{"jitter high", srv, 2, 0.75, 4400 * time.Millisecond},
		{"retry-after wins", rl, 1, 0.5, 30 * time.Second},
		{"retry-after at least the interval", rlShort, 1, 0.5, iv},
		{"429 without retry-after backs off", &StatusError{Status: 429, kind: ErrRateLimited}, 2, 0.5, 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RetryDelay(tt.err, tt.failures, iv, tt.jitter); got != tt.want {
				t.Errorf("RetryDelay = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLogLinesCarryNoToken(t *testing.T) {
	var lines []string
	logf := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	ok := newClient(t, respond(200, "application/json", `{"id":"b"}`), func(o *Options) { o.Logf = logf })
	bad := newClient(t, respond(401, "application/json", `{"message":"nope"}`), func(o *Options) { o.Logf = logf })
	_, _ = ok.GetBatch(context.Background(), "my project", "b1")
	_, _ = bad.GetBatch(context.Background(), "p", "b2")
	if len(lines) != 3 {
		t.Fatalf("lines %q", lines)
	}
	if !strings.HasPrefix(lines[0], "GET /projects/my%20project/job-batches/b1 200 ") || !strings.HasSuffix(lines[0], " 10B") {
		t.Errorf("request line %q", lines[0])
	}
	if !strings.Contains(lines[2], "token rejected (401): nope") {
		t.Errorf("error line %q", lines[2])
	}
	for _, l := range lines {
		if strings.Contains(l, testToken) || strings.Contains(l, "Bearer") {
			t.Errorf("log line carries the token: %q", l)
		}
	}
}

func TestTLSVerificationStaysOn(t *testing.T) {
	srv := httptest.NewTLSServer(respond(200, "application/json", `{"id":"b"}`))
	defer srv.Close()
	c := New(resty.New(), Options{BaseURL: srv.URL, Token: testToken})
	_, err := c.GetBatch(context.Background(), "p", "b")
	if !errors.Is(err, ErrTransport) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a self-signed certificate was accepted: %v", err)
	}
}
