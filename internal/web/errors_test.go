package web

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"troika/internal/fault"
	"troika/internal/i18n"
)

func TestStatusOf(t *testing.T) {
	for code, want := range map[fault.Code]int{
		fault.Invalid:      http.StatusUnprocessableEntity,
		fault.NotFound:     http.StatusNotFound,
		fault.Unauthorized: http.StatusUnauthorized,
		fault.Forbidden:    http.StatusForbidden,
		fault.Conflict:     http.StatusConflict,
		fault.Locked:       http.StatusLocked,
		fault.TooLarge:     http.StatusRequestEntityTooLarge,
		fault.TooMany:      http.StatusTooManyRequests,
		fault.Internal:     http.StatusInternalServerError,
		"made_up":          http.StatusInternalServerError,
	} {
		err := fault.New(code, "x")
		if got := statusOf(err); got != want {
			t.Errorf("statusOf(%s) = %d, want %d", code, got, want)
		}
		if got := statusOf(fmt.Errorf("wrapped: %w", err)); got != want {
			t.Errorf("statusOf(wrapped %s) = %d, want %d", code, got, want)
		}
	}
	if got := statusOf(errors.New("boom")); got != http.StatusInternalServerError {
		t.Errorf("plain error: %d", got)
	}
	// A body over a MaxBytesReader limit (a form, say) is 413, as its
	// public message says.
	mbe := fmt.Errorf("parse form: %w", &http.MaxBytesError{Limit: 10})
	if got := statusOf(mbe); got != http.StatusRequestEntityTooLarge {
		t.Errorf("MaxBytesError: %d", got)
	}
	if pub := publicError(mbe); pub.Code != fault.TooLarge {
		t.Errorf("publicError(MaxBytesError) = %+v", pub)
	}
	if statusOf(ErrNotFound) != http.StatusNotFound || statusOf(ErrForbidden) != http.StatusForbidden {
		t.Error("shared errors map wrong")
	}
}

func TestPublicError(t *testing.T) {
	domain := fault.New(fault.Conflict, "已撤销")
	if got := publicError(fmt.Errorf("x: %w", domain)); got != domain {
		t.Errorf("domain error not passed through: %+v", got)
	}
	// Internal detail never reaches the user.
	for _, err := range []error{errors.New("pq: password authentication failed for user troika"), fault.New(fault.Internal, "secret path /var/lib")} {
		got := publicError(err)
		if got.Code != fault.Internal || got.Message != i18n.T("http.internal") {
			t.Errorf("publicError(%v) = %+v", err, got)
		}
	}
}
