package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/appraisal"
	"troika/internal/event"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/member"
	"troika/internal/org"
)

// moduleRoot finds the directory holding go.mod, above the test's own.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

var (
	// i18n.T("key", …) in Go.
	goCall = regexp.MustCompile(`\bi18n\.T\(\s*"([^"]+)"\s*(\+)?`)
	// Menu entries and tree counters name catalog keys.
	goNav     = regexp.MustCompile(`\bNavItem\{[^}]*\}`)
	goNavKey  = regexp.MustCompile(`\b(?:Group|Label):\s*"([^"]+)"`)
	goCounter = regexp.MustCompile(`\bCounter\{[^}]*?\bLabel:\s*"([^"]+)"`)
	// Flash messages travel as ?msg=msg.… or as a "msg.…" argument.
	goFlash = regexp.MustCompile(`["=](msg\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)`)
	// {{t "key" …}} and (t "key") inside template actions.
	tmplAction = regexp.MustCompile(`\{\{-?(.*?)-?\}\}`)
	tmplCall   = regexp.MustCompile(`(?:^|[\s(|])t\s+"([^"]+)"`)
)

// use is a key found in the source; prefix marks the constant start of a
// key built at run time ("org.kind." + k).
type use struct {
	key, where string
	prefix     bool
}

// usedKeys scans the module's Go files (tests left out) and templates.
func usedKeys(t *testing.T, root string) []use {
	t.Helper()
	var uses []use
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		isGo := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
		isTmpl := strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".tmpl")
		if !isGo && !isTmpl {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		add := func(key string) { uses = append(uses, use{key: key, where: rel}) }
		src := string(b)
		if isGo {
			for _, m := range goCall.FindAllStringSubmatch(src, -1) {
				uses = append(uses, use{key: m[1], where: rel, prefix: m[2] == "+"})
			}
			for _, lit := range goNav.FindAllString(src, -1) {
				for _, m := range goNavKey.FindAllStringSubmatch(lit, -1) {
					add(m[1])
				}
			}
			for _, m := range goCounter.FindAllStringSubmatch(src, -1) {
				add(m[1])
			}
			if !strings.HasPrefix(rel, filepath.Join("internal", "i18n")+string(filepath.Separator)) {
				for _, m := range goFlash.FindAllStringSubmatch(src, -1) {
					add(m[1])
				}
			}
			return nil
		}
		for _, a := range tmplAction.FindAllStringSubmatch(src, -1) {
			for _, m := range tmplCall.FindAllStringSubmatch(a[1], -1) {
				add(m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return uses
}

// dynamicKeys are the keys built at run time from enumerations.
func dynamicKeys() []use {
	var uses []use
	for _, k := range org.Kinds {
		uses = append(uses, use{key: "org.kind." + string(k), where: "org.Kind.Label"})
	}
	for _, d := range org.Domains {
		uses = append(uses, use{key: "org.domain." + string(d), where: "org.Domain.Label"})
	}
	for _, r := range access.Roles {
		uses = append(uses, use{key: "role." + string(r), where: "access.Role.Label"})
	}
	uses = append(uses, use{key: "role.none", where: "access.Role.Label"})
	for _, g := range []idcard.Gender{idcard.Male, idcard.Female} {
		uses = append(uses, use{key: "gender." + string(g), where: "idcard.Gender.Label"})
	}
	uses = append(uses, use{key: "report.tpl.annual", where: "report.Document.Notes"})
	for _, k := range append(event.CatalogKeys(), appraisal.CatalogKeys()...) {
		uses = append(uses, use{key: k, where: "event/appraisal.CatalogKeys"})
	}
	for _, k := range member.CatalogKeys() {
		uses = append(uses, use{key: k, where: "member.CatalogKeys"})
	}
	for _, k := range []string{access.KindCookie, access.KindBearer} {
		uses = append(uses, use{key: "session.kind." + k, where: `{{t (print "session.kind." .Kind)}}`})
	}
	return uses
}

func TestEveryUsedKeyIsInTheCatalog(t *testing.T) {
	root := moduleRoot(t)
	uses := usedKeys(t, root)
	// The scanner must see the code it guards: a broken pattern would
	// otherwise pass with nothing found.
	found := map[string]bool{}
	files := map[string]bool{}
	for _, u := range uses {
		found[u.key] = true
		files[u.where] = true
	}
	for _, k := range []string{"org.not_found", "auth.bad_credentials", "nav.org.tree", "msg.org.created"} {
		if !found[k] {
			t.Errorf("scanner did not find the known key %q", k)
		}
	}
	if len(found) < 50 {
		t.Errorf("scanner found only %d keys", len(found))
	}
	tmpl := false
	for f := range files {
		if strings.HasSuffix(f, ".html") {
			tmpl = true
		}
	}
	if !tmpl {
		t.Error("scanner found no keys in templates")
	}

	dynamic := dynamicKeys()
	var missing []string
	for _, u := range append(uses, dynamic...) {
		if u.prefix {
			// A built key: its enumeration is checked in full when
			// dynamicKeys lists it; otherwise at least some key must
			// carry the prefix.
			listed := false
			for _, d := range dynamic {
				listed = listed || strings.HasPrefix(d.key, u.key)
			}
			if !listed {
				t.Logf("%s builds keys from %q; list its values in dynamicKeys for a full check", u.where, u.key)
				if !hasPrefix(u.key) {
					missing = append(missing, u.key+"* ("+u.where+")")
				}
			}
			continue
		}
		if !i18n.Has(u.key) {
			missing = append(missing, u.key+" ("+u.where+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d keys used but not in the catalog:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

func hasPrefix(prefix string) bool {
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func TestCatalogValues(t *testing.T) {
	keys := i18n.Keys()
	if len(keys) < 100 {
		t.Fatalf("catalog holds only %d keys", len(keys))
	}
	for _, k := range keys {
		if strings.TrimSpace(i18n.T(k)) == "" {
			t.Errorf("key %q has an empty string", k)
		}
	}
}

func TestT(t *testing.T) {
	if got := i18n.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key gives %q, want the key itself", got)
	}
	if i18n.Has("no.such.key") || !i18n.Has("app.name") {
		t.Error("Has is wrong")
	}
	if got := i18n.T("fault.row", 3); got != "第3行 " {
		t.Errorf("formatted: %q", got)
	}
	if got := i18n.T("app.name"); got != "三驾马车" {
		t.Errorf("app.name = %q", got)
	}
}
