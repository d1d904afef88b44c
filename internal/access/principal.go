package access

import (
	"context"
)

// Principal is the signed-in user as a request sees it: the role says what
// they may do and OrgPath which subtree they may see.
type Principal struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        Role
	OrgID       int64
	OrgName     string
	OrgPath     string
	MustChange  bool
	SessionID   string // empty for personal access tokens
	CSRF        string
	Via         string // "cookie", "bearer" or "token"
}

// Can reports whether the principal holds p.
func (p *Principal) Can(perm Permission) bool {
	return p != nil && !p.MustChange && p.Role.Can(perm)
}

// ScopeLike returns the LIKE pattern that matches the principal's
// organization subtree, for `path LIKE ?`.
func (p *Principal) ScopeLike() string { return ScopeLike(p.OrgPath) }

// ScopeLike returns the LIKE pattern for the subtree rooted at path. Paths
// hold only digits and '/', so nothing needs escaping.
func ScopeLike(path string) string { return path + "%" }

// InScope reports whether an organization path lies in the principal's
// subtree.
func (p *Principal) InScope(path string) bool {
	return len(path) >= len(p.OrgPath) && path[:len(p.OrgPath)] == p.OrgPath
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal on ctx, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
