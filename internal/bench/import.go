package bench

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"troika/internal/idcard"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// MemberWorkbook writes n valid roster rows for the organizations given, in
// the import template's own columns. ID numbers use a region the demo city
// does not, so none collides with the roll.
func MemberWorkbook(n int, orgCodes []string) ([]byte, error) {
	spec, ok := imports.Lookup("members")
	if !ok {
		return nil, fmt.Errorf("no members import registered")
	}
	headers := make([]string, len(spec.Columns))
	for i, c := range spec.Columns {
		headers[i] = c.Header
	}
	rnd := rand.New(rand.NewPCG(7, 11))
	surnames := []rune("金朴李崔郑姜张王刘赵孙许韩文玄全黄吴陈高")
	given := []string{"明哲", "成浩", "春梅", "英爱", "光日", "永哲", "顺姬", "海燕", "立新", "东植", "美玉", "京浩"}
	var buf bytes.Buffer
	err := xlsx.Write(&buf, xlsx.Sheet{Name: "党员", Headers: headers, Rows: func(emit func(...any) error) error {
		base := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < n; i++ {
			birth := base.AddDate(0, 0, i/900)
			first17 := "220102" + birth.Format("20060102") + fmt.Sprintf("%03d", i%900)
			id := first17 + string(idcard.CheckDigit(first17))
			gender := "女"
			if (first17[16]-'0')%2 == 1 {
				gender = "男"
			}
			eth := "汉族"
			if rnd.IntN(3) == 0 {
				eth = "朝鲜族"
			}
			vals := map[string]string{
				"name": string(surnames[rnd.IntN(len(surnames))]) + given[rnd.IntN(len(given))], "gender": gender, "ethnicity": eth,
				"birth_date": birth.Format("2006-01-02"), "id_number": id, "phone": "139" + fmt.Sprintf("%08d", i),
				"education": "大学本科", "occupation": "职工", "joined_on": birth.AddDate(25, 0, 0).Format("2006-01-02"),
				"full_on": birth.AddDate(26, 0, 0).Format("2006-01-02"), "category": "正式党员", "has_post": "否", "mobile": "否",
				"org_code": orgCodes[i%len(orgCodes)],
			}
			cells := make([]any, len(spec.Columns))
			for j, c := range spec.Columns {
				cells[j] = vals[c.Key]
			}
			if err := emit(cells...); err != nil {
				return err
			}
		}
		return nil
	}})
	return buf.Bytes(), err
}

// benchImport uploads a roster workbook through the import API, watching the
// server's memory, and compares with inserting the same number of rows
// directly.
func benchImport(ctx context.Context, cfg Config, srv *server, db *store.DB, rep *Report) error {
	rows, err := db.QueryContext(ctx, `SELECT code FROM orgs WHERE kind = 'branch' AND dissolved = FALSE ORDER BY id`)
	if err != nil {
		return err
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		codes = append(codes, c)
	}
	rows.Close()
	book, err := MemberWorkbook(cfg.ImportRows, codes)
	if err != nil {
		return err
	}
	_, peakBefore := srv.rss()
	var job struct {
		ID      int64  `json:"id"`
		Status  string `json:"status"`
		Done    int    `json:"done"`
		Message string `json:"message"`
	}
	start := time.Now()
	if err := srv.upload("/api/v1/imports/members", "roster.xlsx", book, &job); err != nil {
		return err
	}
	for job.Status != "done" && job.Status != "failed" {
		time.Sleep(100 * time.Millisecond)
		if err := srv.json(ctx, "GET", "/api/v1/imports/"+strconv.FormatInt(job.ID, 10), nil, &job); err != nil {
			return err
		}
	}
	took := time.Since(start)
	if job.Status != "done" {
		return fmt.Errorf("import failed: %s", job.Message)
	}
	_, peak := srv.rss()
	rate := float64(cfg.ImportRows) / took.Seconds()

	floor, err := floorInsert(ctx, db, cfg.ImportRows)
	if err != nil {
		return err
	}
	rep.rate(fmt.Sprintf("Excel import of %d members", cfg.ImportRows), rate, floor, "rows/s", "≥ 10000 rows/s", boolp(rate >= 10000))
	growth := peak - peakBefore
	if growth < 0 {
		growth = 0
	}
	rep.add(Row{Name: "server peak memory during the import", Value: peak, Unit: "MiB", Goal: "< 200 MiB", Met: boolp(peak < 200),
		Note: fmt.Sprintf("+%.0f MiB over the peak before", growth)})
	return nil
}

// floorInsert inserts n member-shaped rows into a scratch copy of the table
// in one transaction, one statement a row, and returns rows per second.
func floorInsert(ctx context.Context, db *store.DB, n int) (float64, error) {
	if _, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS bench_floor_members`); err != nil {
		return 0, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_floor_members (org_id BIGINT, name TEXT, name_key TEXT, gender TEXT,
		ethnicity TEXT, birth_date TEXT, id_enc TEXT, id_hash TEXT, id_mask TEXT, phone_enc TEXT, phone_hash TEXT, phone_mask TEXT,
		joined_on TEXT, category TEXT, created_at BIGINT)`); err != nil {
		return 0, err
	}
	defer db.ExecContext(context.Background(), `DROP TABLE IF EXISTS bench_floor_members`) //nolint:errcheck
	start := time.Now()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			s := strconv.Itoa(i)
			if _, err := tx.ExecContext(ctx, `INSERT INTO bench_floor_members VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				1, "金明哲", "6a696e", "male", "朝鲜族", "1980-01-01", "v1:sealed-id-"+s, "hash-id-"+s, "2201**********0000",
				"v1:sealed-phone-"+s, "hash-phone-"+s, "139****0000", "2005-01-01", "full", time.Now().UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
