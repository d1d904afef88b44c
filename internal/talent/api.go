package talent

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func (lp ledgerPages) apiList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(lp.l, r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := lp.svc.List(r.Context(), access.From(r.Context()), lp.l, f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Record]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (lp ledgerPages) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	var rec Record
	if r.URL.Query().Get("unmask") == "1" {
		rec, err = lp.svc.Unmask(r.Context(), p, lp.l, id)
	} else {
		rec, err = lp.svc.Get(r.Context(), p, lp.l, id)
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rec)
	return nil
}

// decodeInput reads a JSON record strictly: only the ledger's editable
// fields and org_id, each of its own type (money in fen).
func decodeInput(w http.ResponseWriter, r *http.Request, l *Ledger) (Input, error) {
	var raw map[string]json.RawMessage
	if err := web.DecodeJSON(w, r, &raw); err != nil {
		return Input{}, err
	}
	in := Input{Values: map[string]string{}}
	var v fault.Fields
	wrong := func(name, lbl string) { v.Add(name, lbl, i18n.T("json.wrong_type")) }
	for key, msg := range raw {
		if bytes.Equal(msg, []byte("null")) {
			continue
		}
		if key == "org_id" {
			if err := json.Unmarshal(msg, &in.OrgID); err != nil {
				wrong(key, l.OrgLabel())
			}
			continue
		}
		f, ok := l.Field(key)
		if !ok || f.ReadOnly {
			v.Add(key, key, i18n.T("json.unknown_field"))
			continue
		}
		switch f.Kind {
		case Int, Ref:
			var n int64
			if err := json.Unmarshal(msg, &n); err != nil {
				wrong(key, f.Label(l))
				continue
			}
			in.Values[key] = strconv.FormatInt(n, 10)
		case Money:
			var n int64
			if err := json.Unmarshal(msg, &n); err != nil {
				wrong(key, f.Label(l))
				continue
			}
			in.Values[key] = yuan(n)
		case Bool:
			var b bool
			if err := json.Unmarshal(msg, &b); err != nil {
				wrong(key, f.Label(l))
				continue
			}
			in.Values[key] = "0"
			if b {
				in.Values[key] = "1"
			}
		default:
			var s string
			if err := json.Unmarshal(msg, &s); err != nil {
				wrong(key, f.Label(l))
				continue
			}
			in.Values[key] = s
		}
	}
	return in, v.Err()
}

func (lp ledgerPages) apiCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeInput(w, r, lp.l)
	if err != nil {
		return err
	}
	rec, err := lp.svc.Create(r.Context(), access.From(r.Context()), lp.l, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, rec)
	return nil
}

func (lp ledgerPages) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	in, err := decodeInput(w, r, lp.l)
	if err != nil {
		return err
	}
	rec, err := lp.svc.Update(r.Context(), access.From(r.Context()), lp.l, id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rec)
	return nil
}

func (lp ledgerPages) apiDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := lp.svc.Delete(r.Context(), access.From(r.Context()), lp.l, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handlers) apiConvert(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in ConvertInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := h.svc.ConvertLead(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (h *handlers) apiRecruit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in RecruitInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rec, err := h.svc.Recruit(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, rec)
	return nil
}

func (h *handlers) apiSubsidyStep(step string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		var in SubsidyStep
		if err := web.DecodeJSON(w, r, &in); err != nil {
			return err
		}
		rec, err := h.svc.DecideSubsidy(r.Context(), access.From(r.Context()), id, step, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, rec)
		return nil
	}
}
