package e2e

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// The OpenAPI document served by the binary describes exactly the /api/v1
// routes that exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	res := e.Do(t, "GET", "/api/v1/openapi.json", "", nil)
	if res.Status != 200 {
		t.Fatalf("openapi: %d", res.Status)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	res.JSON(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routes := map[string]bool{}
	for _, r := range e.App.Web.APIRoutes() {
		routes[r] = true
		if !documented[r] {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	var extra []string
	for d := range documented {
		if !routes[d] {
			extra = append(extra, d)
		}
	}
	sort.Strings(extra)
	for _, d := range extra {
		t.Errorf("OpenAPI documents %s, which is not a route", d)
	}
	// Every $ref points at something defined.
	var raw map[string]any
	res.JSON(t, &raw)
	comps := raw["components"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				sect, _ := comps[parts[0]].(map[string]any)
				if len(parts) != 2 || sect == nil || sect[parts[1]] == nil {
					t.Errorf("dangling $ref %s", ref)
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(raw)
}
