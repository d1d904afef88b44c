package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// MaxJSONBody bounds every JSON request body.
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON body into v strictly: unknown fields, trailing
// data and oversized bodies are rejected with a Chinese message.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return fault.New(fault.Invalid, "%s", i18n.T("json.content_type"))
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		// Trailing bytes past the limit make the body too large, not
		// merely untidy.
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return jsonError(err)
		}
		return fault.New(fault.Invalid, "%s", i18n.T("json.trailing"))
	}
	return nil
}

func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return fault.New(fault.TooLarge, "%s", i18n.T("http.too_large"))
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return fault.New(fault.Invalid, "%s", i18n.T("json.syntax"))
	case errors.As(err, &typ):
		e := fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
		e.Fields = []fault.FieldError{{Field: typ.Field, Label: typ.Field, Message: i18n.T("json.wrong_type")}}
		return e
	case errors.Is(err, io.EOF):
		return fault.New(fault.Invalid, "%s", i18n.T("json.empty"))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
		e.Fields = []fault.FieldError{{Field: name, Label: name, Message: i18n.T("json.unknown_field")}}
		return e
	}
	return fault.New(fault.Invalid, "%s", fmt.Sprint(i18n.T("json.syntax")))
}

// WriteJSON writes v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// ListResult is the envelope of every list answer.
type ListResult[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	Page  int `json:"page"`
	Size  int `json:"size"`
}
