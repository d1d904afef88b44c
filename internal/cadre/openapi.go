package cadre

import (
	"encoding/json"
	"strings"
)

// OpenAPI is this package's part of the API document. It is built from
// the same route table that mounts the handlers, and each register's
// schema from its fields, so the document cannot drift from the code.
var OpenAPI = buildOpenAPI()

var summaries = map[string]string{
	"list": "List %s in the caller's scope (filters: q, period, under, selects; paged)", "create": "Create one of %s",
	"export": "Export the filtered %s as .xlsx (audited)", "get": "Read one of %s", "update": "Update one of %s",
	"delete": "Delete one of %s (audited)",
	"unmask": "A cadre's ID number in clear (personal.unmask; audited)", "posts": "A cadre's appointment and removal history",
	"training": "A cadre's class and learning hours by year", "settings": "Cadre settings: the young-cadre age (default 35)",
	"save_settings": "Change the young-cadre age (audited)", "draws": "Verification draws of personal-matter reports",
	"draw":     "Draw personal-matter reports for verification with a fresh random seed (audited; reproducible)",
	"get_draw": "A draw, re-run from its recorded seed (reproduced tells whether it matches)",
	"reports":  "12380 cases in scope (never the reporter; filters q, status, channel, overdue)",
	"intake":   "Take a 12380 report by phone, letter or visit", "export_reports": "Export 12380 cases as .xlsx without reporters (audited)",
	"report": "A 12380 case and its steps (never the reporter)", "reporter": "The sealed reporter of a case (supervision.sealed; audited)",
	"step":          "Move a case on: step is assign, investigate, conclude or reply",
	"public_intake": "Public 12380 intake, no sign-in, rate-limited per address: answers the tracking code",
	"public_status": "Public status of a case by tracking code: status and reply only",
	"requests":      "Reading and lending requests of personnel archives (filters status, overdue, mine)",
	"request":       "Ask to read or borrow a personnel archive",
	"request_step":  "Decide or close a request: step is approve, reject, lend or return (approver; audited)",
}

func schemaName(g *register) string {
	return "Cadre" + strings.ToUpper(g.Name[:1]) + g.Name[1:]
}

func fieldSchema(f field) map[string]any {
	switch f.Kind {
	case kInt, kOrg, kCadre:
		return map[string]any{"type": "integer"}
	case kDec1:
		return map[string]any{"type": "number", "description": "one decimal"}
	case kBool:
		return map[string]any{"type": "boolean"}
	case kDate:
		return map[string]any{"type": "string", "format": "date"}
	case kSelect:
		return map[string]any{"type": "string", "enum": append([]string{""}, f.Options...)}
	}
	return map[string]any{"type": "string", "maxLength": max(f.Max, 100)}
}

func buildOpenAPI() []byte {
	paths := map[string]map[string]any{}
	schemas := map[string]any{}
	errRef := map[string]any{"$ref": "#/components/responses/Error"}
	for _, g := range Registers {
		props := map[string]any{"id": map[string]any{"type": "integer"}, "org_id": map[string]any{"type": "integer"},
			"org_name": map[string]any{"type": "string"}}
		in := map[string]any{}
		var req []string
		for _, f := range g.Fields {
			if f.Secret {
				continue
			}
			if !f.Virtual {
				props[f.Key] = fieldSchema(f)
			}
			if f.entered() && !(g.Parent != nil && f.Key == g.ParentKey) {
				in[f.Key] = fieldSchema(f)
				if f.Req {
					req = append(req, f.Key)
				}
			}
		}
		schemas[schemaName(g)] = map[string]any{"type": "object", "description": g.Title(), "properties": props}
		input := map[string]any{"type": "object", "additionalProperties": false, "properties": in}
		if len(req) > 0 {
			input["required"] = req
		}
		schemas[schemaName(g)+"Input"] = input
	}
	for _, rt := range apiRoutes(nil) {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		op := map[string]any{"tags": []string{"干部"}}
		sum := summaries[rt.Summary]
		if rt.Reg != nil {
			sum = strings.Replace(sum, "%s", rt.Reg.Name+" ("+rt.Reg.Title()+")", 1)
		}
		op["summary"] = sum
		var params []any
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") {
				name := strings.Trim(seg, "{}")
				typ := "integer"
				if name == "step" || name == "code" {
					typ = "string"
				}
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": typ}})
			}
		}
		if method == "GET" && (rt.Summary == "list" || rt.Summary == "reports" || rt.Summary == "requests") {
			params = append(params, map[string]any{"$ref": "#/components/parameters/page"}, map[string]any{"$ref": "#/components/parameters/size"},
				map[string]any{"name": "q", "in": "query", "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		ok := map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
		if rt.Reg != nil && (rt.Summary == "get" || rt.Summary == "create" || rt.Summary == "update") {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + schemaName(rt.Reg)}}}
		}
		if rt.Summary == "export" || rt.Summary == "export_reports" {
			ok = map[string]any{"description": "An .xlsx workbook"}
		}
		status := "200"
		switch {
		case method == "DELETE":
			status, ok = "204", map[string]any{"description": "Deleted"}
		case method == "POST" && (rt.Summary == "create" || rt.Summary == "intake" || rt.Summary == "draw" || rt.Summary == "public_intake" || rt.Summary == "request"):
			status = "201"
		}
		op["responses"] = map[string]any{status: ok, "422": errRef}
		if method == "POST" || method == "PUT" {
			body := map[string]any{"type": "object"}
			if rt.Reg != nil {
				body = map[string]any{"$ref": "#/components/schemas/" + schemaName(rt.Reg) + "Input"}
			}
			op["requestBody"] = map[string]any{"required": rt.Summary != "unmask" && rt.Summary != "reporter",
				"content": map[string]any{"application/json": map[string]any{"schema": body}}}
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	b, err := json.MarshalIndent(map[string]any{"paths": paths, "components": map[string]any{"schemas": schemas}}, "", " ")
	if err != nil {
		panic(err)
	}
	return b
}
