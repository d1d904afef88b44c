package talent

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// openAPIActions describes the actions written out by hand (convert,
// recruit, subsidy steps).
//
//go:embed openapi.json
var openAPIActions []byte

// OpenAPI is this package's part of the API document: the routes every
// ledger shares are described from the ledger's own fields, so the
// document cannot drift from them; the actions come from openapi.json.
var OpenAPI = buildOpenAPI()

func buildOpenAPI() []byte {
	var doc struct {
		Paths      map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIActions, &doc); err != nil {
		panic("talent openapi.json: " + err.Error())
	}
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/" + name} }
	errResp := ref("responses/Error")
	for _, l := range All {
		name := "Talent" + schemaName(l.Slug)
		rec := map[string]any{"id": map[string]any{"type": "integer"}, "org_id": map[string]any{"type": "integer"}, "org_name": map[string]any{"type": "string"},
			"created_at": map[string]any{"type": "string", "format": "date-time"}, "updated_at": map[string]any{"type": "string", "format": "date-time"}}
		in := map[string]any{}
		if l.Parent == "" {
			in["org_id"] = map[string]any{"type": "integer", "description": "the organization the record hangs on, in scope"}
		}
		var required []string
		for _, f := range l.Fields {
			s := fieldSchema(f)
			rec[f.Name] = s
			if f.Kind == Ref {
				rec[trimID(f.Name)+"_name"] = map[string]any{"type": "string"}
			}
			if f.Sealed() {
				rec["unmasked"] = map[string]any{"type": "boolean"}
			}
			if !f.ReadOnly {
				in[f.Name] = s
				if f.Required {
					required = append(required, f.Name)
				}
			}
		}
		if l.Parent == "" {
			required = append(required, "org_id")
		}
		doc.Components.Schemas[name] = map[string]any{"type": "object", "properties": rec}
		doc.Components.Schemas[name+"Input"] = map[string]any{"type": "object", "additionalProperties": false, "properties": in, "required": required}
		one := map[string]any{"application/json": map[string]any{"schema": ref("schemas/" + name)}}
		body := map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref("schemas/" + name + "Input")}}}
		tags := []string{"人才"}
		params := []any{map[string]any{"name": "q", "in": "query", "schema": map[string]any{"type": "string"}, "description": "keyword; a whole phone number matches by keyed hash"},
			map[string]any{"name": "under", "in": "query", "schema": map[string]any{"type": "integer"}, "description": "only this organization's subtree"}}
		if l.DateField != "" {
			params = append(params, map[string]any{"name": "from", "in": "query", "schema": map[string]any{"type": "string", "format": "date"}, "description": l.DateField + " from"},
				map[string]any{"name": "to", "in": "query", "schema": map[string]any{"type": "string", "format": "date"}, "description": l.DateField + " to (included)"})
		}
		for _, f := range l.Fields {
			if f.Filter || f.Kind == Ref {
				params = append(params, map[string]any{"name": f.Name, "in": "query", "schema": fieldSchema(f)})
			}
		}
		exportParams := append([]any{map[string]any{"name": "unmask", "in": "query", "schema": map[string]any{"type": "string", "enum": []string{"1"}},
			"description": "personal data in clear; needs personal.unmask"}}, params...)
		params = append(params, ref("parameters/page"), ref("parameters/size"))
		base := "/api/v1" + l.Base()
		doc.Paths[base] = map[string]any{
			"get": map[string]any{"tags": tags, "summary": "List " + l.Slug + " in the caller's scope", "parameters": params,
				"responses": map[string]any{"200": map[string]any{"description": "A page.", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
					"allOf": []any{ref("schemas/ListMeta"), map[string]any{"type": "object", "properties": map[string]any{"items": map[string]any{"type": "array", "items": ref("schemas/" + name)}}}}}}}}}},
			"post": map[string]any{"tags": tags, "summary": "Create a record of " + l.Slug, "requestBody": body,
				"responses": map[string]any{"201": map[string]any{"description": "Created.", "content": one}, "422": errResp}},
		}
		doc.Paths[base+"/export"] = map[string]any{"get": map[string]any{"tags": tags, "summary": "Export the filtered " + l.Slug + " as .xlsx (audited)",
			"parameters": exportParams, "responses": map[string]any{"200": ref("responses/Xlsx"), "403": errResp}}}
		idp := []any{ref("parameters/id")}
		doc.Paths[base+"/{id}"] = map[string]any{
			"get": map[string]any{"tags": tags, "summary": "One record of " + l.Slug + " (404 outside scope); unmask=1 answers personal data in clear (audited)",
				"parameters": append(idp, map[string]any{"name": "unmask", "in": "query", "schema": map[string]any{"type": "string", "enum": []string{"1"}}}),
				"responses":  map[string]any{"200": map[string]any{"description": "The record.", "content": one}, "403": errResp, "404": errResp}},
			"put": map[string]any{"tags": tags, "summary": "Edit a record of " + l.Slug + " (empty personal data keeps the stored)", "parameters": idp, "requestBody": body,
				"responses": map[string]any{"200": map[string]any{"description": "Saved.", "content": one}, "404": errResp, "409": errResp, "422": errResp}},
			"delete": map[string]any{"tags": tags, "summary": "Delete a record of " + l.Slug + " that no other record refers to", "parameters": idp,
				"responses": map[string]any{"204": ref("responses/NoContent"), "404": errResp, "409": errResp}},
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

func schemaName(slug string) string {
	var b strings.Builder
	for _, part := range strings.Split(slug, "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func fieldSchema(f Field) map[string]any {
	switch f.Kind {
	case Int:
		return map[string]any{"type": "integer", "minimum": 0, "maximum": f.Max}
	case Money:
		return map[string]any{"type": "integer", "description": "fen"}
	case Bool:
		return map[string]any{"type": "boolean"}
	case Ref:
		return map[string]any{"type": "integer", "description": "id of a record of " + f.Ref}
	case Date:
		return map[string]any{"type": "string", "format": "date"}
	case Choice:
		return map[string]any{"type": "string", "enum": f.Choices}
	case Phone:
		return map[string]any{"type": "string", "description": "masked unless unmasked"}
	case IDNo:
		return map[string]any{"type": "string", "description": "GB 11643; masked unless unmasked"}
	}
	m := map[string]any{"type": "string"}
	if f.Max > 0 {
		m["maxLength"] = f.Max
	}
	return m
}
