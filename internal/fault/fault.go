// Package fault carries domain errors with a code that the web layer maps to
// an HTTP status in exactly one place, and a Chinese message for the user.
package fault

import (
	"errors"
	"fmt"
	"strings"

	"troika/internal/i18n"
)

// Code classifies an error for the user and for HTTP.
type Code string

const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	Conflict     Code = "conflict"
	Locked       Code = "locked"
	TooLarge     Code = "too_large"
	TooMany      Code = "too_many"
	Internal     Code = "internal"
)

// FieldError names one bad input: the row (1-based, 0 when not a table),
// the field's key and its Chinese label, and what is wrong with it.
type FieldError struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Label   string `json:"label"`
	Message string `json:"message"`
}

func (f FieldError) String() string {
	var b strings.Builder
	if f.Row > 0 {
		b.WriteString(i18n.T("fault.row", f.Row))
	}
	if f.Label != "" {
		b.WriteString(i18n.T("fault.label", f.Label))
	}
	b.WriteString(f.Message)
	return b.String()
}

// Error is an error with a code, a message for the user and, for bad input,
// the fields that were wrong.
type Error struct {
	Code    Code         `json:"code"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.String())
	}
	return e.Message + i18n.T("fault.colon") + strings.Join(parts, i18n.T("fault.sep"))
}

// New makes an error with a code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of err, Internal for errors that carry none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as *Error if it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects field errors while validating and turns them into one
// Invalid error.
type Fields struct {
	list []FieldError
}

// Add records a problem with a field.
func (v *Fields) Add(field, label, message string) {
	v.list = append(v.list, FieldError{Field: field, Label: label, Message: message})
}

// AddRow records a problem with a field of a table row.
func (v *Fields) AddRow(row int, field, label, message string) {
	v.list = append(v.list, FieldError{Row: row, Field: field, Label: label, Message: message})
}

// Has reports whether a problem was recorded for field.
func (v *Fields) Has(field string) bool {
	for _, f := range v.list {
		if f.Field == field {
			return true
		}
	}
	return false
}

// List returns the problems recorded so far.
func (v *Fields) List() []FieldError { return v.list }

// Err returns nil when nothing was recorded, else an Invalid error.
func (v *Fields) Err() error {
	if len(v.list) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: i18n.T("fault.invalid"), Fields: v.list}
}
