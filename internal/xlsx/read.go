package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

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
	maxXMLInMemory    = 16 << 20  // a larger sheet streams through a temp file
	maxHeaderScanRows = 10
)

// Reader reads the data rows of a workbook's first sheet, one at a time.
type Reader struct {
	f     *excelize.File
	rows  *excelize.Rows
	index map[string]int // column key -> cell index
	num   int            // 1-based sheet row of the last row read
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
// an error naming them.
func Open(r io.Reader, cols []Column) (*Reader, error) {
	// Raw cell values: a date cell comes as its serial day number, which
	// ParseDate reads, rather than in its display format (excelize shows
	// the common built-in date format 14 as "07-01-08", which no one can
	// read back as a date).
	f, err := excelize.OpenReader(io.LimitReader(r, MaxUpload+1), excelize.Options{
		UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxXMLInMemory, RawCellValue: true,
	})
	if err != nil {
		return nil, invalidFile(i18n.T("xlsx.not_xlsx"))
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, invalidFile(i18n.T("xlsx.no_sheet"))
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, invalidFile(i18n.T("xlsx.not_xlsx"))
	}
	rd := &Reader{f: f, rows: rows}
	var missing []string
	for rd.num < maxHeaderScanRows && rows.Next() {
		rd.num++
		cells, err := rows.Columns()
		if err != nil {
			rd.Close()
			return nil, invalidFile(i18n.T("xlsx.not_xlsx"))
		}
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
	for rd.rows.Next() {
		rd.num++
		cells, err := rd.rows.Columns()
		if err != nil {
			return Row{}, false, invalidFile(i18n.T("xlsx.not_xlsx"))
		}
		row := Row{Num: rd.num, vals: make(map[string]string, len(rd.index))}
		for key, i := range rd.index {
			if i < len(cells) {
				row.vals[key] = strings.TrimSpace(cells[i])
			}
		}
		if !row.Blank() {
			return row, true, nil
		}
	}
	return Row{}, false, rd.rows.Error()
}

// Close releases the workbook.
func (rd *Reader) Close() error {
	if rd.rows != nil {
		rd.rows.Close()
	}
	return rd.f.Close()
}

// ParseDate reads the date forms that offices type: 2022-05-01, 2022/5/1,
// 2022.5.1, 2022年5月1日, 20220501, and Excel's date serial numbers.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")
	norm := r.Replace(s)
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
