package cadre

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/web"
)

// cadreView is the roster's detail page: the record with its history,
// training by year, promotions and reserve-pool entries.
type cadreView struct {
	*regPage
	Posts      []Post
	Training   []TrainingYear
	Promotions []Record
	Reserve    []Record
	Files      []Record
	IDNumber   string
	Age        int64
	Props      []option
}

func (h *handlers) cadreDetail(w http.ResponseWriter, r *http.Request, d *regPage, clear string) error {
	p := access.From(r.Context())
	id := d.Rec.ID
	v := &cadreView{regPage: d, IDNumber: clear, Age: ageOn(d.Rec.String("birth_date"), h.svc.today())}
	for _, k := range []string{"ethnicity", "position", "grade", "post_since", "grade_since", "work_since", "party_since",
		"edu_fulltime", "edu_inservice", "political", "status", "left_on", "note"} {
		if val := d.Rec.Show(k); val != "" {
			f, _ := cadres.field(k)
			v.Props = append(v.Props, option{Value: val, Label: f.Label()})
		}
	}
	var err error
	if v.Posts, err = h.svc.Posts(r.Context(), p, id); err != nil {
		return err
	}
	if v.Training, err = h.svc.Training(r.Context(), p, id); err != nil {
		return err
	}
	by := listFilter{Extra: []string{"x.cadre_id = ?"}, ExtraArg: []any{id}, Limit: 100}
	if v.Promotions, _, err = h.svc.List(r.Context(), p, promotions, by); err != nil {
		return err
	}
	if v.Reserve, _, err = h.svc.List(r.Context(), p, reserve, by); err != nil {
		return err
	}
	if v.Files, _, err = h.svc.List(r.Context(), p, archives, by); err != nil {
		return err
	}
	view := &web.View{Title: d.Rec.String("name"), Data: v}
	if clear != "" {
		view.Flash = i18n.T("cadre.unmasked_flash")
	}
	return h.srv.Render.HTML(w, r, "cadre/cadre", view)
}

// unmask shows the detail page with the ID number in clear: a POST with
// the CSRF token, so no link or prefetch can trigger an audited view.
func (h *handlers) unmask(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	n, err := h.svc.Unmask(r.Context(), p, id)
	if err != nil {
		return err
	}
	rec, err := h.svc.Get(r.Context(), p, cadres, id)
	if err != nil {
		return err
	}
	return h.cadreDetail(w, r, &regPage{R: cadres, Rec: rec}, n)
}

func (h *handlers) apiUnmask(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	n, err := h.svc.Unmask(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "id_number": n})
	return nil
}

func (h *handlers) apiPosts(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	posts, err := h.svc.Posts(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": posts})
	return nil
}

func (h *handlers) apiTraining(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	years, err := h.svc.Training(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": years})
	return nil
}

// YoungAgeKey is the setting holding the age up to which a promoted cadre
// counts as young (seed row 30: 35岁左右).
const YoungAgeKey = "cadre.young_age"

// DefaultYoungAge is used while the setting is absent.
const DefaultYoungAge = 35

// YoungAge reads the threshold.
func YoungAge(ctx context.Context, q store.Querier) (int, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, YoungAgeKey).Scan(&v)
	if store.IsNoRows(err) {
		return DefaultYoungAge, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return DefaultYoungAge, nil
	}
	return n, nil
}

// SetYoungAge changes the threshold; audited.
func (s *Service) SetYoungAge(ctx context.Context, age string) (int, error) {
	n, err := strconv.Atoi(age)
	if err != nil || n < 25 || n > 60 {
		var v fault.Fields
		v.Add("young_age", i18n.T("cadre.f.young_age"), i18n.T("field.range", 25, 60))
		return 0, v.Err()
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := YoungAge(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, YoungAgeKey, strconv.Itoa(n)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "cadre.settings", ObjectType: "settings", ObjectID: YoungAgeKey,
			Detail: map[string][2]int{"young_age": {before, n}}})
	})
	return n, err
}

func (h *handlers) apiSettings(w http.ResponseWriter, r *http.Request) error {
	n, err := YoungAge(r.Context(), h.svc.DB)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]int{"young_age": n})
	return nil
}

func (h *handlers) apiSaveSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		YoungAge int `json:"young_age"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := h.svc.SetYoungAge(r.Context(), strconv.Itoa(in.YoungAge))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]int{"young_age": n})
	return nil
}

func (h *handlers) settingsPage(w http.ResponseWriter, r *http.Request) error {
	n, err := YoungAge(r.Context(), h.svc.DB)
	if err != nil {
		return err
	}
	form := map[string][]string{"young_age": {strconv.Itoa(n)}}
	return h.srv.Render.HTML(w, r, "cadre/settings", &web.View{Title: i18n.T("cadre.settings_title"), Form: form})
}

func (h *handlers) saveSettings(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.svc.SetYoungAge(r.Context(), r.PostFormValue("young_age")); err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		v := &web.View{Title: i18n.T("cadre.settings_title"), Form: r.PostForm}
		v.FormError(err)
		return h.srv.Render.HTML(w, r, "cadre/settings", v)
	}
	http.Redirect(w, r, "/cadre/promotions?msg=msg.cadre.saved", http.StatusSeeOther)
	return nil
}

// poolPoint is the pool's size at the end of a month.
type poolPoint struct {
	Month string
	N     int
}

// poolSeries is the reserve pool's size at the end of each of the last
// twelve months, in scope.
func (s *Service) poolSeries(ctx context.Context, p *access.Principal) ([]poolPoint, error) {
	now := s.Now().In(access.Shanghai)
	var out []poolPoint
	for i := 11; i >= 0; i-- {
		next := time.Date(now.Year(), now.Month()-time.Month(i)+1, 1, 0, 0, 0, 0, access.Shanghai)
		m, end := next.AddDate(0, 0, -1), next.Format(day)
		var n int
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM cadre_reserve x JOIN orgs o ON o.id = x.org_id
			WHERE o.path LIKE ? AND x.entered_on <> '' AND x.entered_on < ? AND (x.exited_on = '' OR x.exited_on >= ?)`,
			p.ScopeLike(), end, end).Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, poolPoint{Month: m.Format("2006-01"), N: n})
	}
	return out, nil
}
