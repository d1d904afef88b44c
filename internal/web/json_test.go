package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/i18n"
)

type sample struct {
	Name string `json:"name"`
	N    int    `json:"n"`
	Tags []string
}

func decode(body, ct string) (sample, error) {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/x", strings.NewReader(body))
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	var s sample
	err := DecodeJSON(httptest.NewRecorder(), r, &s)
	return s, err
}

func TestDecodeJSON(t *testing.T) {
	s, err := decode(`{"name":"东风","n":3,"Tags":["a"]}`+"\n", "application/json; charset=utf-8")
	if err != nil || s.Name != "东风" || s.N != 3 || len(s.Tags) != 1 {
		t.Fatalf("decode: %+v %v", s, err)
	}
	if _, err := decode(`{"name":"x"}`, ""); err != nil {
		t.Fatalf("no content type: %v", err)
	}
	big := strings.Repeat("x", MaxJSONBody)
	for _, c := range []struct {
		name, body, ct string
		code           fault.Code
		msgKey         string // catalog key of the message
		field          string
	}{
		{"wrong content type", `{"name":"x"}`, "text/plain", fault.Invalid, "json.content_type", ""},
		{"form content type", `name=x`, "application/x-www-form-urlencoded", fault.Invalid, "json.content_type", ""},
		{"unknown field", `{"name":"x","admin":true}`, "application/json", fault.Invalid, "fault.invalid", "admin"},
		{"wrong type", `{"n":"three"}`, "application/json", fault.Invalid, "fault.invalid", "n"},
		{"trailing object", `{"name":"a"}{"name":"b"}`, "application/json", fault.Invalid, "json.trailing", ""},
		{"trailing junk", `{"name":"a"} x`, "application/json", fault.Invalid, "json.trailing", ""},
		{"two values", `{"name":"a"} 1`, "application/json", fault.Invalid, "json.trailing", ""},
		{"cut short", `{"name":`, "application/json", fault.Invalid, "json.syntax", ""},
		{"bad syntax", `{name: "x"}`, "application/json", fault.Invalid, "json.syntax", ""},
		{"empty", ``, "application/json", fault.Invalid, "json.empty", ""},
		{"only spaces", "  \n", "application/json", fault.Invalid, "json.empty", ""},
		{"oversize value", `{"name":"` + big + `"}`, "application/json", fault.TooLarge, "http.too_large", ""},
		{"oversize trailing space", `{"name":"a"}` + strings.Repeat(" ", MaxJSONBody), "application/json", fault.TooLarge, "http.too_large", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decode(c.body, c.ct)
			e, ok := fault.As(err)
			if !ok {
				t.Fatalf("got %v, want a fault", err)
			}
			if e.Code != c.code || e.Message != i18n.T(c.msgKey) {
				t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, c.code, i18n.T(c.msgKey))
			}
			if c.field != "" && (len(e.Fields) != 1 || e.Fields[0].Field != c.field) {
				t.Fatalf("fields %+v, want one on %s", e.Fields, c.field)
			}
		})
	}
	// Exactly at the limit is fine.
	body := `{"name":"` + strings.Repeat("y", MaxJSONBody-len(`{"name":""}`)) + `"}`
	if s, err := decode(body, "application/json"); err != nil || len(s.Name) != MaxJSONBody-11 {
		t.Fatalf("body of exactly MaxJSONBody bytes: %v", err)
	}
}

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	WriteJSON(w, http.StatusCreated, map[string]string{"name": "<东风>"})
	if w.Code != http.StatusCreated || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if got := w.Body.String(); got != `{"name":"\u003c东风\u003e"}`+"\n" {
		t.Fatalf("body %q", got)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"name":"东风","n":3}`, `{}`, `null`, `[]`, `{"n":1e999}`, `{"n":-0}`, `{"Tags":[null]}`, `{"name":"a"}{`,
		`{"name":"\ud800"}`, "\xff", `{"NAME":"x"}`, `{"n":9223372036854775808}`, `"str"`, ` `, `{"a":{"b":[[[[]]]]}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		_, err := decode(body, "application/json")
		if err == nil {
			// Acceptance does not depend on an absent content type.
			if _, again := decode(body, ""); again != nil {
				t.Fatalf("accepted %q once but not twice: %v", body, again)
			}
			return
		}
		e, ok := fault.As(err)
		if !ok || (e.Code != fault.Invalid && e.Code != fault.TooLarge) || e.Message == "" {
			t.Fatalf("DecodeJSON(%q) = %#v", body, err)
		}
	})
}
