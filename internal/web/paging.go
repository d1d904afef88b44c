package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// Paging is a page request: 1-based page number and page size.
type Paging struct {
	Page int
	Size int
}

// DefaultPageSize and MaxPageSize bound every list.
const (
	DefaultPageSize = 20
	MaxPageSize     = 200
)

// PagingFrom reads ?page= and ?size=, clamped to sane values.
func PagingFrom(r *http.Request) Paging {
	p := Paging{Page: atoiOr(r.URL.Query().Get("page"), 1), Size: atoiOr(r.URL.Query().Get("size"), DefaultPageSize)}
	if p.Page < 1 {
		p.Page = 1
	}
	if p.Page > 100000 {
		p.Page = 100000
	}
	if p.Size < 1 {
		p.Size = DefaultPageSize
	}
	if p.Size > MaxPageSize {
		p.Size = MaxPageSize
	}
	return p
}

// Offset is the number of rows before this page.
func (p Paging) Offset() int { return (p.Page - 1) * p.Size }

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// Pager is what the page template needs to draw page links.
type Pager struct {
	Page, Size, Total, Pages int
	Prev, Next               string
	First, Last              int
}

// NewPager builds links that keep the current query and change the page.
func NewPager(r *http.Request, p Paging, total int) Pager {
	pages := (total + p.Size - 1) / p.Size
	if pages < 1 {
		pages = 1
	}
	pg := Pager{Page: p.Page, Size: p.Size, Total: total, Pages: pages}
	pg.First = p.Offset() + 1
	pg.Last = p.Offset() + p.Size
	if pg.Last > total {
		pg.Last = total
	}
	if total == 0 {
		pg.First = 0
	}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if p.Page > 1 {
		pg.Prev = link(p.Page - 1)
	}
	if p.Page < pages {
		pg.Next = link(p.Page + 1)
	}
	return pg
}
