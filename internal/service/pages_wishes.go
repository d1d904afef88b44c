package service

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

var wishFigureKeys = []string{KeyWishesSubmitted, KeyWishesClaimed, KeyWishesFulfilled}

// wishViews are the tabs of the wish ledger.
var wishViews = []WishView{ViewAll, ViewUnclaimed, ViewOverdue}

// Label is the tab's name.
func (v WishView) Label() string {
	if v == ViewAll {
		return i18n.T("wish.view.all")
	}
	return i18n.T("wish.view." + string(v))
}

func wishFilterFrom(q url.Values) (WishFilter, error) {
	f := WishFilter{Q: trimQ(q.Get("q")), Status: WishStatus(q.Get("status")), Under: int64From(q.Get("under")), View: WishView(q.Get("view"))}
	if !f.Status.Valid() {
		f.Status = ""
	}
	switch f.View {
	case ViewUnclaimed, ViewOverdue, ViewMine:
	default:
		f.View = ViewAll
	}
	period, set, err := periodFrom(q)
	if set {
		f.From, f.To = period.From, period.To
	}
	return f, err
}

func (h *handlers) wishList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	v := &web.View{Title: i18n.T("wish.title"), Form: r.URL.Query()}
	f, err := wishFilterFrom(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	period, _, _ := periodFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Wishes(r.Context(), p, f)
	if err != nil {
		return err
	}
	tally, err := h.svc.Tally(r.Context(), p)
	if err != nil {
		return err
	}
	figs, err := h.figures(r, wishFigureKeys, period)
	if err != nil {
		return err
	}
	orgs, err := orgOptions(r.Context(), h.svc.DB, p)
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Statuses": WishStatuses, "Orgs": orgs,
		"Figures": figs, "Tally": tally, "Views": wishViews, "View": f.View, "ExportQuery": r.URL.RawQuery}
	return h.srv.Render.HTML(w, r, "service/wishes", v)
}

// myWishes is a member's page: what they may claim and what they claimed.
func (h *handlers) myWishes(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	open, openTotal, err := h.svc.Wishes(r.Context(), p, WishFilter{View: ViewUnclaimed, Limit: 50})
	if err != nil {
		return err
	}
	mine, mineTotal, err := h.svc.Wishes(r.Context(), p, WishFilter{View: ViewMine, Limit: 50})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/mine", &web.View{Title: i18n.T("wish.mine_title"),
		Data: map[string]any{"Open": open, "OpenTotal": openTotal, "Mine": mine, "MineTotal": mineTotal}})
}

func mayReadWishes(p *access.Principal) bool {
	return keeper(p) || p.Can(access.PermWishClaim)
}

func (h *handlers) wishDetail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !mayReadWishes(p) {
		return web.ErrForbidden
	}
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Wish(r.Context(), p, id)
	if err != nil {
		return err
	}
	evs, err := h.svc.WishHistory(r.Context(), p, id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/wish", &web.View{Title: i18n.T("wish.detail_title", x.ID),
		Data: map[string]any{"W": x, "Events": evs, "Steps": h.allowedSteps(p, x)}})
}

// allowedSteps are the workflow steps p may take on x now.
func (h *handlers) allowedSteps(p *access.Principal, x Wish) []WishAction {
	var out []WishAction
	switch x.Status {
	case WishSubmitted:
		if canManage(p) {
			out = append(out, ActPublish, ActReject)
		}
	case WishPublished:
		if p.Can(access.PermWishClaim) {
			out = append(out, ActClaim)
		}
	case WishClaimed:
		if (x.ClaimantUser != 0 && x.ClaimantUser == p.UserID) || canManage(p) || (x.ClaimantOrg != 0 && keeper(p) && p.Can(access.PermWishClaim)) {
			out = append(out, ActFulfil)
		}
	}
	return out
}

func wishInputFrom(r *http.Request) WishInput {
	return WishInput{OrgID: int64From(r.PostFormValue("org_id")), Content: r.PostFormValue("content"), Category: r.PostFormValue("category"),
		ResidentName: r.PostFormValue("resident_name"), Phone: r.PostFormValue("phone")}
}

func (h *handlers) wishForm(r *http.Request, form url.Values, err error) (*web.View, error) {
	orgs, oerr := orgOptions(r.Context(), h.svc.DB, access.From(r.Context()))
	if oerr != nil {
		return nil, oerr
	}
	v := &web.View{Title: i18n.T("wish.new_title"), Form: form, Data: map[string]any{"Orgs": orgs, "Categories": Categories}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) wishNew(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	v, err := h.wishForm(r, url.Values{"org_id": {strconv.FormatInt(p.OrgID, 10)}}, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/wish_form", v)
}

func (h *handlers) wishCreate(w http.ResponseWriter, r *http.Request) error {
	x, err := h.svc.SubmitFor(r.Context(), access.From(r.Context()), wishInputFrom(r))
	if err == nil {
		http.Redirect(w, r, "/service/wishes/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.wish.submitted", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	v, verr := h.wishForm(r, r.PostForm, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "service/wish_form", v)
}

var stepFlash = map[WishAction]string{ActPublish: "msg.wish.published", ActReject: "msg.wish.rejected", ActClaim: "msg.wish.claimed",
	ActFulfil: "msg.wish.fulfilled"}

func (h *handlers) stepDefaults(a WishAction, p *access.Principal) url.Values {
	switch a {
	case ActFulfil:
		return url.Values{"fulfilled_on": {h.svc.today()}}
	case ActClaim:
		return url.Values{"org_id": {strconv.FormatInt(p.OrgID, 10)}}
	}
	return url.Values{}
}

func (h *handlers) stepView(r *http.Request, a WishAction, form url.Values, err error) (*web.View, error) {
	p := access.From(r.Context())
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	x, gerr := h.svc.Wish(r.Context(), p, id)
	if gerr != nil {
		return nil, gerr
	}
	if form == nil {
		form = h.stepDefaults(a, p)
	}
	allowed := false
	for _, s := range h.allowedSteps(p, x) {
		allowed = allowed || s == a
	}
	data := map[string]any{"W": x, "Step": string(a), "Allowed": allowed, "ByOrg": keeper(p)}
	if a == ActClaim && keeper(p) {
		orgs, oerr := orgOptions(r.Context(), h.svc.DB, p)
		if oerr != nil {
			return nil, oerr
		}
		data["Orgs"] = orgs
	}
	v := &web.View{Title: i18n.T("wish.step_title." + string(a)), Form: form, Data: data}
	if err != nil {
		v.FormError(err)
	} else if !allowed {
		v.FormError(badWishStep(x.Status, a))
		v.Status = http.StatusOK
	}
	return v, nil
}

func (h *handlers) stepForm(a WishAction) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := h.stepView(r, a, nil, nil)
		if err != nil {
			return err
		}
		return h.srv.Render.HTML(w, r, "service/wish_step", v)
	}
}

// readPhoto stores the uploaded photo of a fulfilment form; a missing
// file is left for Fulfil to report with the other fields.
func (h *handlers) readPhoto(r *http.Request) (string, error) {
	f, _, err := r.FormFile("photo")
	if errors.Is(err, http.ErrMissingFile) {
		return "", nil
	}
	if err != nil {
		return "", badPhoto(i18n.T("wish.photo_format"))
	}
	defer f.Close()
	return h.svc.Photos.Put(f)
}

// doStep runs step a with the request's fields.
func (h *handlers) doStep(r *http.Request, a WishAction, get func(string) string) (Wish, error) {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return Wish{}, err
	}
	switch a {
	case ActPublish:
		return h.svc.Publish(r.Context(), p, id, PublishInput{ClaimBy: get("claim_by")})
	case ActReject:
		return h.svc.Reject(r.Context(), p, id, RejectInput{Reason: get("reason")})
	case ActClaim:
		return h.svc.Claim(r.Context(), p, id, ClaimInput{OrgID: int64From(get("org_id")), DueOn: get("due_on")})
	default:
		photo, err := h.readPhoto(r)
		if err != nil {
			return Wish{}, err
		}
		return h.svc.Fulfil(r.Context(), p, id, FulfilInput{FulfilledOn: get("fulfilled_on"), Note: get("note")}, photo)
	}
}

// maxUpload bounds a fulfilment form: the photo and a few fields.
const maxUpload = MaxPhotoBytes + 64<<10

func parseUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(maxUpload); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return badPhoto(i18n.T("wish.photo_too_large", MaxPhotoBytes>>20))
		}
		if r.MultipartForm == nil {
			return fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
		}
	}
	return nil
}

func (h *handlers) stepPost(a WishAction) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var x Wish
		var err error
		if a == ActFulfil {
			err = parseUpload(w, r)
		}
		if err == nil {
			x, err = h.doStep(r, a, r.FormValue)
		}
		if err == nil {
			http.Redirect(w, r, "/service/wishes/"+strconv.FormatInt(x.ID, 10)+"?msg="+stepFlash[a], http.StatusSeeOther)
			return nil
		}
		if !formFailed(err) {
			return err
		}
		form := r.PostForm
		if r.MultipartForm != nil {
			form = url.Values(r.MultipartForm.Value)
		}
		v, verr := h.stepView(r, a, form, err)
		if verr != nil {
			return verr
		}
		return h.srv.Render.HTML(w, r, "service/wish_step", v)
	}
}

// servePhoto writes a stored photo; it never serves what a client sent.
func (h *handlers) servePhoto(w http.ResponseWriter, name string) error {
	f, ct, err := h.svc.Photos.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("Content-Disposition", "inline")
	_, err = io.Copy(w, f)
	return err
}

func (h *handlers) wishPhoto(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !mayReadWishes(p) {
		return web.ErrForbidden
	}
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	name, err := h.svc.PhotoOf(r.Context(), p, id)
	if err != nil {
		return err
	}
	return h.servePhoto(w, name)
}
