package sim

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"vfbatch/model"
)

// file is one simulated file and its fate.
type file struct {
	path     string
	uploadID model.NullString
	start    time.Duration // leaves remaining, enters processing
	end      time.Duration // leaves processing for its final bucket
	final    model.Bucket
	message  string
	warnings int
	job      int
}

// plan is the whole run, worked out once from the seed.
type plan struct {
	files  []file
	jobs   int
	events []time.Duration // every moment something changes, sorted
}

var (
	dirs = []string{"docs", "docs/guides", "docs/api", "handbook", "handbook/people", "research/2025",
		"research/2026", "support/faq", "product/specs", "sales/playbooks", "legal/contracts", "data/exports",
		"engineering/rfcs", "engineering/runbooks", "marketing/briefs", "finance/reports"}
	stems = []string{"overview", "getting-started", "release-notes", "onboarding", "pricing", "architecture",
		"incident-review", "quarterly-report", "roadmap", "faq", "customer-interviews", "glossary",
		"security-policy", "migration-guide", "benchmarks", "meeting-notes", "style-guide", "api-reference",
		"data-retention", "troubleshooting"}
	goodExts = []string{".md", ".md", ".md", ".pdf", ".pdf", ".docx", ".csv", ".txt", ".html", ".mdx"}
)

// newPlan lays out n files over the run's duration. About 6% are skipped
// and 3% fail, with the reasons seen in real ingests.
func newPlan(n int, seed uint64, dur time.Duration) *plan {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	p := &plan{files: make([]file, n), jobs: max(1, (n+9)/10)}
	for i := range p.files {
		f := &p.files[i]
		f.job = i * p.jobs / max(n, 1)
		f.path, f.final, f.message = pickFile(rng, i)
		if f.final != model.Skipped || rng.IntN(4) > 0 {
			id := uuid(rng)
			f.uploadID = model.Some(id)
		}
		// Files start spread over the first 85% of the run, in job order.
		frac := (float64(i) + rng.Float64()) / float64(max(n, 1))
		f.start = time.Duration(frac * 0.85 * float64(dur))
		work := time.Duration((0.01 + 0.04*rng.Float64()) * float64(dur))
		if f.final == model.Skipped {
			work /= 10
		}
		f.end = f.start + work
		if f.final == model.Completed && len(f.path) > 4 && f.path[len(f.path)-4:] == ".csv" && rng.IntN(2) == 0 {
			f.warnings = 1 + rng.IntN(3)
		}
	}
	p.events = make([]time.Duration, 0, 2*n)
	for _, f := range p.files {
		p.events = append(p.events, f.start, f.end)
	}
	sort.Slice(p.events, func(i, j int) bool { return p.events[i] < p.events[j] })
	return p
}

func pickFile(rng *rand.Rand, i int) (string, model.Bucket, string) {
	dir := dirs[rng.IntN(len(dirs))]
	stem := stems[rng.IntN(len(stems))]
	switch roll := rng.IntN(100); {
	case roll < 2:
		path := fmt.Sprintf("%s/.%s-%d.swp", dir, stem, i)
		return path, model.Skipped, "hidden_path: files and folders starting with a dot are not ingested"
	case roll < 4:
		path := fmt.Sprintf("node_modules/%s/%s-%d.md", stem, stem, i)
		return path, model.Skipped, "ignored_directory: node_modules is never ingested"
	case roll < 6:
		ext := []string{".png", ".zip", ".mp4", ".exe", ".psd"}[rng.IntN(5)]
		path := fmt.Sprintf("%s/%s-%d%s", dir, stem, i, ext)
		return path, model.Skipped, fmt.Sprintf("unsupported_file_type: %s files cannot be ingested", ext)
	case roll < 8:
		ext := []string{".pdf", ".csv", ".docx"}[rng.IntN(3)]
		path := fmt.Sprintf("%s/%s-%d%s", dir, stem, i, ext)
		return path, model.Failed, parserMessage(rng, ext)
	case roll < 9:
		path := fmt.Sprintf("%s/%s-%d.pdf", dir, stem, i)
		return path, model.Failed, fmt.Sprintf("upload_error: storage answered 503 after %d attempts", 2+rng.IntN(3))
	}
	ext := goodExts[rng.IntN(len(goodExts))]
	return fmt.Sprintf("%s/%s-%d%s", dir, stem, i, ext), model.Completed, ""
}

func parserMessage(rng *rand.Rand, ext string) string {
	switch ext {
	case ".csv":
		return fmt.Sprintf("parser_error: unexpected quote in field at line %d, column %d", 2+rng.IntN(400), 1+rng.IntN(12))
	case ".docx":
		return "parser_error: document is password-protected"
	}
	return fmt.Sprintf("parser_error: unexpected token at line %d of the PDF text layer", 1+rng.IntN(60))
}

func uuid(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff,
		(uint16(b>>48)&0x3fff)|0x8000, b&0xffffffffffff)
}

// version counts the events that happened by elapsed time t: the body
// changes exactly when it does.
func (p *plan) version(t time.Duration) int {
	return sort.Search(len(p.events), func(i int) bool { return p.events[i] > t })
}
