// Command vulndb lays out a govulncheck database (the v1 layout that
// `govulncheck -db file://DIR` reads: index/db.json, index/modules.json and
// ID/<id>.json) from a directory of OSV entries, such as the data/osv
// folder of the golang.org/x/vulndb module. The test command uses it
// because the machines that run the tests reach the Go module proxy but not
// vuln.go.dev.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

type osv struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Affected []struct {
		Package struct {
			Name      string `json:"name"`
			Ecosystem string `json:"ecosystem"`
		} `json:"package"`
		Ranges []struct {
			Type   string `json:"type"`
			Events []struct {
				Introduced string `json:"introduced,omitempty"`
				Fixed      string `json:"fixed,omitempty"`
			} `json:"events"`
		} `json:"ranges"`
	} `json:"affected"`
}

type vulnRef struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Fixed    string    `json:"fixed,omitempty"`
}

type moduleRef struct {
	Path  string    `json:"path"`
	Vulns []vulnRef `json:"vulns"`
}

func main() {
	src := flag.String("osv", "", "folder of OSV JSON entries")
	dst := flag.String("out", "", "folder to write the database to")
	flag.Parse()
	if *src == "" || *dst == "" {
		fmt.Fprintln(os.Stderr, "usage: vulndb -osv DIR -out DIR")
		os.Exit(2)
	}
	if err := build(*src, *dst); err != nil {
		fmt.Fprintln(os.Stderr, "vulndb:", err)
		os.Exit(1)
	}
}

func build(src, dst string) error {
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no OSV entries in %s", src)
	}
	for _, d := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(dst, d), 0o755); err != nil {
			return err
		}
	}
	modules := map[string][]vulnRef{}
	var latest time.Time
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var e osv
		if err := json.Unmarshal(b, &e); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if e.ID == "" {
			continue
		}
		if e.Modified.After(latest) {
			latest = e.Modified
		}
		if err := os.WriteFile(filepath.Join(dst, "ID", e.ID+".json"), b, 0o644); err != nil {
			return err
		}
		for _, a := range e.Affected {
			if a.Package.Ecosystem != "Go" || a.Package.Name == "" {
				continue
			}
			ref := vulnRef{ID: e.ID, Modified: e.Modified}
			for _, r := range a.Ranges {
				for _, ev := range r.Events {
					if ev.Fixed != "" {
						ref.Fixed = ev.Fixed // the last fixed version listed
					}
				}
			}
			modules[a.Package.Name] = append(modules[a.Package.Name], ref)
		}
	}
	var index []moduleRef
	for path, vulns := range modules {
		index = append(index, moduleRef{Path: path, Vulns: vulns})
	}
	sort.Slice(index, func(i, j int) bool { return index[i].Path < index[j].Path })
	b, err := json.Marshal(index)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "index", "modules.json"), b, 0o644); err != nil {
		return err
	}
	b, err = json.Marshal(map[string]time.Time{"modified": latest})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "index", "db.json"), b, 0o644)
}
