package cadre

import "troika/internal/i18n"

// CatalogKeys lists every catalog key this package builds at run time, so
// that a test can check them all.
func CatalogKeys() []string {
	var keys []string
	for _, g := range Registers {
		keys = append(keys, "cadre.reg."+g.Name)
		for _, f := range g.Fields {
			keys = append(keys, "cadre.f."+f.Key)
			if f.Kind == kSelect && f.Labels == nil {
				for _, o := range f.Options {
					keys = append(keys, "cadre.opt."+f.Key+"."+o)
				}
			}
			if f.Hint != "" {
				keys = append(keys, f.Hint)
			}
		}
		for _, x := range g.ExtraFilter {
			keys = append(keys, x.Label)
		}
	}
	for _, c := range Channels {
		keys = append(keys, "cadre.report.channel."+c)
	}
	for _, c := range ReportCategories {
		keys = append(keys, "cadre.report.category."+c)
	}
	for _, s := range ReportStatuses {
		keys = append(keys, "cadre.report.status."+s, "cadre.report.public."+s)
	}
	for _, k := range []string{"code", "received_at", "channel", "subject_name", "subject_unit", "category", "content", "reporter",
		"reporter_name", "reporter_phone", "reporter_id_number", "status", "assignee", "due_on", "conclusion", "reply", "overdue"} {
		keys = append(keys, "cadre.report.f."+k)
	}
	for _, s := range RequestStatuses {
		keys = append(keys, "cadre.req.status."+s)
	}
	keys = append(keys, "cadre.req.kind.read", "cadre.req.kind.borrow", "cadre.post.appoint", "cadre.post.promote", "cadre.post.remove",
		"cadre.opt.shift.day", "cadre.opt.shift.night")
	for _, k := range []string{KeyDocuments, KeyPromoted, KeyPromotedYoung, KeyPromotedYoungShare, KeyReservePool, KeyClassAttendees,
		KeyTrainingPersonTimes, KeyInspections, KeyUnitsInspected, KeyPublicityIssues, KeyPublicityReads} {
		keys = append(keys, "ind."+k, "ind."+k+".def")
	}
	return keys
}

// missingKeys is what CatalogKeys names that the catalog lacks.
func missingKeys() []string {
	var out []string
	for _, k := range CatalogKeys() {
		if !i18n.Has(k) {
			out = append(out, k)
		}
	}
	return out
}
