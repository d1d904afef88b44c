// Package i18n is the one catalog of user-facing strings. The UI speaks
// zh-CN; code and templates refer to strings by key.
package i18n

import "fmt"

// zhCN is the catalog, merged at start-up from the per-domain files.
var zhCN = map[string]string{}

// add merges a domain's strings into the catalog; a key defined twice is a
// programming error caught at start-up.
func add(m map[string]string) {
	for k, v := range m {
		if _, dup := zhCN[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		zhCN[k] = v
	}
}

// T returns the string for key, formatted with args when given. A missing
// key returns the key itself so that it shows up on screen and in the
// catalog test rather than as an empty label.
func T(key string, args ...any) string {
	s, ok := zhCN[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether the catalog holds key.
func Has(key string) bool {
	_, ok := zhCN[key]
	return ok
}

// Keys returns every key in the catalog.
func Keys() []string {
	out := make([]string, 0, len(zhCN))
	for k := range zhCN {
		out = append(out, k)
	}
	return out
}
