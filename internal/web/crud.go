package web

import (
	"context"
	"net/http"

	"troika/internal/access"
)

// The JSON API of a ledger mostly has four shapes: one record by id, a
// body creating one, a body updating one by id, deleting one by id. These
// turn a service method of the matching signature into the handler, with
// the caller's principal, strict decoding and the usual status codes.

// APIGet answers GET …/{id} with get's record.
func APIGet[T any](get func(context.Context, *access.Principal, int64) (T, error)) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := PathID(r)
		if err != nil {
			return err
		}
		x, err := get(r.Context(), access.From(r.Context()), id)
		if err != nil {
			return err
		}
		WriteJSON(w, http.StatusOK, x)
		return nil
	}
}

// APICreate answers POST with the record create made from the body (201).
func APICreate[In, T any](create func(context.Context, *access.Principal, In) (T, error)) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in In
		if err := DecodeJSON(w, r, &in); err != nil {
			return err
		}
		x, err := create(r.Context(), access.From(r.Context()), in)
		if err != nil {
			return err
		}
		WriteJSON(w, http.StatusCreated, x)
		return nil
	}
}

// APIUpdate answers PUT …/{id} with the record update made from the body.
func APIUpdate[In, T any](update func(context.Context, *access.Principal, int64, In) (T, error)) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := PathID(r)
		if err != nil {
			return err
		}
		var in In
		if err := DecodeJSON(w, r, &in); err != nil {
			return err
		}
		x, err := update(r.Context(), access.From(r.Context()), id, in)
		if err != nil {
			return err
		}
		WriteJSON(w, http.StatusOK, x)
		return nil
	}
}

// APIDelete answers DELETE …/{id} with 204 once del succeeded.
func APIDelete(del func(context.Context, *access.Principal, int64) error) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := PathID(r)
		if err != nil {
			return err
		}
		if err := del(r.Context(), access.From(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}
