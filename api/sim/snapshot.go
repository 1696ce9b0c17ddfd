package sim

import (
	"time"

	"vfbatch/model"
)

const target = "task:knowledge-ingest"

// snapshot builds the batch at elapsed time t.
func (s *Server) snapshot(t time.Duration) model.Batch {
	p := s.plan
	r := &model.Result{Kind: model.KindKnowledgeIngest, TotalCount: len(p.files), RemainingLabel: "Remaining Files",
		Processing: []model.Entry{}, Completed: []model.Entry{}, Skipped: []model.Entry{}, Failed: []model.Entry{}, Remaining: []model.Entry{}}
	type jobState struct{ started, pending, failed bool }
	jobs := make([]jobState, p.jobs)
	for i := range p.files {
		f := &p.files[i]
		j := &jobs[f.job]
		bk := f.bucketAt(t)
		j.started = j.started || bk != model.Remaining
		j.pending = j.pending || bk == model.Remaining || bk == model.Processing
		j.failed = j.failed || (bk == model.Failed && f.message[0] == 'u')
		appendEntry(r, bk, f)
	}
	r.CompletedCount, r.SkippedCount, r.FailedCount = len(r.Completed), len(r.Skipped), len(r.Failed)
	var sc model.StatusCounts
	for _, j := range jobs {
		switch {
		case !j.started:
			sc.Submitted++
		case j.pending:
			sc.Working++
		case j.failed:
			sc.Failed++
		default:
			sc.Completed++
		}
	}
	if sc.Submitted+sc.Working == 0 {
		r.RemainingLabel = "Not Ingested Files"
	}
	tgt := target
	last := time.Duration(0)
	if v := p.version(t); v > 0 {
		last = p.events[v-1]
	}
	return model.Batch{
		ID: s.o.BatchID, ProjectID: "0b6f2c1e-8a47-4d1b-9c3e-5f7a2d9e6b10", Target: model.Some(tgt),
		JobCount: p.jobs, StatusCounts: sc,
		CreatedAt: stamp(s.start), UpdatedAt: stamp(s.start.Add(last)),
		Result: r,
	}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (f *file) bucketAt(t time.Duration) model.Bucket {
	switch {
	case t < f.start:
		return model.Remaining
	case t < f.end:
		return model.Processing
	}
	return f.final
}

func appendEntry(r *model.Result, bk model.Bucket, f *file) {
	e := model.Entry{Label: baseName(f.path), Path: model.Some(f.path), UploadID: f.uploadID}
	switch bk {
	case model.Processing:
		r.Processing = append(r.Processing, e)
	case model.Completed:
		e.RemotePath, e.WarningCount = model.Some("knowledge/"+f.path), f.warnings
		r.Completed = append(r.Completed, e)
	case model.Skipped:
		e.Message = f.message
		r.Skipped = append(r.Skipped, e)
	case model.Failed:
		e.Message = f.message
		r.Failed = append(r.Failed, e)
	default:
		r.Remaining = append(r.Remaining, e)
	}
}

func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}
