package scheme

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// Offices break a work plan down in an Excel table — one measure a row,
// with its plan, key task, owner and deadline. Importing it sets up the
// plans it names (or adds to a plan of the same name and year that has no
// progress yet), all rows or none.
func init() {
	imports.Register(imports.Spec{
		Kind:  "plans",
		Title: "scheme.import_title",
		Perm:  access.PermRatingManage,
		Back:  "/plans",
		Columns: []xlsx.Column{
			{Key: "plan", Header: "方案名称", Aliases: []string{"工作方案"}, Required: true, Example: "“基层建设年”活动工作方案", Width: 28},
			{Key: "year", Header: "年度", Required: true, Example: "2022", Note: "四位年份", Width: 8},
			{Key: "task", Header: "重点工作", Aliases: []string{"重点任务"}, Required: true, Example: "抓班子强队伍", Width: 24},
			{Key: "measure", Header: "具体措施", Aliases: []string{"措施"}, Required: true, Example: "开展村党组织书记全员轮训", Width: 36},
			{Key: "owner", Header: "责任单位", Aliases: []string{"牵头单位"}, Required: true, Example: "市委组织部", Width: 18},
			{Key: "deadline", Header: "完成时限", Aliases: []string{"完成时间"}, Required: true, Example: "2022-06-30", Note: "如 2022-06-30、2022/6/30、2022年6月30日", Width: 12},
		},
		Prepare: func(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
			return &planImport{db: db, p: p, plans: map[string]int64{}, tasks: map[string]int64{}}, nil
		},
	})
}

type planImport struct {
	db      *store.DB
	p       *access.Principal
	plans   map[string]int64 // name|year -> plan id
	tasks   map[string]int64 // plan id|title -> task id
	created []int64
}

// row reads a measure; errs names what is wrong with it.
func (s *planImport) row(r xlsx.Row) (name string, year int, m Measure, task string, errs []xlsx.RowError) {
	bad := func(key, header, reason string) {
		errs = append(errs, xlsx.RowError{Row: r.Num, Column: header, Value: r.Get(key), Reason: reason})
	}
	name, task = r.Get("plan"), r.Get("task")
	m = Measure{Title: r.Get("measure"), Owner: r.Get("owner")}
	for _, f := range []struct {
		key, header, val string
		max              int
	}{{"plan", "方案名称", name, 60}, {"task", "重点工作", task, 200}, {"measure", "具体措施", m.Title, 300}, {"owner", "责任单位", m.Owner, 60}} {
		switch {
		case f.val == "":
			bad(f.key, f.header, i18n.T("field.required"))
		case utf8.RuneCountInString(f.val) > f.max:
			bad(f.key, f.header, i18n.T("field.max_len", f.max))
		}
	}
	y, err := strconv.Atoi(strings.TrimSuffix(r.Get("year"), "年"))
	if err != nil || y < 2000 || y > 2200 {
		bad("year", "年度", i18n.T("scheme.year_range"))
	}
	year = y
	if d, ok := xlsx.ParseDate(r.Get("deadline")); ok {
		m.Deadline = d.Format("2006-01-02")
	} else {
		bad("deadline", "完成时限", i18n.T("field.date_format"))
	}
	return
}

func (s *planImport) Check(r xlsx.Row) []xlsx.RowError {
	name, year, _, _, errs := s.row(r)
	if len(errs) > 0 {
		return errs
	}
	// A plan already kept may grow only while no measure reported progress.
	var reported int
	err := s.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM plan_measures m JOIN plan_tasks t ON t.id = m.task_id JOIN plans pl ON pl.id = t.plan_id
		JOIN orgs o ON o.id = pl.org_id WHERE pl.name = ? AND pl.year = ? AND o.path LIKE ? AND m.updated_by <> ''`, name, year, s.p.ScopeLike()).Scan(&reported)
	if err != nil {
		return []xlsx.RowError{{Row: r.Num, Column: "方案名称", Reason: i18n.T("import.internal")}}
	}
	if reported > 0 {
		return []xlsx.RowError{{Row: r.Num, Column: "方案名称", Value: name, Reason: i18n.T("scheme.plan_frozen")}}
	}
	return nil
}

func (s *planImport) Insert(ctx context.Context, tx *store.Tx, r xlsx.Row) error {
	name, year, m, task, errs := s.row(r)
	if len(errs) > 0 {
		return &imports.RowFailure{RowError: errs[0]}
	}
	now := store.Millis(time.Now())
	key := name + "|" + strconv.Itoa(year)
	pid, ok := s.plans[key]
	if !ok {
		err := tx.QueryRowContext(ctx, `SELECT pl.id FROM plans pl JOIN orgs o ON o.id = pl.org_id WHERE pl.name = ? AND pl.year = ? AND o.path LIKE ? ORDER BY pl.id LIMIT 1`,
			name, year, s.p.ScopeLike()).Scan(&pid)
		if store.IsNoRows(err) {
			if err := tx.QueryRowContext(ctx, `INSERT INTO plans (org_id, name, year, note, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?) RETURNING id`,
				s.p.OrgID, name, year, now, now).Scan(&pid); err != nil {
				return err
			}
			s.created = append(s.created, pid)
		} else if err != nil {
			return err
		}
		s.plans[key] = pid
	}
	tkey := strconv.FormatInt(pid, 10) + "|" + task
	tid, ok := s.tasks[tkey]
	if !ok {
		err := tx.QueryRowContext(ctx, `SELECT id FROM plan_tasks WHERE plan_id = ? AND title = ?`, pid, task).Scan(&tid)
		if store.IsNoRows(err) {
			if err := tx.QueryRowContext(ctx, `INSERT INTO plan_tasks (plan_id, sort, title) VALUES (?, (SELECT COUNT(*) FROM plan_tasks WHERE plan_id = ?), ?) RETURNING id`,
				pid, pid, task).Scan(&tid); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		s.tasks[tkey] = tid
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO plan_measures (task_id, sort, title, owner, deadline, progress, updated_at)
		VALUES (?, (SELECT COUNT(*) FROM plan_measures WHERE task_id = ?), ?, ?, ?, 0, ?)`, tid, tid, m.Title, m.Owner, m.Deadline, now)
	return err
}

func (s *planImport) Finish(ctx context.Context, tx *store.Tx, rows int) error {
	var ids []int64
	for _, id := range s.plans {
		ids = append(ids, id)
	}
	return audit.Record(ctx, tx, audit.Event{Action: "plan.import", ObjectType: "plan",
		Detail: map[string]any{"rows": rows, "plan_ids": ids, "created": s.created}})
}
