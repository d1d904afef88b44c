package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "modernc.org/sqlite"

	"troika/internal/access"
	"troika/internal/app"
	"troika/internal/org"
)

func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return out.String() + errb.String(), code
}

// The operator's round trip: demo city, backup while writers run, restore
// into an empty directory, verify the audit chain, and a tampered copy that
// verify catches.
func TestDemoBackupRestoreVerify(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	out, code := run(t, "demo", "--data", data)
	if code != 0 || !strings.Contains(out, "演示城市已生成") || !strings.Contains(out, "secadmin") {
		t.Fatalf("demo: %d %s", code, out)
	}
	if out, code := run(t, "demo", "--data", data); code != 0 || !strings.Contains(out, "跳过") {
		t.Fatalf("second demo: %d %s", code, out)
	}

	// Writers go on while the backup is taken.
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	root, err := a.Orgs.Root(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := &access.Principal{Role: access.RoleStaff, OrgID: root.ID, OrgPath: root.Path}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := a.Orgs.Create(ctx, p, org.Input{ParentID: root.ID, Name: fmt.Sprintf("写入中%d", i), Code: fmt.Sprintf("W%d", i),
				Kind: org.KindBranch, Domain: org.DomainOrgan}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	backup := filepath.Join(dir, "b.db")
	out, code = run(t, "backup", "--data", data, backup)
	close(stop)
	wg.Wait()
	a.Close()
	if code != 0 || !strings.Contains(out, "备份完成") {
		t.Fatalf("backup: %d %s", code, out)
	}
	if out, code := run(t, "backup", "--data", data, backup); code == 0 || !strings.Contains(out, "不会覆盖") {
		t.Errorf("backup over an existing file: %d %s", code, out)
	}

	restored := filepath.Join(dir, "restored")
	key := filepath.Join(data, "troika.key")
	if out, code := run(t, "restore", "--data", restored, backup); code == 0 || !strings.Contains(out, "--key-file") {
		t.Fatalf("restore without the key: %d %s", code, out)
	}
	if out, code := run(t, "restore", "--data", restored, "--key-file", key, backup); code != 0 {
		t.Fatalf("restore: %d %s", code, out)
	}
	if out, code := run(t, "restore", "--data", restored, "--key-file", key, backup); code == 0 || !strings.Contains(out, "不会覆盖") {
		t.Errorf("restore over a database: %d %s", code, out)
	}
	out, code = run(t, "audit", "verify", "--data", restored, "--key-file", key)
	if code != 0 || !strings.Contains(out, "审计链完整") {
		t.Fatalf("verify restored: %d %s", code, out)
	}
	// Every organization in the copy has its audit entry: the snapshot is
	// consistent, not torn between a write and its audit record.
	db, err := sql.Open("sqlite", filepath.Join(restored, "troika.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var orgs, created int
	if err := db.QueryRow(`SELECT COUNT(*) FROM orgs`).Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'org.create'`).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if orgs != created || orgs < 300 {
		t.Errorf("restored %d organizations with %d create entries", orgs, created)
	}

	if _, err := db.Exec(`UPDATE audit_log SET detail = '{"name":"篡改"}' WHERE id = 7`); err != nil {
		t.Fatal(err)
	}
	out, code = run(t, "audit", "verify", "--data", restored, "--key-file", key)
	if code == 0 || !strings.Contains(out, "第 7 条") {
		t.Errorf("verify tampered: %d %s", code, out)
	}
}

func TestUserCommands(t *testing.T) {
	data := t.TempDir()
	if out, code := run(t, "demo", "--data", data); code != 0 {
		t.Fatal(out)
	}
	out, code := run(t, "user", "add", "--data", data, "--username", "lihua", "--name", "李华", "--role", "committee", "--org", "D0001")
	if code != 0 || !strings.Contains(out, "初始密码") {
		t.Fatalf("user add: %d %s", code, out)
	}
	if out, code := run(t, "user", "add", "--data", data, "--username", "x2", "--name", "某", "--role", "boss"); code == 0 || !strings.Contains(out, "角色") {
		t.Errorf("bad role: %d %s", code, out)
	}
	for _, sub := range []string{"reset-password", "unlock", "disable", "enable"} {
		if out, code := run(t, "user", sub, "--data", data, "lihua"); code != 0 {
			t.Errorf("user %s: %d %s", sub, code, out)
		}
	}
	if out, code := run(t, "user", "unlock", "--data", data, "nobody"); code == 0 {
		t.Errorf("unknown user: %s", out)
	}
	out, code = run(t, "audit", "verify", "--data", data)
	if code != 0 {
		t.Fatal(out)
	}
	if out, code := run(t, "migrate", "--data", data); code != 0 || !strings.Contains(out, "最新") {
		t.Errorf("migrate: %d %s", code, out)
	}
}
