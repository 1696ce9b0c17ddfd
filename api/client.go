// Package api is the HTTP client for the Veryfront job-batch endpoint. It
// returns model types and typed errors, and knows nothing of the screen.
// Package api/sim beside it simulates the server.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
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

// Client reads job batches. It holds no per-request state and is safe for
// use by one caller at a time per request; the poller guarantees one at a time.
type Client struct {
	rc      *resty.Client
	timeout time.Duration
	maxBody int64
	now     func() time.Time
	logf    func(format string, args ...any)
}

// New configures rc for the Veryfront API and wraps it. resty's own retries
// stay off: retry policy belongs to the poller.
func New(rc *resty.Client, o Options) *Client {
	c := &Client{rc: rc, timeout: o.Timeout, maxBody: o.MaxBody, now: o.Now, logf: o.Logf}
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
		SetHeader("User-Agent", o.UserAgent)
	if o.Token != "" {
		rc.SetAuthToken(o.Token)
	}
	return c
}

// GetBatch fetches one batch. Both ids are escaped as path segments. Every
// string of the returned batch has passed model.Safe.
func (c *Client) GetBatch(ctx context.Context, project, batchID string) (model.Batch, error) {
	start := time.Now()
	path := "/projects/" + url.PathEscape(project) + "/job-batches/" + url.PathEscape(batchID)
	body, status, header, err := c.get(ctx, project, batchID)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		c.logf("GET %s error after %s: %v", model.Safe(path), took, err)
		return model.Batch{}, err
	}
	c.logf("GET %s %d %s %dB", model.Safe(path), status, took, len(body))
	if status < 200 || status > 299 {
		err = c.statusError(status, header, body)
	} else {
		var b model.Batch
		if b, err = Decode(body); err == nil {
			return b, nil
		}
	}
	c.logf("GET %s: %v", model.Safe(path), err)
	return model.Batch{}, err
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
	body, err := io.ReadAll(io.LimitReader(raw, c.maxBody+1))
	if err != nil {
		return nil, 0, nil, c.transportError(ctx, rctx, err)
	}
	if int64(len(body)) > c.maxBody {
		return nil, 0, nil, &MalformedError{Detail: fmt.Sprintf("body larger than %d MiB", c.maxBody>>20)}
	}
	return body, resp.StatusCode(), resp.Header(), nil
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

// Decode reads a batch body. The result is decoded only for a known kind; a
// result that cannot be read leaves the jobs readable and names the problem
// in Batch.Problems. Every string is sanitised.
func Decode(body []byte) (model.Batch, error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return model.Batch{}, &MalformedError{Detail: "empty body"}
	case trimmed[0] == '<':
		return model.Batch{}, &MalformedError{Detail: "got an HTML page instead of JSON"}
	case trimmed[0] != '{':
		return model.Batch{}, &MalformedError{Detail: "body is not a JSON object"}
	}
	if b, err := fastDecode(trimmed); err == nil {
		return b, nil
	}
	return stdDecode(trimmed)
}

// stdDecode is the reference decoder, encoding/json's: the fast one falls
// back to it for anything unusual, and its errors are the ones reported.
func stdDecode(trimmed []byte) (model.Batch, error) {
	var w struct {
		model.Batch
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return model.Batch{}, &MalformedError{Detail: jsonDetail(err)}
	}
	b := w.Batch
	b.Result, b.Problems = decodeResult(w.Result)
	b.Sanitize()
	return b, nil
}

func decodeResult(raw json.RawMessage) (*model.Result, []string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, []string{"result unreadable: " + jsonDetail(err)}
	}
	if head.Kind != model.KindKnowledgeIngest {
		return &model.Result{Kind: head.Kind}, []string{fmt.Sprintf("result kind %q has no file detail", model.Safe(head.Kind))}
	}
	var r model.Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, []string{"file detail unreadable: " + jsonDetail(err)}
	}
	return &r, nil
}

func jsonDetail(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := strings.TrimPrefix(te.Field, "Batch.")
		return fmt.Sprintf("field %q should be %s, got %s", model.Safe(field), jsonKind(te.Type), te.Value)
	case errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end"):
		return "truncated JSON"
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	}
	return model.Safe(err.Error())
}

// jsonKind names a Go type as the JSON value it decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return t.String()
}
