package ecommerce

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/service"
	"troika/internal/web"
	"troika/internal/xlsx"
)

func (h *handlers) apiEnterprises(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	items, total, err := h.svc.Enterprises(r.Context(), access.From(r.Context()), r.URL.Query().Get("q"), pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Enterprise(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiEnterpriseSave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = web.PathID(r); err != nil {
			return err
		}
	}
	var in EnterpriseInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.SaveEnterprise(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if id == 0 {
		status = http.StatusCreated
	}
	web.WriteJSON(w, status, e)
	return nil
}

func (h *handlers) apiProducts(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	ps, err := h.svc.Products(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": ps})
	return nil
}

func (h *handlers) apiProductCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in ProductInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := h.svc.AddProduct(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, p)
	return nil
}

func (h *handlers) apiSales(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, _, err := saleFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, sum, err := h.svc.Sales(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": pg.Page, "size": pg.Size, "amount_fen": sum})
	return nil
}

func (h *handlers) apiSaleCreate(w http.ResponseWriter, r *http.Request) error {
	var in SaleInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	s, err := h.svc.AddSale(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, s)
	return nil
}

// exportSales streams the filtered sales records, audited.
func (h *handlers) exportSales(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, _, err := saleFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "ecom_sale", Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("ecom.sales_title")
	return xlsx.Serve(w, name, xlsx.Sheet{Name: name,
		Headers: []string{i18n.T("ecom.field.sold_on"), i18n.T("ecom.field.enterprise"), i18n.T("ecom.field.product"), i18n.T("ecom.field.quantity"),
			i18n.T("ecom.field.amount"), i18n.T("ecom.field.channel"), i18n.T("ecom.field.note")},
		Widths: []float64{12, 30, 24, 10, 14, 12, 30},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 500
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, _, err := h.svc.Sales(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, x := range items {
					if err := emit(x.SoldOn, x.Enterprise, x.Product, x.Quantity, service.Yuan(x.AmountFen), x.Channel, x.Note); err != nil {
						return err
					}
				}
				if len(items) < batch {
					return nil
				}
			}
		}})
}
