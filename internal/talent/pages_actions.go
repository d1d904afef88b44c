package talent

import (
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/web"
)

// recruitData is what the recruit form on a demand's page offers: the
// talents in scope and the specialties.
func (lp ledgerPages) recruitData(r *http.Request) (map[string]any, error) {
	talents, err := lp.svc.refOptions(r.Context(), access.From(r.Context()), Talents)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Talents": talents, "Specialties": mustField(Talents, "specialty").Options(Talents),
		"Origins": mustField(Talents, "origin").Options(Talents)}, nil
}

func (h *handlers) convertLead(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.ConvertLead(r.Context(), access.From(r.Context()), id, ConvertInput{EnteredOn: r.PostFormValue("entered_on"), Returnee: r.PostFormValue("returnee") == "1"})
	if err == nil {
		return redirect(w, r, t.Href(), "msg.talent.converted")
	}
	if !formFailed(err) {
		return err
	}
	return ledgerPages{h, Leads}.detailWith(w, r, err)
}

func (h *handlers) recruit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	in := RecruitInput{Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Specialty: r.PostFormValue("specialty"),
		Origin: r.PostFormValue("origin"), Returnee: r.PostFormValue("returnee") == "1", RecruitedOn: r.PostFormValue("recruited_on"),
		Pool: r.PostFormValue("pool") == "1", Note: r.PostFormValue("note")}
	in.TalentID, _ = strconv.ParseInt(r.PostFormValue("talent_id"), 10, 64)
	rec, err := h.svc.Recruit(r.Context(), access.From(r.Context()), id, in)
	if err == nil {
		return redirect(w, r, "/talent/talents/"+strconv.FormatInt(rec.Int("talent_id"), 10), "msg.talent.recruited")
	}
	if !formFailed(err) {
		return err
	}
	return ledgerPages{h, Demands}.detailWith(w, r, err)
}

// subsidyStep answers the approve, reject and pay buttons.
func (h *handlers) subsidyStep(step string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		rec, err := h.svc.DecideSubsidy(r.Context(), access.From(r.Context()), id, step, SubsidyStep{On: r.PostFormValue("on"), Note: r.PostFormValue("note")})
		if err == nil {
			return redirect(w, r, rec.Href(), stepMessages[step])
		}
		if !formFailed(err) {
			return err
		}
		return ledgerPages{h, Subsidies}.detailWith(w, r, err)
	}
}

var stepMessages = map[string]string{StepApprove: "msg.talent.subsidy_approve", StepReject: "msg.talent.subsidy_reject", StepPay: "msg.talent.subsidy_pay"}
