package web

import (
	"net/http"
	"strconv"
)

// PathID reads the {id} path value: a positive integer, else the request
// answers 404 like a record that does not exist.
func PathID(r *http.Request) (int64, error) {
	return PathInt(r, "id")
}

// PathInt reads a positive integer path value by name.
func PathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrNotFound
	}
	return id, nil
}

// QueryInt reads an integer query parameter, 0 when absent or malformed.
func QueryInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return n
}

// WriteList answers a page of a list in the common envelope; a nil list is
// written as [] so clients need not test for null.
func WriteList[T any](w http.ResponseWriter, items []T, total int, pg Paging) {
	if items == nil {
		items = []T{}
	}
	WriteJSON(w, http.StatusOK, ListResult[T]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
}
