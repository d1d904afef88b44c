package frontline

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func writeList[T any](w http.ResponseWriter, pg web.Paging, items []T, total int) {
	if items == nil {
		items = []T{}
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[T]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
}

func (t teamPages) apiList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := t.svc.ListTeams(r.Context(), access.From(r.Context()), t.kind, f)
	if err != nil {
		return err
	}
	writeList(w, pg, items, total)
	return nil
}

func (t teamPages) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	team, err := t.svc.GetTeam(r.Context(), access.From(r.Context()), t.kind, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, team)
	return nil
}

func (t teamPages) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in TeamInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	team, err := t.svc.CreateTeam(r.Context(), access.From(r.Context()), t.kind, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, team)
	return nil
}

func (t teamPages) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in TeamInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	team, err := t.svc.UpdateTeam(r.Context(), access.From(r.Context()), t.kind, id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, team)
	return nil
}

func (t teamPages) apiPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	people, err := t.svc.TeamPeople(r.Context(), access.From(r.Context()), t.kind, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": people})
	return nil
}

func (t teamPages) apiAddPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in PersonInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := t.svc.AddTeamPerson(r.Context(), access.From(r.Context()), t.kind, id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, x)
	return nil
}

func (t teamPages) apiRemovePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	pid, err := web.PathInt(r, "pid")
	if err != nil {
		return err
	}
	if err := t.svc.RemoveTeamPerson(r.Context(), access.From(r.Context()), t.kind, id, pid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handlers) apiTempList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListTemp(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	writeList(w, pg, items, total)
	return nil
}

func (h *handlers) apiTempDissolve(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		DissolvedOn string `json:"dissolved_on"`
		Reason      string `json:"reason"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := h.svc.DissolveTemp(r.Context(), access.From(r.Context()), id, in.DissolvedOn, in.Reason)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (h *handlers) apiTempPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	people, err := h.svc.TempPeople(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": people})
	return nil
}

func (h *handlers) apiTempAddPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in PersonInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.AddTempPerson(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, x)
	return nil
}

func (h *handlers) apiTempRemovePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	pid, err := web.PathInt(r, "pid")
	if err != nil {
		return err
	}
	if err := h.svc.RemoveTempPerson(r.Context(), access.From(r.Context()), id, pid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handlers) apiDeployList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListDeployments(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	writeList(w, pg, items, total)
	return nil
}

// screeningList is the API's screening page with the persons screened
// over the whole filtered list.
type screeningList struct {
	web.ListResult[Screening]
	Persons int64 `json:"persons"`
}

func (h *handlers) apiScreenList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, persons, err := h.svc.ListScreenings(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Screening{}
	}
	web.WriteJSON(w, http.StatusOK, screeningList{ListResult: web.ListResult[Screening]{Items: items, Total: total, Page: pg.Page, Size: pg.Size}, Persons: persons})
	return nil
}
