package talent

// CatalogKeys lists the catalog keys the ledgers build at run time, so
// that a test can prove each is in the catalog.
func CatalogKeys() []string {
	var keys []string
	for _, l := range All {
		keys = append(keys, "talent.title."+l.Slug, "talent.new."+l.Slug, "talent.about."+l.Slug)
		for _, f := range l.Fields {
			keys = append(keys, labelKey(l.Slug, f.Name))
			for _, c := range f.Choices {
				keys = append(keys, optKey(l.Slug, f.Name, c))
			}
		}
		keys = append(keys, labelKey(l.Slug, "org_id"))
	}
	for _, s := range []string{StepApprove, StepReject, StepPay} {
		keys = append(keys, "talent.subsidy.step."+s)
	}
	for _, k := range Keys {
		keys = append(keys, "ind."+k, "ind."+k+".def")
	}
	return keys
}
