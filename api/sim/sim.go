// Package sim simulates the Veryfront job-batch API: a knowledge-ingest run
// whose files move from remaining through processing to completed, skipped or
// failed. It is deterministic from a seed, runs on an injectable clock, and
// can inject faults. It serves the demo and the tests.
package sim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"vfbatch/model"
)

// Defaults for the simulated batch.
const (
	DefaultProject = "demo"
	DefaultBatchID = "7d3f9a52-5b1e-4c7a-9e2b-1f6c0d8a4e21"
	DefaultFiles   = 300
	DefaultRun     = 90 * time.Second
	MaxFiles       = 100_000
)

// Options configure a simulated server. The zero value is a 300-file run of
// 90 seconds on the wall clock, without faults or token check.
type Options struct {
	Project  string
	BatchID  string
	Files    int           // 1 to MaxFiles
	Seed     uint64        // the same seed plays the same run
	Duration time.Duration // from the first poll-able moment to the last file
	Token    string        // when set, requests must carry "Bearer <Token>"
	Now      func() time.Time
	// Elapsed is how far into the run the server starts.
	Elapsed time.Duration
	// FreezeAt, when positive, stops the run at that elapsed time: every
	// poll then returns the same bytes.
	FreezeAt time.Duration
	Faults   Faults
}

// Faults are failures injected on demand. Rates are shares of requests, 0 to 1.
type Faults struct {
	ServerErrors float64       // 502/503/504 with an HTML body
	RateLimits   float64       // 429 with Retry-After
	Malformed    float64       // 200 with a truncated body
	RetryAfter   time.Duration // what 429s ask for; 2s when zero
	Latency      time.Duration // added to every request
}

// Server is the simulated API, an http.Handler.
type Server struct {
	o     Options
	plan  *plan
	start time.Time
	mux   *http.ServeMux

	mu      sync.Mutex
	rng     *rand.Rand
	cached  []byte
	cacheAt int
	served  int
}

// New builds a simulated server whose run starts now (by o.Now).
func New(o Options) *Server {
	if o.Project == "" {
		o.Project = DefaultProject
	}
	if o.BatchID == "" {
		o.BatchID = DefaultBatchID
	}
	if o.Files <= 0 {
		o.Files = DefaultFiles
	}
	o.Files = min(o.Files, MaxFiles)
	if o.Duration <= 0 {
		o.Duration = DefaultRun
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Faults.RetryAfter <= 0 {
		o.Faults.RetryAfter = 2 * time.Second
	}
	s := &Server{o: o, plan: newPlan(o.Files, o.Seed, o.Duration), start: o.Now().Add(-o.Elapsed), cacheAt: -1,
		rng: rand.New(rand.NewPCG(o.Seed, 42))}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /projects/{project}/job-batches/{batch}", s.serveBatch)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint")
	})
	return s
}

// Start serves a new simulated API on 127.0.0.1 at a free port. It returns
// the base URL and a function that stops the server.
func Start(o Options) (*Server, string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, fmt.Errorf("simulated API: %w", err)
	}
	s := New(o)
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return s, "http://" + ln.Addr().String(), func() { _ = hs.Close() }, nil
}

// Requests is the number of batch requests answered so far, faults included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served
}

// Options returns the options the server runs with, defaults filled in.
func (s *Server) Options() Options { return s.o }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.o.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.o.Token {
		writeError(w, http.StatusUnauthorized, "Invalid or expired token")
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("project") != s.o.Project || r.PathValue("batch") != s.o.BatchID {
		writeError(w, http.StatusNotFound, "Job batch not found")
		return
	}
	if s.o.Faults.Latency > 0 {
		select {
		case <-time.After(s.o.Faults.Latency):
		case <-r.Context().Done():
			return
		}
	}
	body, fault := s.next()
	switch fault {
	case faultServer:
		code := []int{502, 503, 504}[len(body)%3]
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><h1>%s</h1><hr>nginx</body></html>",
			code, http.StatusText(code), http.StatusText(code))
		return
	case faultRateLimit:
		w.Header().Set("Retry-After", fmt.Sprint(int(s.o.Faults.RetryAfter.Seconds())))
		writeError(w, http.StatusTooManyRequests, "Too many requests, slow down")
		return
	case faultMalformed:
		body = body[:len(body)/2]
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

type fault int

const (
	faultNone fault = iota
	faultServer
	faultRateLimit
	faultMalformed
)

// next picks this request's fault, if any, and the current body.
func (s *Server) next() ([]byte, fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served++
	f := faultNone
	roll := s.rng.Float64()
	switch fs := s.o.Faults; {
	case roll < fs.ServerErrors:
		f = faultServer
	case roll < fs.ServerErrors+fs.RateLimits:
		f = faultRateLimit
	case roll < fs.ServerErrors+fs.RateLimits+fs.Malformed:
		f = faultMalformed
	}
	t := s.elapsed()
	if v := s.plan.version(t); v != s.cacheAt || s.cached == nil {
		b := s.snapshot(t)
		s.cached, _ = json.Marshal(model.Wire(&b))
		s.cacheAt = v
	}
	return s.cached, f
}

func (s *Server) elapsed() time.Duration {
	t := s.o.Now().Sub(s.start)
	if s.o.FreezeAt > 0 && t > s.o.FreezeAt {
		t = s.o.FreezeAt
	}
	return t
}

// Snapshot returns the batch as it stands now.
func (s *Server) Snapshot() model.Batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshot(s.elapsed())
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg, "code": strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))})
}
