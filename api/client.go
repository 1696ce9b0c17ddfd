// Package api is the HTTP client for the Veryfront job-batch endpoint. It
// returns model types and typed errors, and knows nothing of the screen.
// Package api/sim beside it simulates the server.
package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"vfbatch/model"
)

// DefaultMaxBody caps a response body; a 100,000-file batch is about 20 MB.
const DefaultMaxBody = 256 << 20

// DefaultTimeout bounds one request when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Options configure a Client.
type Options struct {
	BaseURL   string
	Token     string // sent only as "Authorization: Bearer"; never logged or echoed
	UserAgent string
	Timeout   time.Duration    // per request, body included
	MaxBody   int64            // bytes; DefaultMaxBody when zero
	Now       func() time.Time // for Retry-After dates; time.Now when nil
	// Logf, when set, gets one line per request: method, path, status,
	// duration and bytes, or the error. Never a header, so never the token.
	Logf func(format string, args ...any)
}

// Client reads job batches. Beyond its configuration it keeps only a hint
// of the last body's size; it is safe for concurrent use.
type Client struct {
	rc      *resty.Client
	timeout time.Duration
	maxBody int64
	now     func() time.Time
	logf    func(format string, args ...any)
	seed    maphash.Seed
	decode  func([]byte) (model.Batch, error) // Decode; a seam for tests
	// buf is the read buffer, kept between polls: a 20 MB body read into
	// fresh memory each time costs more in clearing and collecting it than
	// in reading it. A caller takes it (leaving nil) and gives it back.
	bufMu sync.Mutex
	buf   []byte
	// hint is the last body's size: a body sent without Content-Length is
	// read into one allocation of about that size, not a doubling series.
	hint int
	// sizes are the bucket lengths of the last batch decoded.
	sizes [5]int
}

// decodeOwned is Decode for a body the client gives up (see fastDecode),
// with the entry slices sized from the last batch.
func (c *Client) decodeOwned(body []byte) (model.Batch, error) {
	c.bufMu.Lock()
	sizes := c.sizes
	c.bufMu.Unlock()
	b, err := decode(body, true, sizes)
	if err == nil && b.Result != nil {
		for i, bk := range model.Buckets {
			sizes[i] = len(b.Result.Entries(bk))
		}
		c.bufMu.Lock()
		c.sizes = sizes
		c.bufMu.Unlock()
	}
	return b, err
}

// New configures rc for the Veryfront API and wraps it. resty's own retries
// stay off: retry policy belongs to the poller.
func New(rc *resty.Client, o Options) *Client {
	c := &Client{rc: rc, timeout: o.Timeout, maxBody: o.MaxBody, now: o.Now, logf: o.Logf, seed: maphash.MakeSeed()}
	c.decode = c.decodeOwned
	if c.logf == nil {
		c.logf = func(string, ...any) {}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.now == nil {
		c.now = time.Now
	}
	rc.SetBaseURL(strings.TrimRight(o.BaseURL, "/")).
		SetRetryCount(0).
		SetDisableWarn(true).
		SetDebug(false).
		SetDoNotParseResponse(true).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", o.UserAgent).
		// Asked for explicitly, gzip reaches us undecoded: an unchanged
		// body is recognised before it is decompressed.
		SetHeader("Accept-Encoding", "gzip")
	if o.Token != "" {
		rc.SetAuthToken(o.Token)
	}
	return c
}

// GetBatch fetches one batch. Both ids are escaped as path segments. Every
// string of the returned batch has passed model.Safe.
func (c *Client) GetBatch(ctx context.Context, project, batchID string) (model.Batch, error) {
	a, err := c.Poll(ctx, project, batchID, 0)
	return a.Batch, err
}

// Fingerprint identifies the bytes of a body as this client received them.
// Zero means none.
type Fingerprint uint64

// Answer is the outcome of one poll.
type Answer struct {
	Batch model.Batch // zero when Unchanged
	// Fingerprint identifies the body; pass it to the next Poll.
	Fingerprint Fingerprint
	// Unchanged is true when the body's bytes were those of last: nothing
	// was decoded, and the caller keeps the batch it has.
	Unchanged bool
	Bytes     int // as received, before decompression
}

// Poll fetches the batch unless its bytes are those fingerprinted by last,
// in which case nothing is decoded. It asks for gzip and decompresses only
// a changed body, so an unchanged poll costs little more than the transfer.
func (c *Client) Poll(ctx context.Context, project, batchID string, last Fingerprint) (Answer, error) {
	start := time.Now()
	path := model.Safe("/projects/" + url.PathEscape(project) + "/job-batches/" + url.PathEscape(batchID))
	raw, status, header, err := c.get(ctx, project, batchID)
	reuse := true // false once a batch's strings live in raw
	defer func() {
		if reuse {
			c.putBuf(raw)
		}
	}()
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		c.logf("GET %s error after %s: %v", path, took, err)
		return Answer{}, err
	}
	a := Answer{Bytes: len(raw), Fingerprint: c.fingerprint(raw, header)}
	if status >= 200 && status <= 299 && last != 0 && a.Fingerprint == last {
		c.logf("GET %s %d %s %dB unchanged", path, status, took, len(raw))
		a.Unchanged = true
		return a, nil
	}
	c.logf("GET %s %d %s %dB", path, status, took, len(raw))
	body, err := c.inflate(raw, header)
	switch {
	case err != nil:
	case status < 200 || status > 299:
		err = c.statusError(status, header, body)
	default:
		reuse = len(body) > 0 && len(raw) > 0 && &body[0] != &raw[0]
		if a.Batch, err = c.decode(body); err == nil {
			return a, nil
		}
	}
	c.logf("GET %s: %v", path, err)
	return Answer{}, err
}

func (c *Client) fingerprint(raw []byte, h http.Header) Fingerprint {
	var mh maphash.Hash
	mh.SetSeed(c.seed)
	_, _ = mh.WriteString(h.Get("Content-Encoding"))
	_, _ = mh.Write(raw)
	return Fingerprint(mh.Sum64() | 1) // never zero
}

// inflate undoes gzip, within the body cap.
func (c *Client) inflate(raw []byte, h http.Header) ([]byte, error) {
	if !strings.EqualFold(h.Get("Content-Encoding"), "gzip") {
		return raw, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, &MalformedError{Detail: "bad gzip body: " + model.Safe(err.Error())}
	}
	defer zr.Close()
	body, err := readCapped(nil, zr, c.maxBody, 4*len(raw))
	if err != nil {
		return nil, &MalformedError{Detail: "bad gzip body: " + model.Safe(err.Error())}
	}
	return body, nil
}

// errTooLarge marks a body over the cap.
var errTooLarge = errors.New("too large")

// readCapped reads r to the end into buf (reused when it has room), grown
// once to about want bytes, failing past limit bytes with errTooLarge. The
// bytes read are returned even on error, so that the buffer can be reused.
func readCapped(buf []byte, r io.Reader, limit int64, want int) ([]byte, error) {
	b := bytes.NewBuffer(buf[:0])
	want = int(min(int64(want), limit))
	b.Grow(want + want/8 + bytes.MinRead)
	n, err := b.ReadFrom(io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = errTooLarge
	}
	return b.Bytes(), err
}

func (c *Client) get(ctx context.Context, project, batchID string) ([]byte, int, http.Header, error) {
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.rc.R().SetContext(rctx).
		SetPathParam("project", project).
		SetPathParam("batch", batchID).
		Get("/projects/{project}/job-batches/{batch}")
	if err != nil {
		return nil, 0, nil, c.transportError(ctx, rctx, err)
	}
	raw := resp.RawBody()
	defer raw.Close()
	want := c.sizeHint()
	if cl := resp.RawResponse.ContentLength; cl > 0 {
		want = int(min(cl, c.maxBody))
	}
	body, err := readCapped(c.takeBuf(), raw, c.maxBody, want)
	if err != nil {
		c.putBuf(body)
		if errors.Is(err, errTooLarge) {
			return nil, 0, nil, &MalformedError{Detail: fmt.Sprintf("body larger than %d MiB", c.maxBody>>20)}
		}
		return nil, 0, nil, c.transportError(ctx, rctx, err)
	}
	c.setSizeHint(len(body))
	return body, resp.StatusCode(), resp.Header(), nil
}

func (c *Client) sizeHint() int {
	c.bufMu.Lock()
	defer c.bufMu.Unlock()
	return c.hint
}

func (c *Client) setSizeHint(n int) {
	c.bufMu.Lock()
	defer c.bufMu.Unlock()
	c.hint = n
}

func (c *Client) takeBuf() []byte {
	c.bufMu.Lock()
	defer c.bufMu.Unlock()
	b := c.buf
	c.buf = nil
	return b[:0]
}

// putBuf gives a read buffer back once nothing refers to its bytes any more.
func (c *Client) putBuf(b []byte) {
	c.bufMu.Lock()
	defer c.bufMu.Unlock()
	if cap(b) > cap(c.buf) {
		c.buf = b[:0]
	}
}

// transportError classifies a failed round trip. A cancelled parent context
// is returned as context.Canceled; the URL is left out of the text.
func (c *Client) transportError(parent, rctx context.Context, err error) error {
	if parent.Err() != nil {
		return parent.Err()
	}
	if errors.Is(rctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return &TransportError{Timeout: true, Detail: fmt.Sprintf("no answer within %s", c.timeout)}
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return &TransportError{Timeout: true, Detail: model.Safe(innermost(err).Error())}
	}
	return &TransportError{Detail: model.Safe(innermost(err).Error())}
}

// innermost drops the *url.Error wrapper, whose text repeats the URL.
func innermost(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (c *Client) statusError(status int, h http.Header, body []byte) error {
	ra := parseRetryAfter(h.Get("Retry-After"), c.now())
	if status == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
		ra = -1 // a plain 503 is a server error, not a rate limit
	}
	return NewStatusError(status, errorMessage(h.Get("Content-Type"), body), ra)
}
