package cadre

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/web"
)

// Draw is a random selection of personal-matter submissions for
// verification (抽查核实). The seed, the population (the sorted ids of the
// submissions it drew from) and the sample size are kept, so anyone can
// re-run Select and get the same selection.
type Draw struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	Year       int       `json:"year"`
	Seed       string    `json:"seed"`
	SampleSize int       `json:"sample_size"`
	Population []int64   `json:"population"`
	Selected   []int64   `json:"selected"`
	DrawnBy    string    `json:"drawn_by"`
	DrawnAt    time.Time `json:"drawn_at"`
	// Reproduced is true when re-running the draw from the record gives
	// the stored selection.
	Reproduced bool `json:"reproduced"`
}

// Select draws n of the ids with a PCG generator seeded from seed (16
// bytes, hex): a partial Fisher–Yates shuffle of the sorted ids. The same
// seed, ids and n always give the same selection, returned sorted.
func Select(seed string, ids []int64, n int) ([]int64, error) {
	b, err := hex.DecodeString(seed)
	if err != nil || len(b) != 16 {
		return nil, fault.New(fault.Invalid, "%s", i18n.T("cadre.draw.bad_seed"))
	}
	pop := slices.Clone(ids)
	slices.Sort(pop)
	if n > len(pop) {
		n = len(pop)
	}
	rng := rand.New(rand.NewPCG(binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])))
	for i := 0; i < n; i++ {
		j := i + rng.IntN(len(pop)-i)
		pop[i], pop[j] = pop[j], pop[i]
	}
	out := pop[:n]
	slices.Sort(out)
	return out, nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) []int64 {
	out := []int64{}
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// NewDraw draws sample submissions of year among those of the principal's
// scope not yet drawn, with a fresh crypto-random seed, marks them and
// records the draw; audited.
func (s *Service) NewDraw(ctx context.Context, p *access.Principal, year, sample int) (Draw, error) {
	var v fault.Fields
	if year < 2000 || year > s.Now().Year() {
		v.Add("year", i18n.T("cadre.f.year"), i18n.T("cadre.range_between", 2000, s.Now().Year()))
	}
	if sample < 1 || sample > 10000 {
		v.Add("sample_size", i18n.T("cadre.f.sample_size"), i18n.T("field.range", 1, 10000))
	}
	if err := v.Err(); err != nil {
		return Draw{}, err
	}
	seed := make([]byte, 16)
	if _, err := crand.Read(seed); err != nil {
		return Draw{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT x.id FROM sup_matters x JOIN orgs o ON o.id = x.org_id
			WHERE o.path LIKE ? AND x.year = ? AND COALESCE(x.draw_id, 0) = 0 ORDER BY x.id`, p.ScopeLike(), year)
		if err != nil {
			return err
		}
		var pop []int64
		for rows.Next() {
			var n int64
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			pop = append(pop, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(pop) == 0 {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.draw.empty"))
		}
		hexSeed := hex.EncodeToString(seed)
		sel, err := Select(hexSeed, pop, sample)
		if err != nil {
			return err
		}
		a := audit.ActorFrom(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO sup_draws (org_id, year, seed, sample_size, population, selected, drawn_by, drawn_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.OrgID, year, hexSeed, sample, joinIDs(pop), joinIDs(sel), a.Name,
			store.Millis(s.Now())).Scan(&id); err != nil {
			return err
		}
		for _, m := range sel {
			if _, err := tx.ExecContext(ctx, `UPDATE sup_matters SET draw_id = ?, updated_at = ? WHERE id = ?`, id, store.Millis(s.Now()), m); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "sup_draw.create", ObjectType: "sup_draw", ObjectID: id,
			Detail: map[string]any{"year": year, "seed": hexSeed, "sample_size": sample, "population": len(pop), "selected": sel}})
	})
	if err != nil {
		return Draw{}, err
	}
	return s.GetDraw(ctx, p, id)
}

const drawCols = `d.id, d.org_id, o.name, d.year, d.seed, d.sample_size, d.population, d.selected, d.drawn_by, d.drawn_at`

func scanDraw(sc interface{ Scan(...any) error }) (Draw, error) {
	var d Draw
	var pop, sel string
	var at int64
	if err := sc.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.Year, &d.Seed, &d.SampleSize, &pop, &sel, &d.DrawnBy, &at); err != nil {
		return d, err
	}
	d.Population, d.Selected, d.DrawnAt = splitIDs(pop), splitIDs(sel), store.Time(at)
	again, err := Select(d.Seed, d.Population, d.SampleSize)
	d.Reproduced = err == nil && slices.Equal(again, d.Selected)
	return d, nil
}

// GetDraw reads a draw made in the principal's scope and re-runs it.
func (s *Service) GetDraw(ctx context.Context, p *access.Principal, id int64) (Draw, error) {
	d, err := scanDraw(s.DB.QueryRowContext(ctx, `SELECT `+drawCols+` FROM sup_draws d JOIN orgs o ON o.id = d.org_id
		WHERE d.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return d, notFound()
	}
	return d, err
}

// Draws lists the draws made in scope, latest first.
func (s *Service) Draws(ctx context.Context, p *access.Principal) ([]Draw, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+drawCols+` FROM sup_draws d JOIN orgs o ON o.id = d.org_id
		WHERE o.path LIKE ? ORDER BY d.id DESC LIMIT 100`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Draw{}
	for rows.Next() {
		d, err := scanDraw(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (h *handlers) apiDraws(w http.ResponseWriter, r *http.Request) error {
	ds, err := h.svc.Draws(r.Context(), access.From(r.Context()))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": ds})
	return nil
}

func (h *handlers) apiDraw(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Year       int `json:"year"`
		SampleSize int `json:"sample_size"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := h.svc.NewDraw(r.Context(), access.From(r.Context()), in.Year, in.SampleSize)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, d)
	return nil
}

func (h *handlers) apiGetDraw(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.GetDraw(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (h *handlers) drawsPage(w http.ResponseWriter, r *http.Request) error {
	ds, err := h.svc.Draws(r.Context(), access.From(r.Context()))
	if err != nil {
		return err
	}
	form := map[string][]string{"year": {strconv.Itoa(h.svc.Now().Year() - 1)}, "sample_size": {"10"}}
	return h.srv.Render.HTML(w, r, "cadre/draws", &web.View{Title: i18n.T("cadre.draws_title"), Form: form, Data: ds})
}

func (h *handlers) drawPost(w http.ResponseWriter, r *http.Request) error {
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	n, _ := strconv.Atoi(r.PostFormValue("sample_size"))
	d, err := h.svc.NewDraw(r.Context(), access.From(r.Context()), year, n)
	if err != nil {
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		ds, lerr := h.svc.Draws(r.Context(), access.From(r.Context()))
		if lerr != nil {
			return lerr
		}
		v := &web.View{Title: i18n.T("cadre.draws_title"), Form: r.PostForm, Data: ds}
		v.FormError(err)
		return h.srv.Render.HTML(w, r, "cadre/draws", v)
	}
	http.Redirect(w, r, "/supervision/draws/"+strconv.FormatInt(d.ID, 10)+"?msg=msg.cadre.drawn", http.StatusSeeOther)
	return nil
}

func (h *handlers) drawPage(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.GetDraw(r.Context(), p, id)
	if err != nil {
		return err
	}
	items, _, err := h.svc.List(r.Context(), p, matters, listFilter{Extra: []string{"x.draw_id = ?"}, ExtraArg: []any{id}, Limit: 500})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "cadre/draw", &web.View{Title: i18n.T("cadre.draw_title", d.ID),
		Data: map[string]any{"D": d, "Items": items, "R": matters}})
}
