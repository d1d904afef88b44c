package web

import (
	"errors"
	"net/http"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// statusOf maps a domain error to its HTTP status. This is the one place
// where that mapping lives.
func statusOf(err error) int {
	// publicError tells the user such a body was too large; say so in the
	// status too.
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	switch fault.CodeOf(err) {
	case fault.Invalid:
		return http.StatusUnprocessableEntity
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Unauthorized:
		return http.StatusUnauthorized
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.Conflict:
		return http.StatusConflict
	case fault.Locked:
		return http.StatusLocked
	case fault.TooLarge:
		return http.StatusRequestEntityTooLarge
	case fault.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// publicError returns what the user may be told about err: the domain
// message, or a generic one for internal errors (whose detail goes only to
// the log).
func publicError(err error) *fault.Error {
	if e, ok := fault.As(err); ok && e.Code != fault.Internal {
		return e
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fault.New(fault.TooLarge, "%s", i18n.T("http.too_large"))
	}
	return fault.New(fault.Internal, "%s", i18n.T("http.internal"))
}

// Error values that handlers return for common cases.
var (
	ErrNotFound  = fault.New(fault.NotFound, "%s", i18n.T("http.not_found"))
	ErrForbidden = fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
)
