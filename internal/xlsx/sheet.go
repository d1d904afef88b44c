package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
)

// sheet streams the rows of a workbook's first worksheet with its own
// tokenizer: the general XML decoders cost several times more per cell, and
// an office's 100k-row roster should import in seconds.
type sheet struct {
	shared []string
	rc     io.ReadCloser
	sc     *scanner
	last   int // row number of the last row read
	cells  []string
}

var errTooBig = errors.New("workbook unzips to more than allowed")

// openSheet opens the first worksheet of an .xlsx held in data.
func openSheet(data []byte) (*sheet, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var total uint64
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		total += f.UncompressedSize64
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if total > maxUnzip {
		return nil, errTooBig
	}
	target, err := firstSheetPath(files)
	if err != nil {
		return nil, err
	}
	sh := &sheet{}
	if f, ok := files["xl/sharedStrings.xml"]; ok {
		if sh.shared, err = readShared(f); err != nil {
			return nil, err
		}
	}
	f, ok := files[target]
	if !ok {
		return nil, errors.New("worksheet part missing")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	sh.rc = rc
	// The declared size may lie; the stream is cut at the limit anyway.
	sh.sc = newScanner(io.LimitReader(rc, maxUnzip))
	return sh, nil
}

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxUnzip+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxUnzip {
		return nil, errTooBig
	}
	return b, nil
}

// firstSheetPath follows the workbook's first <sheet> through its
// relationship to the worksheet part.
func firstSheetPath(files map[string]*zip.File) (string, error) {
	wb, ok := files["xl/workbook.xml"]
	if !ok {
		return "", errors.New("no workbook part")
	}
	b, err := readPart(wb)
	if err != nil {
		return "", err
	}
	sc := newScanner(bytes.NewReader(b))
	rid := ""
	for sc.next() {
		if sc.is(tokStart, "sheet") {
			rid = string(sc.attr("id"))
			break
		}
	}
	if rid == "" {
		return "", errors.New("workbook has no sheet")
	}
	relsFile, ok := files["xl/_rels/workbook.xml.rels"]
	if !ok {
		return "", errors.New("no workbook relationships")
	}
	if b, err = readPart(relsFile); err != nil {
		return "", err
	}
	sc = newScanner(bytes.NewReader(b))
	for sc.next() {
		if sc.is(tokStart, "Relationship") && string(sc.attr("Id")) == rid {
			t := string(sc.attr("Target"))
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(t, "/"), nil
			}
			return path.Clean("xl/" + t), nil
		}
	}
	return "", errors.New("sheet relationship missing")
}

// readShared reads the shared strings: each <si> is the text of its <t>
// elements, phonetic runs (<rPh>) left out.
func readShared(f *zip.File) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := newScanner(io.LimitReader(rc, maxUnzip))
	var out []string
	var cur []byte
	inSI, inT, inPh := false, false, false
	for sc.next() {
		switch {
		case sc.kind == tokStart && string(sc.name) == "si":
			inSI, cur = true, cur[:0]
			if sc.self {
				out = append(out, "")
				inSI = false
			}
		case sc.kind == tokEnd && string(sc.name) == "si":
			out = append(out, string(cur))
			inSI = false
		case sc.kind == tokStart && string(sc.name) == "rPh":
			inPh = !sc.self
		case sc.kind == tokEnd && string(sc.name) == "rPh":
			inPh = false
		case sc.kind == tokStart && string(sc.name) == "t":
			inT = !sc.self
		case sc.kind == tokEnd && string(sc.name) == "t":
			inT = false
		case sc.kind == tokText && inSI && inT && !inPh:
			cur = append(cur, sc.text...)
		}
		if len(out) > maxUnzip/8 {
			return nil, errTooBig
		}
	}
	if sc.err != nil && sc.err != io.EOF {
		return nil, sc.err
	}
	return out, nil
}

// column turns a cell reference's letters into a 0-based column: "C7" → 2.
func column(ref []byte) int {
	n := 0
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			n = n*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			n = n*26 + int(c-'a'+1)
		default:
			return n - 1
		}
		if n > 16384 {
			return -1
		}
	}
	return n - 1
}

// maxColumns bounds a row: Excel has 16,384 columns.
const maxColumns = 16384

// next returns the next row element's number and cell texts (by column,
// gaps empty); ok is false at the end of the sheet.
func (sh *sheet) next() (num int, cells []string, ok bool, err error) {
	sc := sh.sc
	for sc.next() {
		if !sc.is(tokStart, "row") {
			continue
		}
		num = sh.last + 1
		if r := sc.attr("r"); r != nil {
			if n, err := strconv.Atoi(string(r)); err == nil && n > 0 {
				num = n
			}
		}
		sh.last = num
		sh.cells = sh.cells[:0]
		if sc.self {
			return num, sh.cells, true, nil
		}
		if err := sh.readCells(); err != nil {
			return 0, nil, false, err
		}
		return num, sh.cells, true, nil
	}
	if sc.err != nil && sc.err != io.EOF {
		return 0, nil, false, sc.err
	}
	return 0, nil, false, nil
}

// readCells reads the cells of the current row up to </row>.
func (sh *sheet) readCells() error {
	sc := sh.sc
	col := -1
	var typ string
	var val []byte
	inCell, inV, inT, inIs := false, false, false, false
	for sc.next() {
		switch sc.kind {
		case tokStart:
			switch string(sc.name) {
			case "c":
				col++
				if r := sc.attr("r"); r != nil {
					if c := column(r); c >= 0 {
						col = c
					}
				}
				if col >= maxColumns {
					return errXML
				}
				typ = string(sc.attr("t"))
				val = val[:0]
				inCell = !sc.self
			case "v":
				inV = !sc.self
			case "is":
				inIs = !sc.self
			case "t":
				inT = !sc.self
			}
		case tokText:
			if inCell && (inV || inIs && inT) {
				val = append(val, sc.text...)
			}
		case tokEnd:
			switch string(sc.name) {
			case "v":
				inV = false
			case "t":
				inT = false
			case "is":
				inIs = false
			case "c":
				inCell = false
				sh.set(col, typ, val)
			case "row":
				return nil
			}
		}
	}
	if sc.err != nil && sc.err != io.EOF {
		return sc.err
	}
	return nil
}

func (sh *sheet) set(col int, typ string, val []byte) {
	if col < 0 {
		return
	}
	text := string(val)
	if typ == "s" {
		i, err := strconv.Atoi(text)
		if err != nil || i < 0 || i >= len(sh.shared) {
			text = ""
		} else {
			text = sh.shared[i]
		}
	}
	for len(sh.cells) <= col {
		sh.cells = append(sh.cells, "")
	}
	sh.cells[col] = text
}

func (sh *sheet) close() error { return sh.rc.Close() }
