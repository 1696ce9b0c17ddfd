package model

import "fmt"

// Bucket is one of the five result buckets, in API order.
type Bucket int

// The buckets in the order the API lists them.
const (
	Processing Bucket = iota
	Completed
	Skipped
	Failed
	Remaining
)

// Buckets lists every bucket in API order.
var Buckets = [...]Bucket{Processing, Completed, Skipped, Failed, Remaining}

// DefaultRemainingLabel titles the remaining bucket when the server gives no label.
const DefaultRemainingLabel = "Remaining"

// Name is the bucket's short lower-case name, as in the API.
func (bk Bucket) Name() string {
	switch bk {
	case Processing:
		return "processing"
	case Completed:
		return "completed"
	case Skipped:
		return "skipped"
	case Failed:
		return "failed"
	case Remaining:
		return "remaining"
	}
	return fmt.Sprintf("bucket(%d)", int(bk))
}

// Title is the bucket's display name. The remaining bucket takes the result's
// remaining_label when there is one.
func (bk Bucket) Title(r *Result) string {
	switch bk {
	case Processing:
		return "Processing"
	case Completed:
		return "Completed"
	case Skipped:
		return "Skipped"
	case Failed:
		return "Failed"
	case Remaining:
		if r != nil && r.RemainingLabel != "" {
			return r.RemainingLabel
		}
		return DefaultRemainingLabel
	}
	return bk.Name()
}

// HasMessage reports whether entries of the bucket carry a reason.
func (bk Bucket) HasMessage() bool { return bk == Skipped || bk == Failed }

// Outcome is where a batch stands.
type Outcome int

// The outcomes of a batch.
const (
	Running Outcome = iota
	Succeeded
	FinishedWithFailures
	Canceled
	Empty
)

// String is the outcome as an operator reads it.
func (o Outcome) String() string {
	switch o {
	case Running:
		return "running"
	case Succeeded:
		return "succeeded"
	case FinishedWithFailures:
		return "finished with failures"
	case Canceled:
		return "canceled"
	case Empty:
		return "empty"
	}
	return "unknown"
}

// Failed reports whether the outcome should fail a script waiting on it.
func (o Outcome) Failed() bool { return o == FinishedWithFailures || o == Canceled }

// Finished reports whether every job of a non-empty batch has completed,
// failed or been canceled. The API does not define it; this is API.md's rule.
func Finished(b *Batch) bool {
	return b.JobCount > 0 && b.StatusCounts.Submitted+b.StatusCounts.Working == 0
}

// OutcomeOf derives the batch's outcome. File-level failures count as
// failures too.
func OutcomeOf(b *Batch) Outcome {
	switch {
	case b.JobCount <= 0:
		return Empty
	case !Finished(b):
		return Running
	case b.StatusCounts.Failed > 0 || (b.Result != nil && b.Result.FailedCount > 0):
		return FinishedWithFailures
	case b.StatusCounts.Canceled > 0:
		return Canceled
	}
	return Succeeded
}

// JobsDone is the number of jobs that completed, failed or were canceled.
func JobsDone(b *Batch) int {
	c := b.StatusCounts
	return c.Completed + c.Failed + c.Canceled
}

// JobsShare is the share of jobs finished, from 0 to 1: 1 once every job
// completed, failed or was canceled, 0 for an empty batch.
func JobsShare(b *Batch) float64 {
	if Finished(b) {
		return 1
	}
	return Share(JobsDone(b), b.JobCount)
}

// Share is part/whole clamped to [0, 1]; 0 when whole is not positive.
func Share(part, whole int) float64 {
	if whole <= 0 || part <= 0 {
		return 0
	}
	if part >= whole {
		return 1
	}
	return float64(part) / float64(whole)
}

// FileCounts are the file figures of a knowledge-ingest result, as given.
type FileCounts struct {
	Total, Completed, Skipped, Failed int
}

// Done is the number of files that reached an end: completed, skipped or failed.
func (f FileCounts) Done() int { return f.Completed + f.Skipped + f.Failed }

// Files returns the file counts of the batch's result, zero without one.
func Files(b *Batch) FileCounts {
	if !b.HasFileDetail() {
		return FileCounts{}
	}
	r := b.Result
	return FileCounts{Total: r.TotalCount, Completed: r.CompletedCount, Skipped: r.SkippedCount, Failed: r.FailedCount}
}

// Key identifies an entry across polls: its upload_id, else its path, else
// its bucket and label. Keys from the three sources never collide.
func Key(bk Bucket, e *Entry) string {
	if e.UploadID.String != "" {
		return "u:" + e.UploadID.String
	}
	if e.Path.String != "" {
		return "p:" + e.Path.String
	}
	return "l:" + bk.Name() + ":" + e.Label
}

// HasKey reports whether Key(bk, e) == key, without building the key: it is
// asked of every entry of a list on every refresh.
func HasKey(bk Bucket, e *Entry, key string) bool {
	if len(key) < 2 || key[1] != ':' {
		return false
	}
	switch {
	case e.UploadID.String != "":
		return key[0] == 'u' && key[2:] == e.UploadID.String
	case e.Path.String != "":
		return key[0] == 'p' && key[2:] == e.Path.String
	}
	name := bk.Name()
	rest := key[2:]
	return key[0] == 'l' && len(rest) == len(name)+1+len(e.Label) &&
		rest[:len(name)] == name && rest[len(name)] == ':' && rest[len(name)+1:] == e.Label
}
