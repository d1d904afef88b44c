package imports

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"os"

	"troika/internal/xlsx"
)

// spool keeps the rows that pass one read, in a compact form in a
// temporary file beside the upload, so that pass two need not parse the
// workbook's XML a second time (the parse is most of an import's time).
// It holds one row at a time in memory.
type spool struct {
	f    *os.File
	w    *bufio.Writer
	keys []string
	buf  []byte
}

func newSpool(dir string, cols []xlsx.Column) (*spool, error) {
	f, err := os.CreateTemp(dir, "import-*.rows")
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = c.Key
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 256<<10), keys: keys}, nil
}

// add appends a row: its number, then each column's value in column order.
func (s *spool) add(row xlsx.Row) error {
	b := binary.AppendUvarint(s.buf[:0], uint64(row.Num))
	for _, k := range s.keys {
		v := row.Get(k)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	s.buf = b
	_, err := s.w.Write(b)
	return err
}

// each reads the rows back in order.
func (s *spool) each(fn func(xlsx.Row) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(s.f, 256<<10)
	for {
		num, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		vals := make(map[string]string, len(s.keys))
		for _, k := range s.keys {
			n, err := binary.ReadUvarint(r)
			if err != nil {
				return io.ErrUnexpectedEOF
			}
			if n == 0 {
				continue
			}
			if n > xlsx.MaxUpload {
				return errors.New("import spool: corrupt length")
			}
			v := make([]byte, n)
			if _, err := io.ReadFull(r, v); err != nil {
				return err
			}
			vals[k] = string(v)
		}
		if err := fn(xlsx.NewRow(int(num), vals)); err != nil {
			return err
		}
	}
}

func (s *spool) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
