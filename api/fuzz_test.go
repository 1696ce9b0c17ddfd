package api

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"vfbatch/model"
)

func safeText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return false
		}
	}
	return true
}

// batchStrings lists every string of a batch that a renderer may draw.
func batchStrings(b *model.Batch) []string {
	out := []string{b.ID, b.ProjectID, b.Target.String, b.CreatedAt, b.UpdatedAt}
	out = append(out, b.Problems...)
	if r := b.Result; r != nil {
		out = append(out, r.Kind, r.RemainingLabel)
		for _, bk := range model.Buckets {
			for _, e := range r.Entries(bk) {
				out = append(out, e.Label, e.Path.String, e.UploadID.String, e.RemotePath.String, e.Message)
			}
		}
	}
	return out
}

// FuzzDecode: no body makes Decode panic, and whatever it returns, batch or
// error, is safe to print. Seeds live in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	if doc, err := os.ReadFile("testdata/documented-example.json"); err == nil {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := Decode(body)
		if err != nil {
			if !safeText(err.Error()) {
				t.Fatalf("unsafe error text %q", err.Error())
			}
			return
		}
		for _, s := range batchStrings(&b) {
			if !safeText(s) {
				t.Fatalf("unsafe string %q", s)
			}
		}
	})
}

// FuzzErrorMessage: any error body gives a short, printable message.
func FuzzErrorMessage(f *testing.F) {
	f.Add("application/json", []byte(`{"error":{"message":"x\u001b]2;t\u0007"}}`))
	f.Add("text/html", []byte("<html><title>\x1b[2J502</title>"))
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		msg := errorMessage(ctype, body)
		if !safeText(msg) || ansi.StringWidth(msg) > maxMessage {
			t.Fatalf("message %q", msg)
		}
	})
}
