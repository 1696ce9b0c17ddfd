package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"vfbatch/model"
)

// maxMessage caps the server's text quoted in an error, in display cells.
const maxMessage = 160

// errorMessage reads an error body leniently: JSON with any of message,
// detail, error (a string or an object with a message) or title, in that
// order; an HTML page's title; or a short excerpt of plain text. The result
// is sanitised and shortened.
func errorMessage(contentType string, body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return ""
	}
	var msg string
	switch {
	case body[0] == '{':
		msg = jsonErrorMessage(body)
	case body[0] == '<' || strings.Contains(contentType, "html"):
		msg = htmlTitle(body)
	default:
		msg = string(body)
	}
	msg = strings.Join(strings.Fields(model.Safe(msg)), " ")
	return ansi.Truncate(msg, maxMessage, "…")
}

func jsonErrorMessage(body []byte) string {
	var e struct {
		Message, Detail, Title string
		Error                  json.RawMessage
	}
	if json.Unmarshal(body, &e) != nil {
		return "unreadable error body"
	}
	var errText string
	if json.Unmarshal(e.Error, &errText) != nil {
		var inner struct{ Message string }
		_ = json.Unmarshal(e.Error, &inner)
		errText = inner.Message
	}
	for _, s := range []string{e.Message, e.Detail, errText, e.Title} {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

func htmlTitle(body []byte) string {
	if m := titleRE.FindSubmatch(body); m != nil && len(bytes.TrimSpace(m[1])) > 0 {
		return "HTML page: " + string(m[1])
	}
	return "HTML page"
}

// maxRetryAfter bounds a server's Retry-After, so that a hostile or broken
// value cannot park the watcher for days.
const maxRetryAfter = 10 * time.Minute

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date; it
// returns 0 when the header is absent or unreadable, and caps the wait.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
