package pairing

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiPairings(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListPairings(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Pairing]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiPairing(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetPairing(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiCreatePairing(w http.ResponseWriter, r *http.Request) error {
	var in PairingInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.CreatePairing(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, x)
	return nil
}

func (h *handlers) apiUpdatePairing(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in PairingInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.UpdatePairing(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiActivities(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	acts, err := h.svc.Activities(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": acts})
	return nil
}

func (h *handlers) apiAddActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		HeldOn       string `json:"held_on"`
		Title        string `json:"title"`
		Participants int    `json:"participants"`
		Note         string `json:"note"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.svc.AddActivity(r.Context(), access.From(r.Context()), id, Activity{HeldOn: in.HeldOn, Title: in.Title,
		Participants: in.Participants, Note: in.Note})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (h *handlers) apiDeleteActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	aid, err := web.PathInt(r, "aid")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteActivity(r.Context(), access.From(r.Context()), id, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handlers) apiRegistrations(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListRegistrations(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Registration]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiRegistration(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetRegistration(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiCreateRegistration(w http.ResponseWriter, r *http.Request) error {
	var in RegistrationInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.CreateRegistration(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, x)
	return nil
}

func (h *handlers) apiUpdateRegistration(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in RegistrationInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.UpdateRegistration(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiParticipations(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	acts, err := h.svc.Participations(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": acts})
	return nil
}

func (h *handlers) apiAddParticipation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in ParticipationInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.svc.AddParticipation(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (h *handlers) apiDeleteParticipation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	aid, err := web.PathInt(r, "aid")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteParticipation(r.Context(), access.From(r.Context()), id, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
