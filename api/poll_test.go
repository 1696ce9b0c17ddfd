package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"vfbatch/model"
)

func gzipped(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return b.Bytes()
}

func TestUnchangedBodyIsNotDecoded(t *testing.T) {
	var version atomic.Int32
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"b","job_count":` + string(rune('0'+version.Load())) + `}`))
	})
	decodes := 0
	c.decode = func(b string) (model.Batch, error) { decodes++; return decode(b, [5]int{}) }
	ctx := context.Background()
	a, err := c.Poll(ctx, "p", "b", 0)
	if err != nil || a.Unchanged || a.Batch.ID != "b" || a.Fingerprint == 0 {
		t.Fatalf("first poll: %+v %v", a, err)
	}
	b, err := c.Poll(ctx, "p", "b", a.Fingerprint)
	if err != nil || !b.Unchanged || b.Fingerprint != a.Fingerprint || b.Batch.ID != "" {
		t.Fatalf("second poll: %+v %v", b, err)
	}
	if decodes != 1 {
		t.Errorf("the unchanged body was decoded (%d decodes)", decodes)
	}
	version.Store(1)
	d, err := c.Poll(ctx, "p", "b", a.Fingerprint)
	if err != nil || d.Unchanged || d.Batch.JobCount != 1 || decodes != 2 {
		t.Fatalf("changed poll: %+v %v, %d decodes", d, err, decodes)
	}
}

func TestGzipBodies(t *testing.T) {
	var sawAccept atomic.Value
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		sawAccept.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Encoding", "gzip")
		if r.URL.Path == "/projects/p/job-batches/bad" {
			w.WriteHeader(502)
			_, _ = w.Write(gzipped("<html><title>502 Bad Gateway</title></html>"))
			return
		}
		if r.URL.Path == "/projects/p/job-batches/corrupt" {
			_, _ = w.Write([]byte("not gzip at all"))
			return
		}
		_, _ = w.Write(gzipped(`{"id":"b","job_count":4}`))
	})
	ctx := context.Background()
	a, err := c.Poll(ctx, "p", "b", 0)
	if err != nil || a.Batch.JobCount != 4 {
		t.Fatalf("gzip body: %+v %v", a, err)
	}
	if !strings.Contains(sawAccept.Load().(string), "gzip") {
		t.Error("gzip not asked for")
	}
	if b, _ := c.Poll(ctx, "p", "b", a.Fingerprint); !b.Unchanged {
		t.Error("unchanged gzip body not recognised")
	}
	_, err = c.GetBatch(ctx, "p", "bad")
	if !errors.Is(err, ErrServer) || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Errorf("gzip error body: %v", err)
	}
	_, err = c.GetBatch(ctx, "p", "corrupt")
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("corrupt gzip: %v", err)
	}
}

func TestGzipBombIsCapped(t *testing.T) {
	bomb := gzipped(`{"id":"` + strings.Repeat("x", 1<<20) + `"}`)
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb)
	}, func(o *Options) { o.MaxBody = 64 << 10 })
	_, err := c.GetBatch(context.Background(), "p", "b")
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorsAreNeverUnchanged(t *testing.T) {
	c := newClient(t, respond(503, "text/html", "<html>down</html>"))
	ctx := context.Background()
	_, err := c.Poll(ctx, "p", "b", 0)
	if err == nil {
		t.Fatal("no error")
	}
	// An error has no fingerprint; and never is it taken as unchanged.
	for _, last := range []Fingerprint{0, 1, c.serial, c.serial + 1} {
		a, err := c.Poll(ctx, "p", "b", last)
		if err == nil || a.Unchanged || a.Fingerprint != 0 {
			t.Errorf("error answer taken as unchanged: %+v %v", a, err)
		}
	}
}

func TestReadBodyComparesAsItReads(t *testing.T) {
	prev := strings.Repeat("0123456789", 60_000) // 600 kB: several chunks
	cases := []struct {
		name, body string
		same       bool
	}{
		{"identical", prev, true},
		{"first byte differs", "x" + prev[1:], false},
		{"last byte differs", prev[:len(prev)-1] + "x", false},
		{"a byte differs past the first chunk", prev[:chunkSize+7] + "x" + prev[chunkSize+8:], false},
		{"a prefix", prev[:len(prev)-1], false},
		{"a prefix at a chunk's end", prev[:chunkSize], false},
		{"longer", prev + "0", false},
		{"empty", "", false},
	}
	readers := map[string]func(string) io.Reader{
		"whole":    func(s string) io.Reader { return strings.NewReader(s) },
		"one byte": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		"halves":   func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
		"data+EOF": func(s string) io.Reader { return iotest.DataErrReader(strings.NewReader(s)) },
	}
	for _, tc := range cases {
		for rname, reader := range readers {
			if rname == "one byte" && len(tc.body) > 1000 && tc.name != "identical" && tc.name != "first byte differs" {
				continue // slow, and the other readers cover it
			}
			body, same, err := readBody(reader(tc.body), prev, 1<<20, len(prev))
			if err != nil || same != tc.same {
				t.Errorf("%s, %s: same=%v err=%v", tc.name, rname, same, err)
				continue
			}
			if !same && body != tc.body {
				t.Errorf("%s, %s: body differs (%d bytes, want %d)", tc.name, rname, len(body), len(tc.body))
			}
			if same && body != "" {
				t.Errorf("%s, %s: an unchanged body was kept", tc.name, rname)
			}
		}
	}
	// with nothing to compare, every body is read
	if body, same, err := readBody(strings.NewReader(prev), "", 1<<20, 0); err != nil || same || body != prev {
		t.Errorf("no previous: same=%v err=%v len=%d", same, err, len(body))
	}
	// the cap holds whether or not the bytes are the same
	for _, p := range []string{"", prev} {
		if _, _, err := readBody(strings.NewReader(prev+"x"), p, int64(len(prev)), 0); !errors.Is(err, errTooLarge) {
			t.Errorf("over the cap (previous %d bytes): %v", len(p), err)
		}
	}
	if _, _, err := readBody(strings.NewReader(prev), prev, int64(len(prev)), 0); err != nil {
		t.Errorf("at the cap: %v", err)
	}
	// a read error is returned
	if _, _, err := readBody(iotest.TimeoutReader(strings.NewReader(prev)), prev, 1<<20, 0); err == nil {
		t.Error("read error lost")
	}
}

func TestUnchangedOnlyAgainstTheNamedBody(t *testing.T) {
	var version atomic.Int32
	var status atomic.Int32
	status.Store(200)
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(int(status.Load()))
		_, _ = w.Write([]byte(`{"id":"b","job_count":` + string(rune('0'+version.Load())) + `}`))
	})
	ctx := context.Background()
	a, _ := c.Poll(ctx, "p", "b", 0)
	version.Store(1)
	b, _ := c.Poll(ctx, "p", "b", a.Fingerprint)
	if b.Unchanged || b.Fingerprint == a.Fingerprint || b.Batch.JobCount != 1 {
		t.Fatalf("changed body: %+v", b)
	}
	version.Store(0) // back to a's bytes: a is no longer the body kept
	if d, _ := c.Poll(ctx, "p", "b", a.Fingerprint); d.Unchanged || d.Batch.JobCount != 0 {
		t.Errorf("compared with a body no longer kept: %+v", d)
	}
	// a failure with the very bytes of the last good body is still a failure
	last, _ := c.Poll(ctx, "p", "b", 0)
	status.Store(500)
	if e, err := c.Poll(ctx, "p", "b", last.Fingerprint); err == nil || e.Unchanged {
		t.Errorf("a 500 taken as unchanged: %+v %v", e, err)
	}
	status.Store(200)
	if f, err := c.Poll(ctx, "p", "b", last.Fingerprint); err != nil || !f.Unchanged {
		t.Errorf("after the 500, the same body: %+v %v", f, err)
	}
}

// The size hint follows good bodies only: an error page between two polls
// must not make the next good body grow from nothing.
func TestSizeHintFollowsGoodBodies(t *testing.T) {
	var status atomic.Int32
	status.Store(200)
	good := `{"id":"b","project_id":"` + strings.Repeat("p", 100_000) + `"}`
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		if status.Load() != 200 {
			w.WriteHeader(int(status.Load()))
			_, _ = w.Write([]byte("<html>down</html>"))
			return
		}
		_, _ = w.Write([]byte(good))
	})
	ctx := context.Background()
	if _, err := c.Poll(ctx, "p", "b", 0); err != nil || c.hint != len(good) {
		t.Fatalf("hint %d after a good body of %d: %v", c.hint, len(good), err)
	}
	status.Store(502)
	if _, err := c.Poll(ctx, "p", "b", 0); err == nil || c.hint != len(good) {
		t.Errorf("hint %d after an error page: %v", c.hint, err)
	}
}

// An unchanged body takes no memory: it is compared as it arrives, never
// kept; a changed one is one allocation, sized once.
func TestReadBodyAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts under -race are not the program's")
	}
	prev := strings.Repeat("0123456789", 200_000) // 2 MB
	r := strings.NewReader(prev)
	if n := testing.AllocsPerRun(5, func() {
		r.Reset(prev)
		if _, same, err := readBody(r, prev, 1<<30, len(prev)); !same || err != nil {
			t.Fatal("not the same")
		}
	}); n != 0 {
		t.Errorf("an unchanged body took %v allocations", n)
	}
	changed := prev[:1_000_000] + "x" + prev[1_000_001:]
	if n := testing.AllocsPerRun(5, func() {
		r.Reset(changed)
		if _, same, err := readBody(r, prev, 1<<30, len(prev)); same || err != nil {
			t.Fatal("the same")
		}
	}); n != 1 {
		t.Errorf("a changed body took %v allocations", n)
	}
}
