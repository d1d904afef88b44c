package app

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
)

// The OpenAPI document is assembled from a base (info, security, shared
// schemas) and one fragment per domain package, kept beside the handlers it
// describes. A test checks that every registered /api/v1 route appears in
// it and that it names no route that does not exist.
//
//go:embed openapi_base.json
var openAPIBase []byte

type document struct {
	OpenAPI    string                     `json:"openapi"`
	Info       map[string]any             `json:"info"`
	Servers    []map[string]any           `json:"servers,omitempty"`
	Security   []map[string][]string      `json:"security,omitempty"`
	Tags       []map[string]any           `json:"tags,omitempty"`
	Paths      map[string]json.RawMessage `json:"paths"`
	Components struct {
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes,omitempty"`
		Schemas         map[string]json.RawMessage `json:"schemas"`
		Responses       map[string]json.RawMessage `json:"responses,omitempty"`
		Parameters      map[string]json.RawMessage `json:"parameters,omitempty"`
	} `json:"components"`
}

// BuildOpenAPI merges the base and the fragments; a path or schema named
// twice is an error.
func BuildOpenAPI(fragments ...[]byte) ([]byte, error) {
	var doc document
	if err := json.Unmarshal(openAPIBase, &doc); err != nil {
		return nil, fmt.Errorf("openapi base: %w", err)
	}
	if doc.Paths == nil {
		doc.Paths = map[string]json.RawMessage{}
	}
	for i, f := range fragments {
		var part struct {
			Paths      map[string]json.RawMessage `json:"paths"`
			Components struct {
				Schemas map[string]json.RawMessage `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(f, &part); err != nil {
			return nil, fmt.Errorf("openapi fragment %d: %w", i, err)
		}
		for p, v := range part.Paths {
			if _, dup := doc.Paths[p]; dup {
				return nil, fmt.Errorf("openapi: path %s described twice", p)
			}
			doc.Paths[p] = v
		}
		for s, v := range part.Components.Schemas {
			if _, dup := doc.Components.Schemas[s]; dup {
				return nil, fmt.Errorf("openapi: schema %s described twice", s)
			}
			doc.Components.Schemas[s] = v
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

func (a *App) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(a.openAPI)
}

// OpenAPI returns the assembled document.
func (a *App) OpenAPI() []byte { return a.openAPI }
