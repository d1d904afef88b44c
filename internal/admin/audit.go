package admin

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/web"
	"troika/internal/xlsx"
)

func auditFilter(q url.Values) audit.Filter {
	f := audit.Filter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		ObjectType: strings.TrimSpace(q.Get("object"))}
	if d, err := time.ParseInLocation("2006-01-02", q.Get("from"), access.Shanghai); err == nil {
		f.From = d
	}
	if d, err := time.ParseInLocation("2006-01-02", q.Get("to"), access.Shanghai); err == nil {
		f.To = d.AddDate(0, 0, 1)
	}
	return f
}

func (h *handlers) audit(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := auditFilter(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	entries, total, err := audit.List(r.Context(), h.db, f)
	if err != nil {
		return err
	}
	v := &web.View{Title: i18n.T("audit.title"), Form: r.URL.Query(),
		Data: map[string]any{"Entries": entries, "Pager": web.NewPager(r, pg, total), "ExportQuery": r.URL.RawQuery}}
	if r.URL.Query().Get("verify") == "1" {
		n, brk, err := audit.Verify(r.Context(), h.db)
		if err != nil {
			return err
		}
		if brk != nil {
			v.Data.(map[string]any)["VerifyBroken"] = i18n.T("audit.chain_broken", brk.ID, brk.Reason)
		} else {
			v.Data.(map[string]any)["VerifyOK"] = i18n.T("audit.chain_ok", n)
		}
	}
	return h.srv.Render.HTML(w, r, "admin/audit", v)
}

// auditExport streams the filtered log as a workbook; the export itself is
// recorded first.
func (h *handlers) auditExport(w http.ResponseWriter, r *http.Request) error {
	f := auditFilter(r.URL.Query())
	if err := audit.Log(r.Context(), h.db, audit.Event{Action: "export", ObjectType: "audit_log",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	sheet := xlsx.Sheet{
		Name:    i18n.T("audit.export_name"),
		Headers: []string{"ID", i18n.T("audit.at"), i18n.T("audit.actor"), i18n.T("audit.ip"), i18n.T("audit.action"), i18n.T("audit.object"), "", i18n.T("audit.detail")},
		Widths:  []float64{8, 18, 14, 14, 20, 12, 10, 80},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 2000
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				entries, _, err := audit.List(r.Context(), h.db, f)
				if err != nil {
					return err
				}
				for _, e := range entries {
					if err := emit(e.ID, e.At.In(access.Shanghai).Format("2006-01-02 15:04:05"), e.Actor, e.IP, e.Action, e.ObjectType, e.ObjectID, e.Detail); err != nil {
						return err
					}
				}
				if len(entries) < batch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, i18n.T("audit.export_name"), sheet)
}

func (h *handlers) apiAudit(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := auditFilter(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	entries, total, err := audit.List(r.Context(), h.db, f)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[audit.Entry]{Items: entries, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiVerify(w http.ResponseWriter, r *http.Request) error {
	n, brk, err := audit.Verify(r.Context(), h.db)
	if err != nil {
		return err
	}
	out := map[string]any{"entries": n, "ok": brk == nil}
	if brk != nil {
		out["broken_at"] = brk.ID
		out["reason"] = brk.Reason
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}
