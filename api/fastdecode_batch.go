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
	return d.object(batchKeys, func(key string) (err error) {
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
	return d.object(countKeys, func(key string) (err error) {
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
	err := d.object(resultKeys, func(key string) (err error) {
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

// entry reads one entry. Its keys nearly always come spelled as the API
// spells them, so each is recognised by comparing the bytes ahead with a
// short constant (a couple of word compares); anything else, such as space
// before a colon, an escape or an unknown key, goes the general way.
func (d *decoder) entry(e *model.Entry) error {
	if d.null() {
		return nil
	}
	if !d.consume('{') {
		return errBail
	}
	if d.consume('}') {
		return nil
	}
	for {
		if d.peek() != '"' {
			return errBail
		}
		var err error
		switch rest := d.s[d.i:]; {
		case strings.HasPrefix(rest, `"label":`):
			d.i += len(`"label":`)
			e.Label, err = d.str()
		case strings.HasPrefix(rest, `"path":`):
			d.i += len(`"path":`)
			e.Path, err = d.nullString()
		case strings.HasPrefix(rest, `"upload_id":`):
			d.i += len(`"upload_id":`)
			e.UploadID, err = d.nullString()
		case strings.HasPrefix(rest, `"remote_path":`):
			d.i += len(`"remote_path":`)
			e.RemotePath, err = d.nullString()
		case strings.HasPrefix(rest, `"warning_count":`):
			d.i += len(`"warning_count":`)
			e.WarningCount, err = d.integer()
		case strings.HasPrefix(rest, `"message":`):
			d.i += len(`"message":`)
			e.Message, err = d.str()
		default:
			key, ok := d.key()
			if !ok || !d.consume(':') {
				return errBail
			}
			err = d.dispatch(key, entryKeys, func(key string) error { return d.entryField(e, key) })
		}
		if err != nil {
			return err
		}
		if d.consume(',') {
			continue
		}
		if d.consume('}') {
			return nil
		}
		return errBail
	}
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
