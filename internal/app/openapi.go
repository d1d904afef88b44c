package app

import (
	_ "embed"
	"net/http"
)

// openapi.json is written by hand beside the handlers it describes; a test
// checks that every registered /api/v1 route appears in it and that it
// names no route that does not exist.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPI)
}

// OpenAPI returns the document.
func OpenAPI() []byte { return openAPI }
