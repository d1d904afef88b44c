package store_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// modernc.org/libc does not follow semantic versioning: the only version
// known to work with a given modernc.org/sqlite is the one that sqlite's own
// go.mod names. go.mod must hold exactly that version.
func TestModerncLibcMatchesSQLite(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goBin, "list", "-m", "-json", "modernc.org/sqlite", "modernc.org/libc").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type module struct {
		Path    string
		Version string
		GoMod   string
	}
	mods := map[string]module{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var m module
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		mods[m.Path] = m
	}
	sqlite, libc := mods["modernc.org/sqlite"], mods["modernc.org/libc"]
	if sqlite.Version == "" || libc.Version == "" {
		t.Fatalf("modules not found in the build list: %s", out)
	}
	if sqlite.GoMod == "" {
		t.Fatalf("no go.mod in the module cache for modernc.org/sqlite %s", sqlite.Version)
	}
	want := requiredVersion(t, sqlite.GoMod, "modernc.org/libc")
	if want == "" {
		t.Fatalf("%s names no modernc.org/libc", sqlite.GoMod)
	}
	if libc.Version != want {
		t.Fatalf("modernc.org/libc is %s, but modernc.org/sqlite %s requires exactly %s: set it in go.mod", libc.Version, sqlite.Version, want)
	}
	// The selected version is what go.mod itself says, not an upgrade by
	// another dependency.
	if got := requiredVersion(t, "../../go.mod", "modernc.org/libc"); got != want {
		t.Fatalf("go.mod requires modernc.org/libc %q, want %s", got, want)
	}
}

// requiredVersion reads the version of mod from a go.mod file's require lines.
func requiredVersion(t *testing.T, gomod, mod string) string {
	t.Helper()
	f, err := os.Open(gomod)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		line = strings.TrimPrefix(line, "require ")
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == mod {
			return fields[1]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ""
}
