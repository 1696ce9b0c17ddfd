// Package model is the job batch as the domain sees it: the types decoded
// from the Veryfront API, the figures derived from them (finished, outcome,
// shares, stable entry keys) and the sanitiser that makes server text safe to
// print. It imports nothing but the standard library.
package model

import (
	"encoding/json"
	"strings"
)

// KindKnowledgeIngest is the only result kind whose file detail is known.
const KindKnowledgeIngest = "knowledge_ingest"

// Batch is one job batch as returned by GET /projects/{ref}/job-batches/{id}.
// Nullable strings are NullStrings; a nil Result means the server sent null
// or nothing.
type Batch struct {
	ID           string       `json:"id"`
	ProjectID    string       `json:"project_id"`
	Target       NullString   `json:"target"`
	JobCount     int          `json:"job_count"`
	StatusCounts StatusCounts `json:"status_counts"`
	CreatedAt    string       `json:"created_at"`
	UpdatedAt    string       `json:"updated_at"`
	Result       *Result      `json:"result"`

	// Problems names what was wrong with the body but did not stop it
	// being read, e.g. a result of unknown kind. Never sent by the server.
	Problems []string `json:"-"`
}

// StatusCounts are the batch's jobs by status.
type StatusCounts struct {
	Submitted int `json:"submitted"`
	Working   int `json:"working"`
	Completed int `json:"completed"`
	Failed    int `json:"failed"`
	Canceled  int `json:"canceled"`
}

// Result is the batch's result, discriminated on Kind. Only
// KindKnowledgeIngest carries file detail; for any other kind the counts and
// arrays are left empty.
type Result struct {
	Kind           string  `json:"kind"`
	TotalCount     int     `json:"total_count"`
	CompletedCount int     `json:"completed_count"`
	SkippedCount   int     `json:"skipped_count"`
	FailedCount    int     `json:"failed_count"`
	Processing     []Entry `json:"processing"`
	Completed      []Entry `json:"completed"`
	Skipped        []Entry `json:"skipped"`
	Failed         []Entry `json:"failed"`
	Remaining      []Entry `json:"remaining"`
	RemainingLabel string  `json:"remaining_label,omitempty"`
}

// Entry is one file of a knowledge-ingest result.
type Entry struct {
	Label        string     `json:"label"`
	Path         NullString `json:"path"`
	UploadID     NullString `json:"upload_id"`
	RemotePath   NullString `json:"remote_path"`
	WarningCount int        `json:"warning_count"`
	// Message says why a skipped or failed file was skipped or failed.
	Message string `json:"message,omitempty"`
}

// HasFileDetail reports whether the batch carries a result whose kind is
// known, so that its buckets can be listed.
func (b *Batch) HasFileDetail() bool {
	return b.Result != nil && b.Result.Kind == KindKnowledgeIngest
}

// Entries returns the entries of one bucket, nil when there are none.
func (r *Result) Entries(bk Bucket) []Entry {
	if r == nil {
		return nil
	}
	switch bk {
	case Processing:
		return r.Processing
	case Completed:
		return r.Completed
	case Skipped:
		return r.Skipped
	case Failed:
		return r.Failed
	case Remaining:
		return r.Remaining
	}
	return nil
}

// Clone returns e with its own copy of every string. A decoded batch's
// strings share one block of memory (see api's decoder): anything kept
// beyond the batch, such as the Activity feed, keeps a clone, or it would
// keep that whole block alive.
func (e Entry) Clone() Entry {
	e.Label = strings.Clone(e.Label)
	e.Message = strings.Clone(e.Message)
	e.Path.String = strings.Clone(e.Path.String)
	e.UploadID.String = strings.Clone(e.UploadID.String)
	e.RemotePath.String = strings.Clone(e.RemotePath.String)
	return e
}

// NullString is a string the server may send as null. Valid is false for
// null (or a field left out); an empty string is valid. A value, not a
// pointer, so that a 100,000-file batch is not 300,000 more pointers for the
// collector to follow.
type NullString struct {
	String string
	Valid  bool
}

// Some is the NullString holding s.
func Some(s string) NullString { return NullString{String: s, Valid: true} }

// MarshalJSON writes null or the string. encoding/json checks what every
// MarshalJSON returns, which is slow over a whole batch: large batches go
// through Wire instead.
func (n NullString) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.String)
}

// UnmarshalJSON reads null or a string; anything else is an error.
func (n *NullString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = NullString{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*n = Some(s)
	return nil
}
