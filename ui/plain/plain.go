// Package plain is vfbatch's output for scripts and logs: a one-shot
// summary, one line per change while following a batch, and JSON. Every
// string it prints has passed model.Safe (the api client sanitises batches).
package plain

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"vfbatch/model"
)

// Summary writes the batch in plain text: identity, outcome, jobs by status,
// files by bucket, then every failed and skipped entry with its message.
func Summary(w io.Writer, project string, b *model.Batch) error {
	ew := &errWriter{w: w}
	ew.printf("Batch    %s (project %s)\n", b.ID, model.Safe(project))
	if b.Target.Valid {
		ew.printf("Target   %s\n", b.Target.String)
	}
	if b.Result != nil {
		ew.printf("Kind     %s\n", b.Result.Kind)
	}
	ew.printf("Outcome  %s\n", model.OutcomeOf(b))
	ew.printf("Created  %s   updated %s\n", orDash(b.CreatedAt), orDash(b.UpdatedAt))
	c := b.StatusCounts
	ew.printf("Jobs     %d/%d finished (%s): %d submitted, %d working, %d completed, %d failed, %d canceled\n",
		model.JobsDone(b), b.JobCount, percent(model.JobsShare(b)), c.Submitted, c.Working, c.Completed, c.Failed, c.Canceled)
	for _, p := range b.Problems {
		ew.printf("Note     %s\n", p)
	}
	if !b.HasFileDetail() {
		ew.printf("Files    no file detail for this batch\n")
		return ew.err
	}
	r := b.Result
	f := model.Files(b)
	ew.printf("Files    %d/%d done: %d completed, %d skipped, %d failed; listed: %s\n",
		f.Done(), f.Total, f.Completed, f.Skipped, f.Failed, bucketCounts(r))
	for _, bk := range []model.Bucket{model.Failed, model.Skipped} {
		es := r.Entries(bk)
		if len(es) == 0 {
			continue
		}
		ew.printf("\n%s files (%d)\n", bk.Title(r), len(es))
		for i := range es {
			ew.printf("  %s\n    %s\n", entryName(&es[i]), orDash(es[i].Message))
		}
	}
	return ew.err
}

func bucketCounts(r *model.Result) string {
	parts := make([]string, 0, len(model.Buckets))
	for _, bk := range model.Buckets {
		parts = append(parts, fmt.Sprintf("%d %s", len(r.Entries(bk)), strings.ToLower(bk.Title(r))))
	}
	return strings.Join(parts, ", ")
}

// ProgressLine is one line of --wait: time, jobs finished of total, files
// done of total, and failures.
func ProgressLine(now time.Time, b *model.Batch) string {
	f := model.Files(b)
	line := fmt.Sprintf("%s  jobs %d/%d (%s)", now.Format("15:04:05"), model.JobsDone(b), b.JobCount, percent(model.JobsShare(b)))
	if b.HasFileDetail() {
		line += fmt.Sprintf("  files %d/%d", f.Done(), f.Total)
	}
	line += fmt.Sprintf("  failures %d", b.StatusCounts.Failed+f.Failed)
	if b.StatusCounts.Failed > 0 || f.Failed > 0 {
		line += fmt.Sprintf(" (%d jobs, %d files)", b.StatusCounts.Failed, f.Failed)
	}
	if model.Finished(b) {
		line += "  " + model.OutcomeOf(b).String()
	}
	return line
}

// JSON writes the batch as indented JSON.
func JSON(w io.Writer, b *model.Batch) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(model.Wire(b)) // as Encode(b) would, five times faster
}

func entryName(e *model.Entry) string {
	if p := e.Path.String; p != "" {
		if e.Label != "" && !strings.HasSuffix(p, e.Label) {
			return e.Label + "  " + p
		}
		return p
	}
	return orDash(e.Label)
}

func percent(share float64) string { return fmt.Sprintf("%d%%", int(share*100)) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// errWriter keeps the first write error so that the summary reads straight.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// ArrivalLines are the --wait lines for entries that newly failed or were
// skipped: time, bucket, the entry and its message.
func ArrivalLines(cs []model.Change) []string {
	var out []string
	for i := range cs {
		c := &cs[i]
		if c.To != model.Failed && c.To != model.Skipped {
			continue
		}
		out = append(out, fmt.Sprintf("%s  %-7s  %s  %s", c.At.Format("15:04:05"), c.To.Name(), entryName(&c.Entry), orDash(c.Entry.Message)))
	}
	return out
}
