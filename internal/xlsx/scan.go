package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner is a small streaming XML tokenizer for the parts of a workbook:
// start and end tags with their attributes, and character data. It knows
// only what SpreadsheetML uses — no DTDs, no CDATA nesting tricks — and
// never holds more than one token, so a sheet of any length streams through
// in constant memory. Names are reduced to their local part (x:row → row).
type scanner struct {
	r    *bufio.Reader
	buf  []byte
	err  error
	kind tokKind
	name []byte
	// attrs holds name/value pairs of the last start tag, values unescaped.
	attrs [][2][]byte
	text  []byte
	self  bool // the last start tag closed itself (<c r="A1"/>)
}

type tokKind int

const (
	tokNone tokKind = iota
	tokStart
	tokEnd
	tokText
)

var errXML = errors.New("malformed XML")

func newScanner(r io.Reader) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// next reads the next token; it returns false at the end or on an error.
func (s *scanner) next() bool {
	if s.err != nil {
		return false
	}
	c, err := s.r.ReadByte()
	if err != nil {
		s.err = err
		return false
	}
	if c != '<' {
		// Character data up to the next tag.
		s.buf = append(s.buf[:0], c)
		for {
			chunk, err := s.r.ReadSlice('<')
			if err == nil {
				s.buf = append(s.buf, chunk[:len(chunk)-1]...)
				_ = s.r.UnreadByte()
				break
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				s.buf = append(s.buf, chunk...)
				continue
			}
			s.buf = append(s.buf, chunk...)
			if err != io.EOF {
				s.err = err
				return false
			}
			break
		}
		s.kind = tokText
		s.text = unescape(s.text[:0], s.buf)
		return true
	}
	// A tag: read to its closing '>' (attribute values never hold a raw
	// '>' in SpreadsheetML writers, but a quoted one is handled).
	s.buf = s.buf[:0]
	quote := byte(0)
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			s.err = errXML
			return false
		}
		if quote != 0 {
			if c == quote {
				quote = 0
			}
		} else if c == '"' || c == '\'' {
			quote = c
		} else if c == '>' {
			break
		}
		s.buf = append(s.buf, c)
		if len(s.buf) > 1<<20 {
			s.err = errXML
			return false
		}
	}
	t := s.buf
	switch {
	case len(t) > 0 && (t[0] == '?' || t[0] == '!'):
		// Declarations and comments: skip (a comment's inner '>' would end
		// it early; SpreadsheetML writers emit none inside sheets).
		return s.next()
	case len(t) > 0 && t[0] == '/':
		s.kind = tokEnd
		s.name = localName(bytes.TrimSpace(t[1:]))
		return true
	}
	s.kind = tokStart
	s.self = len(t) > 0 && t[len(t)-1] == '/'
	if s.self {
		t = t[:len(t)-1]
	}
	i := bytes.IndexAny(t, " \t\r\n")
	if i < 0 {
		s.name = localName(t)
		s.attrs = s.attrs[:0]
		return true
	}
	s.name = localName(t[:i])
	s.attrs = s.attrs[:0]
	rest := t[i:]
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 {
			break
		}
		name := localName(bytes.TrimSpace(rest[:eq]))
		rest = bytes.TrimLeft(rest[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			s.err = errXML
			return false
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end < 0 {
			s.err = errXML
			return false
		}
		s.attrs = append(s.attrs, [2][]byte{name, unescape(nil, rest[1:1+end])})
		rest = rest[end+2:]
	}
	return true
}

// attr returns the value of the named attribute of the last start tag.
func (s *scanner) attr(name string) []byte {
	for _, a := range s.attrs {
		if string(a[0]) == name {
			return a[1]
		}
	}
	return nil
}

func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

func (s *scanner) is(kind tokKind, name string) bool {
	return s.kind == kind && string(s.name) == name
}

// unescape appends src to dst with XML's predefined and numeric character
// references resolved.
func unescape(dst, src []byte) []byte {
	for {
		i := bytes.IndexByte(src, '&')
		if i < 0 {
			return append(dst, src...)
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		j := bytes.IndexByte(src, ';')
		if j < 0 || j > 12 {
			dst = append(dst, '&')
			src = src[1:]
			continue
		}
		ent := string(src[1:j])
		switch ent {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var n uint64
			var err error
			switch {
			case len(ent) > 2 && (ent[:2] == "#x" || ent[:2] == "#X"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errXML
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				dst = append(dst, src[:j+1]...)
			} else {
				dst = utf8.AppendRune(dst, rune(n))
			}
		}
		src = src[j+1:]
	}
}
