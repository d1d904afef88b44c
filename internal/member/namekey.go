package member

import (
	"encoding/hex"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A collator is not safe for concurrent use; a pool keeps one per
// goroutine that needs it.
var collators = sync.Pool{New: func() any { return &keyer{c: collate.New(language.Chinese)} }}

type keyer struct {
	c   *collate.Collator
	buf collate.Buffer
}

// NameKey is the pinyin collation key of a name, hex-encoded so that byte
// order (SQLite's BINARY, PostgreSQL's "C") is pinyin order.
func NameKey(name string) string {
	k := collators.Get().(*keyer)
	key := hex.EncodeToString(k.c.KeyFromString(&k.buf, name))
	k.buf.Reset()
	collators.Put(k)
	return key
}

func mustDate(s string) time.Time {
	d, err := time.Parse(day, s)
	if err != nil {
		return time.Time{}
	}
	return d
}
