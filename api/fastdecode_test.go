package api

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// sameAsStd fails when the fast decoder reads body differently from
// encoding/json: where it does not bail, its batch must equal the reference.
func sameAsStd(t *testing.T, body []byte) (fastOK bool) {
	t.Helper()
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return false
	}
	fast, ferr := fastDecode(string(body), [5]int{})
	if ferr != nil {
		if ferr != errBail {
			t.Fatalf("fast decoder failed with %v instead of bailing", ferr)
		}
		return false
	}
	hinted, herr := fastDecode(string(body), [5]int{1, 2, 3, 4, 5})
	if herr != nil || !reflect.DeepEqual(hinted, fast) {
		t.Fatalf("the decode with size hints differs: %v", herr)
	}
	std, serr := stdDecode(body)
	if serr != nil {
		t.Fatalf("fast decoder accepted what encoding/json rejects (%v): %q", serr, body)
	}
	if !reflect.DeepEqual(fast, std) {
		t.Fatalf("decoders disagree on %q:\nfast %+v\nstd  %+v", body, fast, std)
	}
	return true
}

func TestFastDecoderMatchesEncodingJSON(t *testing.T) {
	doc, err := os.ReadFile("testdata/documented-example.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		body string
		fast bool // whether the fast path should take it
	}{
		{"documented example", string(doc), true},
		{"nulls everywhere", `{"id":null,"target":null,"job_count":null,"status_counts":null,"result":null}`, true},
		{"null arrays and elements", `{"result":{"kind":"knowledge_ingest","processing":null,"completed":[null,{"label":"a"}],"failed":[]}}`, true},
		{"unknown fields of every type", `{"x":{"a":[1,-2.5e+3,true,false,null,"s\"q"]},"id":"b","y":[],"z":0,"result":{"kind":"knowledge_ingest","w":{},"failed":[{"label":"f","q":[[]]}]}}`, true},
		{"unknown kind", `{"job_count":3,"result":{"kind":"video","total_count":7,"frames":[1]}}`, true},
		{"unknown kind with mistyped fields", `{"result":{"kind":"video","total_count":"x"}}`, false},
		{"duplicate keys: last wins, objects merge", `{"id":"a","id":"b","status_counts":{"working":1},"status_counts":{"failed":2},"result":{"kind":"knowledge_ingest","failed":[{"label":"x"}],"failed":[]}}`, true},
		{"escapes in strings", `{"id":"a\u00e9\n\"b\"\ud83d\ude00\u001b]2;t\u0007","result":{"kind":"knowledge_ingest","failed":[{"label":"\\x","message":"\ud800"}]}}`, true},
		{"raw UTF-8 and controls", "{\"id\":\"資料📄\u202e\u009b1m\x7f\",\"result\":{\"kind\":\"knowledge_ingest\",\"skipped\":[{\"label\":\"\xff\xfe\"}]}}", true},
		{"negative and zero numbers", `{"job_count":-0,"status_counts":{"working":-3,"completed":0}}`, true},
		{"case-folded key", `{"ID":"b","Job_Count":3}`, false},
		{"kelvin-sign key", "{\"\u212aind\":1}", false},
		{"escaped key", `{"\u0069d":"b"}`, false},
		{"float count", `{"job_count":1.0}`, false},
		{"exponent count", `{"job_count":1e2}`, false},
		{"huge count", `{"job_count":99999999999999999999}`, false},
		{"string count", `{"job_count":"3"}`, false},
		{"mistyped file detail", `{"result":{"kind":"knowledge_ingest","failed":"no"}}`, false},
		{"trailing comma", `{"id":"b",}`, false},
		{"trailing data", `{"id":"b"} x`, false},
		{"leading zero", `{"x":01}`, false},
		{"raw newline in string", "{\"id\":\"a\nb\"}", false},
		{"truncated", `{"id":"b","result":{"kind":"knowledge_ingest","failed":[{"lab`, false},
		{"whitespace everywhere", " \n{ \"id\" :\t\"b\" , \"result\" : { \"kind\" : \"knowledge_ingest\" , \"failed\" : [ { \"label\" : \"f\" } ] } } \r\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameAsStd(t, []byte(tt.body)); got != tt.fast {
				t.Errorf("fast path took it: %v, want %v", got, tt.fast)
			}
			if _, err := Decode([]byte(tt.body)); (err == nil) != func() bool { _, e := stdDecode(bytes.TrimSpace([]byte(tt.body))); return e == nil }() {
				t.Errorf("Decode and encoding/json disagree on success: %v", err)
			}
		})
	}
}

func TestFastDecoderOnABigBatch(t *testing.T) {
	if !sameAsStd(t, simBody(t, 10_000)) {
		t.Fatal("the fast path bailed on a simulated 10,000-file batch")
	}
}

// FuzzFastDecoder: on any body, the fast decoder either bails or reads
// exactly what encoding/json reads.
func FuzzFastDecoder(f *testing.F) {
	f.Add([]byte(`{"id":"b","result":{"kind":"knowledge_ingest","failed":[{"label":"f","path":null,"message":"m"}]}}`))
	f.Add([]byte(`{"x":[1,2.5,{"y":null}],"status_counts":{"working":2}}`))
	f.Fuzz(func(t *testing.T, body []byte) { sameAsStd(t, body) })
}

// The string scanner reads eight bytes at a time: every kind of byte that
// needs a look (quote, backslash, control, DEL, non-ASCII) must be seen at
// every position of a word, in strings of every length around a word's.
func TestStringScanAtEveryPosition(t *testing.T) {
	specials := []string{`\"`, `\\`, `\n`, `\u0007`, "\x7f", "é", "\xc2\x9b", "\x1b", "\t", "\xff"}
	for n := 0; n <= 20; n++ {
		for at := 0; at <= n; at++ {
			for _, sp := range specials {
				s := strings.Repeat("a", at) + sp + strings.Repeat("b", n-at)
				for pad := 0; pad < 8; pad++ { // where the string starts within a word
					body := `{"id":"` + strings.Repeat("p", pad) + `","project_id":"` + s + `"}`
					fast, ferr := fastDecode(body, [5]int{})
					std, serr := stdDecode([]byte(body))
					switch {
					case ferr == nil && serr != nil:
						t.Fatalf("fast accepted what encoding/json rejects: %q", body)
					case ferr == nil && !reflect.DeepEqual(fast, std):
						t.Fatalf("%q: fast %q, std %q", body, fast.ProjectID, std.ProjectID)
					case ferr != nil && ferr != errBail:
						t.Fatalf("%q: %v", body, ferr)
					}
				}
			}
		}
	}
}
