package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
)

//go:embed templates
var layoutFS embed.FS

// Renderer draws pages: each page template is parsed on a clone of the
// layout so that every page can define its own "content" block.
type Renderer struct {
	pages  map[string]*lazyPage
	server *Server
	assets *Assets
}

// lazyPage is a page's template, parsed when first drawn. Every page is
// parsed once at start-up, so that a broken template stops the server
// there, and then dropped: a clone of the layout and partials for each of
// a hundred-odd pages holds about ten MiB, while an office uses a few
// pages a day.
type lazyPage struct {
	once  sync.Once
	parse func() (*template.Template, error)
	t     *template.Template
	err   error
}

func (lp *lazyPage) get() (*template.Template, error) {
	lp.once.Do(func() { lp.t, lp.err = lp.parse() })
	return lp.t, lp.err
}

// TemplateSet is a domain's templates: its files "*.html" in FS are pages
// named Prefix + "/" + file name without extension.
type TemplateSet struct {
	Prefix string
	FS     fs.FS
}

// NewRenderer parses the layout and every page of every set.
func NewRenderer(assets *Assets, sets ...TemplateSet) (*Renderer, error) {
	rd := &Renderer{pages: map[string]*lazyPage{}, assets: assets}
	base, err := template.New("layout").Funcs(rd.funcs()).ParseFS(layoutFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	sets = append([]TemplateSet{{Prefix: "web", FS: mustSub(layoutFS, "templates/pages")}}, sets...)
	for _, set := range sets {
		files, err := fs.Glob(set.FS, "*.html")
		if err != nil {
			return nil, err
		}
		// Files named _*.html are the set's partials, parsed into each of
		// its pages.
		setBase := base
		partials, err := fs.Glob(set.FS, "_*.html")
		if err != nil {
			return nil, err
		}
		if len(partials) > 0 {
			if setBase, err = template.Must(base.Clone()).ParseFS(set.FS, partials...); err != nil {
				return nil, fmt.Errorf("partials of %s: %w", set.Prefix, err)
			}
		}
		for _, f := range files {
			if strings.HasPrefix(f, "_") {
				continue
			}
			parse := func() (*template.Template, error) {
				t, err := template.Must(setBase.Clone()).ParseFS(set.FS, f)
				if err != nil {
					return nil, fmt.Errorf("template %s/%s: %w", set.Prefix, f, err)
				}
				return t, nil
			}
			if _, err := parse(); err != nil {
				return nil, err
			}
			rd.pages[set.Prefix+"/"+strings.TrimSuffix(path.Base(f), ".html")] = &lazyPage{parse: parse}
		}
	}
	return rd, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// View is what every page template receives.
type View struct {
	Title     string
	P         *access.Principal
	Nav       []NavGroup
	Path      string
	CSRF      string
	Flash     string
	Error     *fault.Error
	FieldErrs map[string]string
	Form      url.Values
	Data      any
	Status    int
	// InlineError shows Error above the page's content (a form that failed),
	// rather than as the whole page.
	InlineError bool
}

// FormError records err on the view for the form to show beside its fields.
func (v *View) FormError(err error) {
	e := publicError(err)
	v.Error = e
	v.InlineError = true
	v.FieldErrs = map[string]string{}
	for _, f := range e.Fields {
		if _, ok := v.FieldErrs[f.Field]; !ok {
			v.FieldErrs[f.Field] = f.Message
		}
	}
	if v.Status == 0 {
		v.Status = statusOf(err)
	}
}

// HTML renders page with data in the layout.
func (rd *Renderer) HTML(w http.ResponseWriter, r *http.Request, page string, v *View) error {
	lp, ok := rd.pages[page]
	if !ok {
		return fmt.Errorf("no page template %q", page)
	}
	t, err := lp.get()
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	v.P = p
	v.Path = r.URL.Path
	if p != nil {
		v.CSRF = p.CSRF
		v.Nav = rd.server.navFor(p, r.URL.Path)
	}
	if msg := r.URL.Query().Get("msg"); v.Flash == "" && strings.HasPrefix(msg, "msg.") && i18n.Has(msg) {
		v.Flash = i18n.T(msg)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	status := v.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// Error renders the error page.
func (rd *Renderer) Error(w http.ResponseWriter, r *http.Request, status int, e *fault.Error) {
	v := &View{Title: i18n.T("error.title"), Error: e, Status: status}
	if err := rd.HTML(w, r, "web/error", v); err != nil {
		http.Error(w, e.Message, status)
	}
}

func (rd *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) string { return i18n.T(key, args...) },
		"can": func(p *access.Principal, perm string) bool {
			return p.Can(access.Permission(perm))
		},
		"asset": func(name string) string { return rd.assets.URL(name) },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(access.Shanghai).Format("2006-01-02 15:04")
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(access.Shanghai).Format("2006-01-02")
		},
		"roleLabel": func(r access.Role) string { return r.Label() },
		"add":       func(a, b int) int { return a + b },
		// at is index that tolerates a short list: "" past its end.
		"at": func(list []string, i int) string {
			if i < 0 || i >= len(list) {
				return ""
			}
			return list[i]
		},
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"selected": func(a, b any) template.HTMLAttr {
			if fmt.Sprint(a) == fmt.Sprint(b) {
				return "selected"
			}
			return ""
		},
		"checked": func(b bool) template.HTMLAttr {
			if b {
				return "checked"
			}
			return ""
		},
		"active": func(current, href string) string {
			if current == href || (href != "/" && strings.HasPrefix(current, href+"/")) {
				return "active"
			}
			return ""
		},
	}
}
