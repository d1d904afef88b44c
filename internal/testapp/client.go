package testapp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Client is a signed-in caller: a bearer token for the API and a cookie
// session for the pages.
type Client struct {
	env   *Env
	t     testing.TB
	Token string
	Web   *http.Client
	csrf  string
}

// Login signs username in both ways.
func (e *Env) Login(t testing.TB, username string) *Client {
	t.Helper()
	c := &Client{env: e, t: t}
	res := e.Do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": Password})
	if res.Status != http.StatusOK {
		t.Fatalf("login %s: %d %s", username, res.Status, res.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	res.JSON(t, &out)
	c.Token = out.Token
	jar, _ := cookiejar.New(nil)
	c.Web = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {username}, "password": {Password}}
	resp, err := c.Web.PostForm(e.URL+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("page login %s: %d", username, resp.StatusCode)
	}
	return c
}

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// JSON decodes the body into v.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Do sends a request with an optional bearer token and JSON body.
func (e *Env) Do(t testing.TB, method, path, token string, body any) Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// API calls the JSON API as this client.
func (c *Client) API(method, path string, body any) Response {
	c.t.Helper()
	return c.env.Do(c.t, method, path, c.Token, body)
}

// Page fetches a page with the cookie session.
func (c *Client) Page(path string) Response {
	c.t.Helper()
	resp, err := c.Web.Get(c.env.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Post submits a form with the cookie session and the CSRF token of the
// last page fetched (fetching "/" first if none was).
func (c *Client) Post(path string, form url.Values) Response {
	c.t.Helper()
	if c.csrf == "" {
		c.Page("/account")
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if _, ok := f["_csrf"]; !ok {
		f.Set("_csrf", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.env.URL+path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.env.URL)
	resp, err := c.Web.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}
