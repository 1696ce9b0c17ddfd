package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

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
	c.decode = func(b []byte) (model.Batch, error) { decodes++; return Decode(b) }
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
	// Even with the fingerprint of an earlier error body, an error is an error.
	a, err := c.Poll(ctx, "p", "b", c.fingerprint([]byte("<html>down</html>"), http.Header{"Content-Type": {"text/html"}}))
	if err == nil || a.Unchanged {
		t.Errorf("error answer taken as unchanged: %+v %v", a, err)
	}
}
