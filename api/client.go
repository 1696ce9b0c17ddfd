// Package api is the HTTP client for the Veryfront job-batch endpoint. It
// returns model types and typed errors, and knows nothing of the screen.
// Package api/sim beside it simulates the server.
package api

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
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

// Client reads job batches. Beyond its configuration it keeps the last
// body it read, to recognise it; it is safe for concurrent use.
type Client struct {
	rc      *resty.Client
	timeout time.Duration
	maxBody int64
	now     func() time.Time
	logf    func(format string, args ...any)
	decode  func(string) (model.Batch, error) // decodeSized; a seam for tests

	mu sync.Mutex
	// last is the last successful body as received (still compressed when
	// it came so), and lastID the fingerprint it was given. An unchanged
	// body is recognised by comparing the new bytes with it as they arrive,
	// so that it costs no memory at all; a changed one is read once, into
	// memory that the new batch's strings then share.
	last    string
	lastEnc string // its Content-Encoding
	lastID  Fingerprint
	serial  Fingerprint
	// hint is the last good body's size, for one sent without a length.
	hint int
	// sizes are the bucket lengths of the last batch decoded, and inflated
	// the size of the last body decompressed: hints that size memory once.
	sizes    [5]int
	inflated int
}

// decodeSized is decode with the entry slices sized from the last batch.
func (c *Client) decodeSized(body string) (model.Batch, error) {
	c.mu.Lock()
	sizes := c.sizes
	c.mu.Unlock()
	b, err := decode(body, sizes)
	if err == nil && b.Result != nil {
		for i, bk := range model.Buckets {
			sizes[i] = len(b.Result.Entries(bk))
		}
		c.mu.Lock()
		c.sizes = sizes
		c.mu.Unlock()
	}
	return b, err
}

// New configures rc for the Veryfront API and wraps it. resty's own retries
// stay off: retry policy belongs to the poller.
func New(rc *resty.Client, o Options) *Client {
	c := &Client{rc: rc, timeout: o.Timeout, maxBody: o.MaxBody, now: o.Now, logf: o.Logf}
	c.decode = c.decodeSized
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

// Fingerprint names the bytes of a body as this client received them: two
// answers with one fingerprint had the same bytes. Zero means none.
type Fingerprint uint64

// Answer is the outcome of one poll.
type Answer struct {
	Batch model.Batch // zero when Unchanged
	// Fingerprint names the body; pass it to the next Poll.
	Fingerprint Fingerprint
	// Unchanged is true when the body's bytes were those of last: nothing
	// was decoded, and the caller keeps the batch it has.
	Unchanged bool
	Bytes     int // as received, before decompression
}

// Poll fetches the batch unless its bytes are those fingerprinted by last,
// in which case nothing is decoded and no memory is taken. It asks for gzip
// and decompresses only a changed body.
func (c *Client) Poll(ctx context.Context, project, batchID string, last Fingerprint) (Answer, error) {
	start := time.Now()
	path := model.Safe("/projects/" + url.PathEscape(project) + "/job-batches/" + url.PathEscape(batchID))
	r, err := c.get(ctx, project, batchID, last)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		c.logf("GET %s error after %s: %v", path, took, err)
		return Answer{}, err
	}
	if r.same {
		c.logf("GET %s %d %s %dB unchanged", path, r.status, took, r.size)
		return Answer{Fingerprint: last, Unchanged: true, Bytes: r.size}, nil
	}
	c.logf("GET %s %d %s %dB", path, r.status, took, r.size)
	a := Answer{Bytes: r.size}
	body, err := c.inflate(r.raw, r.header)
	switch {
	case err != nil:
	case r.status < 200 || r.status > 299:
		err = c.statusError(r.status, r.header, body)
	default:
		if a.Batch, err = c.decode(body); err == nil {
			a.Fingerprint = c.remember(r)
			return a, nil
		}
	}
	c.logf("GET %s: %v", path, err)
	return Answer{}, err
}

// remember keeps r's body as the last good one and names it.
func (c *Client) remember(r response) Fingerprint {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.serial++
	c.last, c.lastEnc, c.lastID = r.raw, r.header.Get("Content-Encoding"), c.serial
	return c.serial
}

// previous is the last good body when last names it and it came with the
// same encoding, else "".
func (c *Client) previous(last Fingerprint, h http.Header) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if last == 0 || last != c.lastID || h.Get("Content-Encoding") != c.lastEnc {
		return ""
	}
	return c.last
}

// inflate undoes gzip, within the body cap.
func (c *Client) inflate(raw string, h http.Header) (string, error) {
	if !strings.EqualFold(h.Get("Content-Encoding"), "gzip") {
		return raw, nil
	}
	zr, err := gzip.NewReader(strings.NewReader(raw))
	if err != nil {
		return "", &MalformedError{Detail: "bad gzip body: " + model.Safe(err.Error())}
	}
	defer zr.Close()
	c.mu.Lock()
	want := max(c.inflated, 4*len(raw))
	c.mu.Unlock()
	body, _, err := readBody(zr, "", c.maxBody, want)
	if err != nil {
		return "", &MalformedError{Detail: "bad gzip body: " + model.Safe(err.Error())}
	}
	c.mu.Lock()
	c.inflated = len(body)
	c.mu.Unlock()
	return body, nil
}

// maxPresize bounds the memory set aside for a body before it arrives.
const maxPresize = 64 << 20

// errTooLarge marks a body over the cap.
var errTooLarge = errors.New("too large")

// chunkSize is what readBody reads at a time: at 256 KiB (which still fits
// a core's L2 cache) an unchanged 19 MB body costs ~1.5 ms less to read and
// compare than at 64 KiB, in fewer system calls.
const chunkSize = 256 << 10

// chunks are the read buffers readBody reads through.
var chunks = sync.Pool{New: func() any { return new([chunkSize]byte) }}

// readBody reads r to the end, failing past limit bytes with errTooLarge.
// While the bytes are those of prev it only compares them and returns
// same; from the first difference it builds the body in memory sized once
// for about want bytes. That memory is never cleared first (a fresh 20 MB
// buffer costs more in clearing than in reading), and as a string it is
// never written again, so a batch's strings can share it.
func readBody(r io.Reader, prev string, limit int64, want int) (body string, same bool, err error) {
	chunk := chunks.Get().(*[chunkSize]byte)
	defer chunks.Put(chunk)
	var sb strings.Builder
	n := 0 // bytes read
	same = prev != ""
	diverge := func() {
		same = false
		want = int(min(int64(max(want, len(prev))), limit))
		sb.Grow(want + want/16 + len(chunk))
		sb.WriteString(prev[:n])
	}
	for {
		k, rerr := r.Read(chunk[:])
		if int64(n)+int64(k) > limit {
			return "", false, errTooLarge
		}
		if k > 0 {
			if same && (n+k > len(prev) || prev[n:n+k] != string(chunk[:k])) {
				diverge()
			}
			if !same {
				if sb.Cap() == 0 {
					diverge()
				}
				sb.Write(chunk[:k])
			}
			n += k
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return "", false, rerr
		}
	}
	if same && n == len(prev) {
		return "", true, nil
	}
	if same {
		diverge() // a prefix of prev
	}
	return sb.String(), false, nil
}

// response is one answer as read: its body, or only that it was the same.
type response struct {
	raw    string
	same   bool // the body was the one last names, so raw is empty
	size   int
	status int
	header http.Header
}

func (c *Client) get(ctx context.Context, project, batchID string, last Fingerprint) (response, error) {
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.rc.R().SetContext(rctx).
		SetPathParam("project", project).
		SetPathParam("batch", batchID).
		Get("/projects/{project}/job-batches/{batch}")
	if err != nil {
		return response{}, c.transportError(ctx, rctx, err)
	}
	body := resp.RawBody()
	defer body.Close()
	// Only a success can be unchanged, and only a success is sized from
	// the last body: an error page is small. A stated length is believed up
	// to 64 MiB (beyond, the body grows as it comes), so that a wrong one
	// cannot make a small body hold a huge block.
	var prev string
	want := 0
	if resp.StatusCode() >= 200 && resp.StatusCode() <= 299 {
		prev = c.previous(last, resp.Header())
		c.mu.Lock()
		want = c.hint
		c.mu.Unlock()
	}
	if cl := resp.RawResponse.ContentLength; cl > 0 {
		want = int(min(cl, c.maxBody, maxPresize))
	}
	raw, same, err := readBody(body, prev, c.maxBody, want)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return response{}, &MalformedError{Detail: fmt.Sprintf("body larger than %d MiB", c.maxBody>>20)}
		}
		return response{}, c.transportError(ctx, rctx, err)
	}
	size := len(raw)
	if same {
		size = len(prev)
	}
	if resp.StatusCode() >= 200 && resp.StatusCode() <= 299 {
		c.mu.Lock()
		c.hint = size
		c.mu.Unlock()
	}
	return response{raw: raw, same: same, size: size, status: resp.StatusCode(), header: resp.Header()}, nil
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

func (c *Client) statusError(status int, h http.Header, body string) error {
	ra := parseRetryAfter(h.Get("Retry-After"), c.now())
	if status == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
		ra = -1 // a plain 503 is a server error, not a rate limit
	}
	return NewStatusError(status, errorMessage(h.Get("Content-Type"), []byte(body)), ra)
}
