package testapp

import (
	"strings"
	"testing"
)

// Scenario is one request and what its answer must and must not contain.
type Scenario struct {
	Name    string
	User    string // "" for no sign-in
	Page    bool   // fetch as a page with the cookie session, else the API
	Method  string
	Path    string
	Body    any
	Status  int
	Want    []string
	WantNot []string
}

// Run runs the scenarios, signing each user in once.
func (e *Env) Run(t *testing.T, scenarios []Scenario) {
	t.Helper()
	clients := map[string]*Client{}
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			var res Response
			method := s.Method
			if method == "" {
				method = "GET"
			}
			var c *Client
			if s.User != "" {
				if c = clients[s.User]; c == nil {
					c = e.Login(t, s.User)
					clients[s.User] = c
				}
				c.t = t
			}
			switch {
			case s.Page && c != nil:
				res = c.Page(s.Path)
			case c != nil:
				res = c.API(method, s.Path, s.Body)
			default:
				res = e.Do(t, method, s.Path, "", s.Body)
			}
			if s.Status != 0 && res.Status != s.Status {
				t.Errorf("%s %s as %q: status %d, want %d; body: %.400s", method, s.Path, s.User, res.Status, s.Status, res.Body)
			}
			for _, w := range s.Want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("%s %s as %q: body lacks %q; body: %.400s", method, s.Path, s.User, w, res.Body)
				}
			}
			for _, w := range s.WantNot {
				if strings.Contains(res.Body, w) {
					t.Errorf("%s %s as %q: body must not contain %q", method, s.Path, s.User, w)
				}
			}
		})
	}
}
