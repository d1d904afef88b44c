package coop

import (
	"context"
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

const exportBatch = 1000

// exportAudited records the export with its filter, then streams the sheet.
func (h *handlers) exportAudited(w http.ResponseWriter, r *http.Request, object, name string, sheet xlsx.Sheet) error {
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: object,
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	return xlsx.Serve(w, name, sheet)
}

// batches calls fetch batch by batch until a short batch.
func batches[T any](ctx context.Context, f Filter, fetch func(Filter) ([]T, error), each func(T) error) error {
	for off := 0; ; off += exportBatch {
		f.Limit, f.Offset = exportBatch, off
		items, err := fetch(f)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := each(it); err != nil {
				return err
			}
		}
		if len(items) < exportBatch || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func t(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = i18n.T(k)
	}
	return out
}

func (h *handlers) unionExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("coop.title.unions")
	return h.exportAudited(w, r, "coop_union", name, xlsx.Sheet{
		Name: name,
		Headers: t("coop.field.union_name", "coop.field.union_org", "coop.field.credit_code", "coop.field.founded_on", "coop.field.chair",
			"coop.field.business", "coop.members", "coop.field.households", "coop.field.persons", "coop.field.resident_households", "coop.field.note"),
		Widths: []float64{36, 36, 20, 12, 10, 30, 10, 12, 12, 12, 30},
		Rows: func(emit func(cells ...any) error) error {
			return batches(r.Context(), f, func(f Filter) ([]Union, error) {
				items, _, err := h.svc.ListUnions(r.Context(), p, f)
				return items, err
			}, func(u Union) error {
				return emit(u.Name, u.OrgName, u.CreditCode, u.FoundedOn, u.Chair, u.Business, u.Members, u.Households, u.Persons, u.Residents, u.Note)
			})
		},
	})
}

func (h *handlers) coopExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("coop.title.coops")
	return h.exportAudited(w, r, "coop", name, xlsx.Sheet{
		Name: name,
		Headers: t("coop.field.coop_name", "coop.field.village", "coop.field.credit_code", "coop.field.founded_on", "coop.field.union",
			"coop.field.joined_on", "coop.field.left_on", "coop.field.chair", "coop.field.business", "coop.field.households", "coop.field.persons",
			"coop.field.resident_households", "coop.field.resident_persons", "coop.field.note"),
		Widths: []float64{32, 24, 20, 12, 32, 12, 12, 10, 30, 10, 10, 12, 12, 30},
		Rows: func(emit func(cells ...any) error) error {
			return batches(r.Context(), f, func(f Filter) ([]Coop, error) {
				items, _, _, err := h.svc.ListCoops(r.Context(), p, f)
				return items, err
			}, func(c Coop) error {
				return emit(c.Name, c.Village, c.CreditCode, c.FoundedOn, c.UnionName, c.JoinedOn, c.LeftOn, c.Chair, c.Business,
					c.Households, c.Persons, c.ResidentHouseholds, c.ResidentPersons, c.Note)
			})
		},
	})
}

func (h *handlers) incomeExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("coop.title.incomes")
	return h.exportAudited(w, r, "coop_income", name, xlsx.Sheet{
		Name: name,
		Headers: t("coop.field.received_on", "coop.field.village", "coop.col.org_code", "coop.field.item", "coop.field.amount_yuan",
			"coop.field.payer", "coop.field.via_union", "coop.field.voucher_no", "coop.field.note"),
		Widths: []float64{12, 24, 12, 30, 14, 30, 12, 16, 30},
		Rows: func(emit func(cells ...any) error) error {
			codes, err := h.svc.orgCodes(r.Context(), p)
			if err != nil {
				return err
			}
			return batches(r.Context(), f, func(f Filter) ([]Income, error) {
				items, _, _, err := h.svc.ListIncomes(r.Context(), p, f)
				return items, err
			}, func(x Income) error {
				via := i18n.T("common.no")
				if x.ViaUnion {
					via = i18n.T("common.yes")
				}
				return emit(x.ReceivedOn, x.Village, codes[x.OrgID], x.Item, float64(x.Amount)/100, x.Payer, via, x.VoucherNo, x.Note)
			})
		},
	})
}
