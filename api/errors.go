package api

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors a caller can branch on with errors.Is.
var (
	// ErrUnauthorized: 401 or 403, the token is missing, wrong or expired.
	ErrUnauthorized = errors.New("token rejected")
	// ErrNotFound: 404, no such project or batch.
	ErrNotFound = errors.New("project or batch not found")
	// ErrRateLimited: 429, or 503 with Retry-After.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer: any other 5xx.
	ErrServer = errors.New("server error")
	// ErrClient: any other 4xx, which retrying will not fix.
	ErrClient = errors.New("request refused")
	// ErrMalformed: the body was not a batch (bad JSON, wrong types, too large).
	ErrMalformed = errors.New("malformed response")
	// ErrTransport: the request did not get an answer (refused, reset, DNS…).
	ErrTransport = errors.New("network error")
	// ErrTimeout: no complete answer within the per-request timeout.
	ErrTimeout = errors.New("timed out")
)

// StatusError is a non-2xx answer. It unwraps to one of the sentinel errors.
type StatusError struct {
	Status int
	// Message is the server's own explanation, sanitised and shortened, or "".
	Message string
	// RetryAfter is the wait the server asked for; 0 when it asked none.
	RetryAfter time.Duration
	kind       error
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s (%d)", e.kind, e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// NewStatusError classifies a non-2xx status: 401/403 unauthorized, 404 not
// found, 429 (and 503 with a retryAfter of 0 or more) rate limited, 408 and
// other 5xx server errors, other 4xx refused. message is shown as given.
func NewStatusError(status int, message string, retryAfter time.Duration) *StatusError {
	e := &StatusError{Status: status, Message: message}
	switch {
	case status == 401 || status == 403:
		e.kind = ErrUnauthorized
	case status == 404:
		e.kind = ErrNotFound
	case status == 429 || (status == 503 && retryAfter >= 0):
		e.kind, e.RetryAfter = ErrRateLimited, max(retryAfter, 0)
	case status >= 500 || status == 408:
		e.kind = ErrServer
	default:
		e.kind = ErrClient
	}
	return e
}

// Unwrap returns the sentinel error of the status class.
func (e *StatusError) Unwrap() error { return e.kind }

// MalformedError is a 2xx answer whose body could not be read as a batch.
type MalformedError struct{ Detail string }

func (e *MalformedError) Error() string { return "malformed response: " + e.Detail }

// Unwrap returns ErrMalformed.
func (e *MalformedError) Unwrap() error { return ErrMalformed }

// TransportError is a request that got no complete answer. Timeout tells a
// timeout from other network errors; it unwraps to ErrTimeout or ErrTransport.
type TransportError struct {
	Timeout bool
	Detail  string
}

func (e *TransportError) Error() string {
	if e.Timeout {
		return "timed out: " + e.Detail
	}
	return "network error: " + e.Detail
}

// Unwrap returns ErrTimeout or ErrTransport.
func (e *TransportError) Unwrap() error {
	if e.Timeout {
		return ErrTimeout
	}
	return ErrTransport
}

// Retryable reports whether waiting and asking again may succeed: network
// errors, timeouts, 5xx, rate limits and malformed bodies are; a rejected
// token, a missing batch, other 4xx and cancellation are not.
func Retryable(err error) bool {
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return false
	case errors.Is(err, ErrUnauthorized), errors.Is(err, ErrNotFound), errors.Is(err, ErrClient):
		return false
	}
	return true
}

// RetryAfter returns the wait a rate-limit error asked for, or 0.
func RetryAfter(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}
