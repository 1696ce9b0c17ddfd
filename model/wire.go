package model

// Wire returns b in the shape encoding/json writes fastest, for large
// batches (the simulator's bodies, --json): json.Marshal(Wire(b)) writes
// exactly what json.Marshal(b) does, but with the nullable strings as
// pointers, because encoding/json checks the output of every MarshalJSON it
// calls: a 100,000-file batch takes about 250 ms through NullString and 50 ms
// through pointers. The pointers are into b, which must not change while the
// result is in use.
func Wire(b *Batch) any {
	w := wireBatch{ID: b.ID, ProjectID: b.ProjectID, Target: ptr(&b.Target), JobCount: b.JobCount,
		StatusCounts: b.StatusCounts, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
	if r := b.Result; r != nil {
		w.Result = &wireResult{Kind: r.Kind, TotalCount: r.TotalCount, CompletedCount: r.CompletedCount,
			SkippedCount: r.SkippedCount, FailedCount: r.FailedCount, RemainingLabel: r.RemainingLabel,
			Processing: wireEntries(r.Processing), Completed: wireEntries(r.Completed),
			Skipped: wireEntries(r.Skipped), Failed: wireEntries(r.Failed), Remaining: wireEntries(r.Remaining)}
	}
	return &w
}

// The wire types mirror Batch, Result and Entry field for field, tag for tag.
type (
	wireBatch struct {
		ID           string       `json:"id"`
		ProjectID    string       `json:"project_id"`
		Target       *string      `json:"target"`
		JobCount     int          `json:"job_count"`
		StatusCounts StatusCounts `json:"status_counts"`
		CreatedAt    string       `json:"created_at"`
		UpdatedAt    string       `json:"updated_at"`
		Result       *wireResult  `json:"result"`
	}
	wireResult struct {
		Kind           string      `json:"kind"`
		TotalCount     int         `json:"total_count"`
		CompletedCount int         `json:"completed_count"`
		SkippedCount   int         `json:"skipped_count"`
		FailedCount    int         `json:"failed_count"`
		Processing     []wireEntry `json:"processing"`
		Completed      []wireEntry `json:"completed"`
		Skipped        []wireEntry `json:"skipped"`
		Failed         []wireEntry `json:"failed"`
		Remaining      []wireEntry `json:"remaining"`
		RemainingLabel string      `json:"remaining_label,omitempty"`
	}
	wireEntry struct {
		Label        string  `json:"label"`
		Path         *string `json:"path"`
		UploadID     *string `json:"upload_id"`
		RemotePath   *string `json:"remote_path"`
		WarningCount int     `json:"warning_count"`
		Message      string  `json:"message,omitempty"`
	}
)

func wireEntries(es []Entry) []wireEntry {
	if es == nil {
		return nil // null, as for a nil []Entry
	}
	w := make([]wireEntry, len(es))
	for i := range es {
		e := &es[i]
		w[i] = wireEntry{Label: e.Label, Path: ptr(&e.Path), UploadID: ptr(&e.UploadID),
			RemotePath: ptr(&e.RemotePath), WarningCount: e.WarningCount, Message: e.Message}
	}
	return w
}

func ptr(n *NullString) *string {
	if !n.Valid {
		return nil
	}
	return &n.String
}
