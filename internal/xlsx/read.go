package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// Column is one column of a ledger's workbook.
type Column struct {
	Key      string   // the field it fills
	Header   string   // its Chinese header in the template
	Aliases  []string // other headers that offices use for it
	Required bool
	Example  string // a sample value for the template
	Note     string // what it takes, for the template's notes sheet
	Width    float64
}

// Limits against zip bombs: a workbook may unzip to at most this much.
const (
	MaxUpload         = 64 << 20  // bytes of .xlsx accepted
	maxUnzip          = 512 << 20 // total unzipped
	maxHeaderScanRows = 10
)

// Reader reads the data rows of a workbook's first sheet, one at a time.
type Reader struct {
	sh    *sheet
	index map[string]int // column key -> cell index
	num   int            // sheet row number of the last row read
}

// Row is one data row: its sheet row number and its cells by column key.
type Row struct {
	Num  int
	vals map[string]string
}

// Get returns the trimmed cell of column key.
func (r Row) Get(key string) string { return r.vals[key] }

// Blank reports whether every cell is empty.
func (r Row) Blank() bool {
	for _, v := range r.vals {
		if v != "" {
			return false
		}
	}
	return true
}

// NewRow builds a row by hand (tests, API imports).
func NewRow(num int, vals map[string]string) Row { return Row{Num: num, vals: vals} }

func invalidFile(msg string) error {
	e := fault.New(fault.Invalid, "%s", i18n.T("xlsx.bad_file"))
	e.Fields = []fault.FieldError{{Field: "file", Label: i18n.T("xlsx.file"), Message: msg}}
	return e
}

// Open reads the header row of the first sheet and maps it to cols: the
// header row is the first row (within the first few) that names every
// required column. Unknown columns are ignored; missing required ones are
// an error naming them. Cells are read raw: a date cell comes as its serial
// day number, which ParseDate reads, not in a display format.
func Open(r io.Reader, cols []Column) (*Reader, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUpload+1))
	if err != nil {
		return nil, invalidFile(i18n.T("xlsx.not_xlsx"))
	}
	if len(data) > MaxUpload {
		return nil, invalidFile(i18n.T("xlsx.too_large"))
	}
	sh, err := openSheet(data)
	if err != nil {
		return nil, invalidFile(i18n.T("xlsx.not_xlsx"))
	}
	rd := &Reader{sh: sh}
	var missing []string
	for scanned := 0; scanned < maxHeaderScanRows; scanned++ {
		num, cells, ok, err := sh.next()
		if err != nil {
			rd.Close()
			return nil, invalidFile(i18n.T("xlsx.not_xlsx"))
		}
		if !ok {
			break
		}
		rd.num = num
		idx, miss := matchHeader(cells, cols)
		if len(miss) == 0 {
			rd.index = idx
			return rd, nil
		}
		if missing == nil || len(miss) < len(missing) {
			missing = miss
		}
	}
	rd.Close()
	if missing == nil {
		return nil, invalidFile(i18n.T("xlsx.empty"))
	}
	return nil, invalidFile(i18n.T("xlsx.missing_columns", strings.Join(missing, "、")))
}

func normHeader(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "*")
	s = strings.TrimSuffix(s, "＊")
	return strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\n", "")
}

func matchHeader(cells []string, cols []Column) (map[string]int, []string) {
	pos := map[string]int{}
	for i, c := range cells {
		if h := normHeader(c); h != "" {
			if _, seen := pos[h]; !seen {
				pos[h] = i
			}
		}
	}
	idx := map[string]int{}
	var missing []string
	for _, c := range cols {
		found := false
		for _, name := range append([]string{c.Header}, c.Aliases...) {
			if i, ok := pos[normHeader(name)]; ok {
				idx[c.Key] = i
				found = true
				break
			}
		}
		if !found && c.Required {
			missing = append(missing, c.Header)
		}
	}
	return idx, missing
}

// Next returns the next non-blank data row; ok is false at the end.
func (rd *Reader) Next() (Row, bool, error) {
	for {
		num, cells, ok, err := rd.sh.next()
		if err != nil {
			return Row{}, false, invalidFile(i18n.T("xlsx.not_xlsx"))
		}
		if !ok {
			return Row{}, false, nil
		}
		rd.num = num
		row := Row{Num: num, vals: make(map[string]string, len(rd.index))}
		for key, i := range rd.index {
			if i < len(cells) {
				row.vals[key] = strings.TrimSpace(cells[i])
			}
		}
		if !row.Blank() {
			return row, true, nil
		}
	}
}

// Close releases the workbook.
func (rd *Reader) Close() error { return rd.sh.close() }

// dateSeparators turns the separators offices type into dashes; built once,
// since a roster import parses several dates a row.
var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")

// ParseDate reads the date forms that offices type: 2022-05-01, 2022/5/1,
// 2022.5.1, 2022年5月1日, 20220501, and Excel's date serial numbers.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	norm := dateSeparators.Replace(s)
	for _, layout := range []string{"2006-1-2", "2006-01-02", "20060102", "2006-1-2 15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, norm); err == nil {
			return t, true
		}
	}
	// Excel serial day numbers (1900 date system), as a sheet without a
	// date format shows them.
	var serial float64
	if _, err := fmt.Sscanf(s, "%g", &serial); err == nil && serial > 1 && serial < 2958466 && !strings.ContainsAny(s, "-/") {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(serial)), true
	}
	return time.Time{}, false
}
