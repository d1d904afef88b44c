package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A 信创 deployment runs on arm64 or LoongArch: the binary must build for
// them, and for amd64, with no C compiler (pure-Go SQLite).
func TestCrossBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("cross builds take minutes")
	}
	for _, arch := range []string{"amd64", "arm64", "loong64"} {
		t.Run(arch, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "troika-"+arch)
			cmd := exec.Command("go", "build", "-trimpath", "-o", out, ".")
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("CGO_ENABLED=0 GOARCH=%s go build: %v\n%s", arch, err, b)
			}
			if st, err := os.Stat(out); err != nil || st.Size() == 0 {
				t.Fatalf("no binary for %s: %v", arch, err)
			}
		})
	}
}
