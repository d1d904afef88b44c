package web

import (
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestPagingFrom(t *testing.T) {
	for _, c := range []struct {
		query      string
		page, size int
	}{
		{"", 1, DefaultPageSize},
		{"page=3&size=50", 3, 50},
		{"page=0", 1, DefaultPageSize},
		{"page=-7", 1, DefaultPageSize},
		{"page=abc&size=x", 1, DefaultPageSize},
		{"page=2.5", 1, DefaultPageSize},
		{"page=99999999999999999999999", 1, DefaultPageSize},
		{"page=100001", 100000, DefaultPageSize},
		{"size=0", 1, DefaultPageSize},
		{"size=-1", 1, DefaultPageSize},
		{"size=201", 1, MaxPageSize},
		{"size=200", 1, MaxPageSize},
		{"size=1", 1, 1},
	} {
		r := httptest.NewRequest("GET", "/orgs?"+c.query, nil)
		p := PagingFrom(r)
		if p.Page != c.page || p.Size != c.size {
			t.Errorf("%q: page %d size %d, want %d %d", c.query, p.Page, p.Size, c.page, c.size)
		}
		if p.Offset() != (c.page-1)*c.size {
			t.Errorf("%q: offset %d", c.query, p.Offset())
		}
	}
}

func TestNewPager(t *testing.T) {
	r := httptest.NewRequest("GET", "/orgs/search?q=%E4%B8%9C%E9%A3%8E&page=2&size=20", nil)
	pg := NewPager(r, Paging{Page: 2, Size: 20}, 45)
	if pg.Pages != 3 || pg.First != 21 || pg.Last != 40 || pg.Total != 45 {
		t.Fatalf("pager %+v", pg)
	}
	for name, link := range map[string]string{"prev": pg.Prev, "next": pg.Next} {
		u, err := url.Parse(link)
		if err != nil || u.Path != "/orgs/search" || u.Query().Get("q") != "东风" || u.Query().Get("size") != "20" {
			t.Errorf("%s link %q loses the query", name, link)
		}
	}
	if u, _ := url.Parse(pg.Prev); u.Query().Get("page") != "1" {
		t.Errorf("prev %q", pg.Prev)
	}
	if u, _ := url.Parse(pg.Next); u.Query().Get("page") != "3" {
		t.Errorf("next %q", pg.Next)
	}

	last := NewPager(r, Paging{Page: 3, Size: 20}, 45)
	if last.First != 41 || last.Last != 45 || last.Next != "" || last.Prev == "" {
		t.Errorf("last page %+v", last)
	}
	empty := NewPager(r, Paging{Page: 1, Size: 20}, 0)
	if empty.Pages != 1 || empty.First != 0 || empty.Last != 0 || empty.Prev != "" || empty.Next != "" {
		t.Errorf("empty %+v", empty)
	}
	exact := NewPager(r, Paging{Page: 1, Size: 20}, 40)
	if exact.Pages != 2 || exact.Last != 20 || exact.Next == "" {
		t.Errorf("exact %+v", exact)
	}
}
