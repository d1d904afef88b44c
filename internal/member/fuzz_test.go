package member

import (
	"strings"
	"testing"
	"time"

	"troika/internal/fault"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/xlsx"
)

func fuzzChecker(t testing.TB) checker {
	keys, err := personal.NewKeyring([]byte("member-fuzz-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 6, 2, 4, 0, 0, 0, time.UTC)
	return checker{keys: keys, now: now, today: "2025-06-02"}
}

// The ID number as the form and the import read it: never a panic; a
// number that passes is 18 characters with a right check digit, and the
// birth date and gender stored are the ones it encodes.
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{MakeID("222405", "19850312", 3, true), "22240519850312003X", "222405850312003", " 222405198503120031 ",
		"2224051985031200x1", "", "123", "22240520250230001X", "222405190001010011"} {
		f.Add(s)
	}
	c := fuzzChecker(f)
	f.Fuzz(func(t *testing.T, s string) {
		in := Input{Name: "金明哲", Ethnicity: "10", IDNumber: s, JoinedOn: "2024-01-01", Category: Full}
		pd, err := c.check(&in, "")
		idBad := false
		if e, ok := fault.As(err); ok {
			for _, fe := range e.Fields {
				idBad = idBad || fe.Field == "id_number"
				if fe.Message == "" || fe.Label == "" {
					t.Fatalf("field error without words: %+v", fe)
				}
			}
		}
		if idBad {
			return
		}
		n := pd.idNumber
		if len(n) != 18 || idcard.CheckDigit(n[:17]) != n[17] {
			t.Fatalf("%q accepted as %q", s, n)
		}
		if pd.rec.Birth != n[6:10]+"-"+n[10:12]+"-"+n[12:14] || pd.rec.Birth > c.today {
			t.Fatalf("%q: birth %s", s, pd.rec.Birth)
		}
		if male := (n[16]-'0')%2 == 1; male != (pd.rec.Gender == "male") {
			t.Fatalf("%q: gender %s", s, pd.rec.Gender)
		}
		if t15 := strings.TrimSpace(s); len(t15) == 15 && n != t15[:6]+"19"+t15[6:]+string(idcard.CheckDigit(t15[:6]+"19"+t15[6:])) {
			t.Fatalf("15-digit %q converted to %q", s, n)
		}
	})
}

// A workbook row: never a panic; every error names the row, a column and
// a reason; a row that passes is one the writing pass reads the same way,
// and what it would write keeps the roster's rules.
func FuzzImportRow(f *testing.F) {
	f.Add("金明哲", "男", "朝鲜族", "1985-03-12", MakeID("222405", "19850312", 3, true), "13843312345", "大学本科", "2008-07-01", "2009-07-01", "正式党员", "否", "否", "", "TA01")
	f.Add("李春梅", "", "汉", "", MakeID("222401", "19900101", 4, false), "", "", "2024/5/1", "", "预备党员", "", "是", "韩国首尔", "ta01")
	f.Add("", "女", "火星族", "2099-01-01", "123", "1", "博士后", "45000", "1900-01-01", "积极分子", "也许", "x", "", "ZZ")
	c := fuzzChecker(f)
	f.Fuzz(func(t *testing.T, name, gender, eth, birth, id, phone, edu, joined, full, cat, hasPost, mobile, mobileTo, code string) {
		is := &importSession{c: c, cols: map[string]string{}, orgs: map[string]orgRef{"TA01": {id: 7, ok: true}, "TA00": {id: 6, msg: "x"}},
			existing: map[[32]byte]struct{}{}, seen: map[[32]byte]int32{}}
		for _, col := range importColumns() {
			is.cols[col.Key] = col.Header
		}
		is.cols["org_id"] = is.cols["org_code"]
		row := xlsx.NewRow(5, map[string]string{"name": name, "gender": gender, "ethnicity": eth, "birth_date": birth, "id_number": id,
			"phone": phone, "education": edu, "joined_on": joined, "full_on": full, "category": cat, "has_post": hasPost,
			"mobile": mobile, "mobile_to": mobileTo, "org_code": code})
		errs := is.Check(row)
		for _, e := range errs {
			if e.Row != 5 || e.Column == "" || e.Reason == "" {
				t.Fatalf("error without row, column or reason: %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		in, org, errs2 := is.rowInput(row)
		pd, err := is.c.check(&in, "")
		if err != nil || len(errs2) > 0 || org.id != 7 {
			t.Fatalf("passed the check but not the writing pass: %v %v", err, errs2)
		}
		r := pd.rec
		if r.JoinedOn == "" || r.JoinedOn > c.today || r.FullOn > c.today || (r.FullOn != "" && r.FullOn < r.JoinedOn) ||
			r.Name == "" || !r.Category.Valid() || (r.Mobile && r.MobileTo == "") || (!r.HasPost && r.Post != "") {
			t.Fatalf("row breaks a rule: %+v", r)
		}
		if ageOn(r.Birth, r.JoinedOn) < 18 {
			t.Fatalf("joined at %d", ageOn(r.Birth, r.JoinedOn))
		}
		// The same ID number again is a duplicate within the file.
		row2 := xlsx.NewRow(6, map[string]string{"name": name, "gender": gender, "ethnicity": eth, "birth_date": birth, "id_number": id,
			"phone": phone, "education": edu, "joined_on": joined, "full_on": full, "category": cat, "has_post": hasPost,
			"mobile": mobile, "mobile_to": mobileTo, "org_code": code})
		dup := false
		for _, e := range is.Check(row2) {
			dup = dup || strings.Contains(e.Reason, "第 5 行")
		}
		if !dup {
			t.Fatal("a repeated ID number is not reported")
		}
	})
}
