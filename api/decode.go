package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"vfbatch/model"
)

// Decode reads a batch body. The result is decoded only for a known kind; a
// result that cannot be read leaves the jobs readable and names the problem
// in Batch.Problems. Every string is sanitised.
func Decode(body []byte) (model.Batch, error) { return decode(string(body), [5]int{}) }

// decode is Decode of a body held as a string; the batch's strings share
// its memory. sizes, when known from the previous batch, are the buckets'
// lengths (see fastDecode).
func decode(body string, sizes [5]int) (model.Batch, error) {
	trimmed := strings.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return model.Batch{}, &MalformedError{Detail: "empty body"}
	case trimmed[0] == '<':
		return model.Batch{}, &MalformedError{Detail: "got an HTML page instead of JSON"}
	case trimmed[0] != '{':
		return model.Batch{}, &MalformedError{Detail: "body is not a JSON object"}
	}
	if b, err := fastDecode(trimmed, sizes); err == nil {
		return b, nil
	}
	return stdDecode([]byte(trimmed))
}

// stdDecode is the reference decoder, encoding/json's: the fast one falls
// back to it for anything unusual, and its errors are the ones reported.
func stdDecode(trimmed []byte) (model.Batch, error) {
	var w struct {
		model.Batch
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return model.Batch{}, &MalformedError{Detail: jsonDetail(err)}
	}
	b := w.Batch
	b.Result, b.Problems = decodeResult(w.Result)
	b.Sanitize()
	return b, nil
}

func decodeResult(raw json.RawMessage) (*model.Result, []string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, []string{"result unreadable: " + jsonDetail(err)}
	}
	if head.Kind != model.KindKnowledgeIngest {
		return &model.Result{Kind: head.Kind}, []string{fmt.Sprintf("result kind %q has no file detail", model.Safe(head.Kind))}
	}
	var r model.Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, []string{"file detail unreadable: " + jsonDetail(err)}
	}
	return &r, nil
}

func jsonDetail(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := strings.TrimPrefix(te.Field, "Batch.")
		return fmt.Sprintf("field %q should be %s, got %s", model.Safe(field), jsonKind(te.Type), te.Value)
	case errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end"):
		return "truncated JSON"
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	}
	return model.Safe(err.Error())
}

// jsonKind names a Go type as the JSON value it decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return t.String()
}
