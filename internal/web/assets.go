package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets serves the embedded CSS, JavaScript and images under names that
// carry a content hash, so they can be cached forever and still change
// with each release.
type Assets struct {
	byHashed map[string]string // hashed name -> file name
	hashed   map[string]string // file name -> hashed URL
}

// NewAssets hashes every embedded static file.
func NewAssets() (*Assets, error) {
	a := &Assets{byHashed: map[string]string{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.byHashed[h] = p
		a.hashed[name] = "/static/" + h
		return nil
	})
	return a, err
}

// URL returns the cache-busting URL of a static file.
func (a *Assets) URL(name string) string {
	if u, ok := a.hashed[name]; ok {
		return u
	}
	return "/static/" + name
}

// ServeHTTP serves /static/{hashed name}.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	p, ok := a.byHashed[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := staticFS.ReadFile(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(p) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(b)
}
