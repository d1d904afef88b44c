package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"troika/internal/cli"
	"troika/internal/testenv"
)

// TestMain runs the server when re-executed as a child, and the tests
// otherwise.
func TestMain(m *testing.M) {
	if args := os.Getenv("TROIKA_FAULTS_CHILD"); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			panic(err)
		}
		os.Exit(cli.Run(argv, io.Discard, os.Stderr))
	}
	testenv.Main(m)
}

// child is a troika serve process.
type child struct {
	cmd   *exec.Cmd
	url   string
	token string
	t     testing.TB
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serve starts the server on a data directory (and database, if db is set).
func serve(t testing.TB, dir, db string) *child {
	t.Helper()
	addr := freeAddr(t)
	argv := []string{"serve", "--data", dir, "--addr", addr}
	if db != "" {
		argv = append(argv, "--db", db)
	}
	b, _ := json.Marshal(argv)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TROIKA_FAULTS_CHILD="+string(b))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, url: "http://" + addr, t: t}
	t.Cleanup(func() { c.kill() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(c.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return c
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", stderr.String())
	return nil
}

// kill ends the server with SIGKILL: no shutdown, no flush, no goodbye.
func (c *child) kill() {
	if c.cmd.Process != nil && c.cmd.ProcessState == nil {
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
	}
}

func (c *child) login(user, password string) {
	c.t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	if code := c.json("POST", "/api/v1/auth/login", map[string]string{"username": user, "password": password}, &out); code != 200 {
		c.t.Fatalf("login %s: %d", user, code)
	}
	c.token = out.Token
}

// json sends a request and decodes the answer; it returns the status, or 0
// when the server did not answer.
func (c *child) json(method, path string, body, out any) int {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, c.url+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		_ = json.Unmarshal(b, out)
	}
	return resp.StatusCode
}

func (c *child) upload(path, name string, data []byte, out any) int {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.url+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, out)
	return resp.StatusCode
}

// run runs a troika command in this process and returns its output.
func run(t testing.TB, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(args, &out, &errb)
	return out.String() + errb.String(), code
}

var credRe = regexp.MustCompile(`(?m)^\s+staff\s+(\S+)`)

// demoCity fills dir with the demo city and returns the staff password.
func demoCity(t testing.TB, dir string, extra ...string) string {
	t.Helper()
	out, code := run(t, append([]string{"demo", "--data", dir}, extra...)...)
	m := credRe.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("demo: %d %s", code, out)
	}
	return m[1]
}

func must(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Fatalf(format, args...)
	}
}
