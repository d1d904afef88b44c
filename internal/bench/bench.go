// Package bench answers "how fast, how big" with figures anyone can
// reproduce: it generates a city at a scale through the code paths users'
// imports and API calls take, drives a real server process over HTTP, and
// measures, in the same run, a floor — the same inserts and queries done
// directly on the database through the same driver, with no HTTP,
// permission or audit work — so that every figure is read as a ratio that
// a noisy machine still makes comparable.
package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Scales the bench generates.
var Scales = map[string]int{"city": 1, "prefecture": 10, "province": 100}

// Config is what the operator chooses.
type Config struct {
	Scale      string // city, prefecture, province
	DB         string // PostgreSQL URL; empty for SQLite in Dir
	Dir        string // data directory (created; must be empty)
	Binary     string // the troika binary to run as the server
	Clients    int    // concurrent clients for intake and load
	Duration   time.Duration
	ImportRows int
	Log        io.Writer
}

// Row is one measured figure beside its floor.
type Row struct {
	Name      string  `json:"name"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Floor     float64 `json:"floor,omitempty"`
	Ratio     float64 `json:"ratio,omitempty"` // value ÷ floor (rates) or floor ÷ value (times): 1 is as fast as the floor
	Goal      string  `json:"goal,omitempty"`
	Met       *bool   `json:"met,omitempty"`
	Note      string  `json:"note,omitempty"`
	HigherBet bool    `json:"-"`
}

// Report is a whole run.
type Report struct {
	Scale    string    `json:"scale"`
	Database string    `json:"database"`
	Machine  string    `json:"machine"`
	Started  time.Time `json:"started"`
	Rows     []Row     `json:"rows"`
	// log hears each row as it is measured, so that a long run (the
	// province takes hours) leaves its figures even when it is stopped.
	log io.Writer
}

func (r *Report) add(row Row) {
	r.Rows = append(r.Rows, row)
	if r.log != nil {
		fmt.Fprint(r.log, "  "+row.markdown())
	}
}

// rate records a throughput (higher is better) beside its floor rate.
func (r *Report) rate(name string, v, floor float64, unit, goal string, met *bool) {
	row := Row{Name: name, Value: v, Unit: unit, Floor: floor, Goal: goal, Met: met, HigherBet: true}
	if floor > 0 {
		row.Ratio = v / floor
	}
	r.add(row)
}

// latency records a time (lower is better) beside its floor time.
func (r *Report) latency(name string, v, floor time.Duration, goal string, met *bool) {
	row := Row{Name: name, Value: ms(v), Unit: "ms", Floor: ms(floor), Goal: goal, Met: met}
	if v > 0 && floor > 0 {
		row.Ratio = float64(floor) / float64(v)
	}
	r.add(row)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func boolp(b bool) *bool { return &b }

// Markdown renders the report as a table.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### troika bench — %s, %s, %s\n\n", r.Scale, r.Database, r.Machine)
	b.WriteString("| measure | value | floor | ratio | goal | met |\n|---|---:|---:|---:|---|---|\n")
	for _, row := range r.Rows {
		b.WriteString(row.markdown())
	}
	return b.String()
}

// markdown is the row as a line of the table.
func (row Row) markdown() string {
	floor, ratio := "", ""
	if row.Floor > 0 {
		floor = fmt.Sprintf("%.4g %s", row.Floor, row.Unit)
		ratio = fmt.Sprintf("%.2f", row.Ratio)
	}
	met := ""
	if row.Met != nil {
		met = map[bool]string{true: "yes", false: "**no**"}[*row.Met]
	}
	name := row.Name
	if row.Note != "" {
		name += " (" + row.Note + ")"
	}
	return fmt.Sprintf("| %s | %.4g %s | %s | %s | %s | %s |\n", name, row.Value, row.Unit, floor, ratio, row.Goal, met)
}

// JSON renders the report for machines.
func (r *Report) JSON() ([]byte, error) { return json.MarshalIndent(r, "", "  ") }

func machine() string {
	return fmt.Sprintf("%s/%s, %d cores, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
}

// percentile returns the p-th percentile (0–100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}
