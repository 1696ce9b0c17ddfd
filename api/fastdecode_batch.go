package api

import (
	"fmt"
	"strings"

	"vfbatch/model"
)

var (
	batchKeys  = []string{"id", "project_id", "target", "job_count", "status_counts", "created_at", "updated_at", "result"}
	countKeys  = []string{"submitted", "working", "completed", "failed", "canceled"}
	resultKeys = []string{"kind", "total_count", "completed_count", "skipped_count", "failed_count",
		"processing", "completed", "skipped", "failed", "remaining", "remaining_label"}
	entryKeys = []string{"label", "path", "upload_id", "remote_path", "warning_count", "message"}
)

func (d *decoder) batch(b *model.Batch) error {
	return d.object(batchKeys, nil, func(key string) (err error) {
		switch key {
		case "id":
			b.ID, err = d.str()
		case "project_id":
			b.ProjectID, err = d.str()
		case "target":
			b.Target, err = d.nullString()
		case "job_count":
			b.JobCount, err = d.integer()
		case "status_counts":
			err = d.counts(&b.StatusCounts) // merges, as encoding/json does
		case "created_at":
			b.CreatedAt, err = d.str()
		case "updated_at":
			b.UpdatedAt, err = d.str()
		case "result":
			b.Result, b.Problems, err = d.result()
		default:
			err = errUnknown
		}
		return err
	})
}

func (d *decoder) counts(c *model.StatusCounts) error {
	return d.object(countKeys, nil, func(key string) (err error) {
		switch key {
		case "submitted":
			c.Submitted, err = d.integer()
		case "working":
			c.Working, err = d.integer()
		case "completed":
			c.Completed, err = d.integer()
		case "failed":
			c.Failed, err = d.integer()
		case "canceled":
			c.Canceled, err = d.integer()
		default:
			err = errUnknown
		}
		return err
	})
}

// result reads the whole result, then keeps its file detail only when the
// kind is known, as the encoding/json path does.
func (d *decoder) result() (*model.Result, []string, error) {
	if d.null() {
		return nil, nil, nil
	}
	var r model.Result
	err := d.object(resultKeys, nil, func(key string) (err error) {
		switch key {
		case "kind":
			r.Kind, err = d.str()
		case "total_count":
			r.TotalCount, err = d.integer()
		case "completed_count":
			r.CompletedCount, err = d.integer()
		case "skipped_count":
			r.SkippedCount, err = d.integer()
		case "failed_count":
			r.FailedCount, err = d.integer()
		case "processing":
			r.Processing, err = d.entries(model.Processing)
		case "completed":
			r.Completed, err = d.entries(model.Completed)
		case "skipped":
			r.Skipped, err = d.entries(model.Skipped)
		case "failed":
			r.Failed, err = d.entries(model.Failed)
		case "remaining":
			r.Remaining, err = d.entries(model.Remaining)
		case "remaining_label":
			r.RemainingLabel, err = d.str()
		default:
			err = errUnknown
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if r.Kind != model.KindKnowledgeIngest {
		return &model.Result{Kind: r.Kind}, []string{fmt.Sprintf("result kind %q has no file detail", r.Kind)}, nil
	}
	return &r, nil, nil
}

// entries reads an array of entries; null stays nil and [] stays empty, as
// with encoding/json.
func (d *decoder) entries(bk model.Bucket) ([]model.Entry, error) {
	if d.null() {
		return nil, nil
	}
	n := d.sizes[bk]
	es := make([]model.Entry, 0, n+n/8)
	err := d.array(func() error {
		es = append(es, model.Entry{})
		return d.entry(&es[len(es)-1])
	})
	return es, err
}

// entry reads one entry.
func (d *decoder) entry(e *model.Entry) error {
	return d.object(entryKeys, entryKey, func(key string) error { return d.entryField(e, key) })
}

// entryKey recognises an entry's keys as the API spells them by comparing
// the bytes ahead with short constants (a couple of word compares each),
// which is most of what reading a 100,000-entry batch does.
func entryKey(rest string) (string, int) {
	switch {
	case strings.HasPrefix(rest, `"label":`):
		return "label", len(`"label":`)
	case strings.HasPrefix(rest, `"path":`):
		return "path", len(`"path":`)
	case strings.HasPrefix(rest, `"upload_id":`):
		return "upload_id", len(`"upload_id":`)
	case strings.HasPrefix(rest, `"remote_path":`):
		return "remote_path", len(`"remote_path":`)
	case strings.HasPrefix(rest, `"warning_count":`):
		return "warning_count", len(`"warning_count":`)
	case strings.HasPrefix(rest, `"message":`):
		return "message", len(`"message":`)
	}
	return "", 0
}

func (d *decoder) entryField(e *model.Entry, key string) (err error) {
	switch key {
	case "label":
		e.Label, err = d.str()
	case "path":
		e.Path, err = d.nullString()
	case "upload_id":
		e.UploadID, err = d.nullString()
	case "remote_path":
		e.RemotePath, err = d.nullString()
	case "warning_count":
		e.WarningCount, err = d.integer()
	case "message":
		e.Message, err = d.str()
	default:
		err = errUnknown
	}
	return err
}
