package member

// CatalogKeys lists every catalog key this package builds at run time from
// its enumerations, so the catalog test can check them all.
func CatalogKeys() []string {
	var keys []string
	for _, e := range Ethnicities {
		keys = append(keys, "ethnic."+e)
	}
	for _, e := range Educations {
		keys = append(keys, "edu."+e)
	}
	for _, b := range AgeBands {
		keys = append(keys, "member.age."+b)
	}
	for _, c := range Categories {
		keys = append(keys, "member.category."+string(c), "member.category_long."+string(c))
	}
	for _, s := range Statuses {
		keys = append(keys, "member.status."+string(s))
	}
	for _, e := range []string{"joined", EvFull, EvCreated, EvImported, EvUpdated, EvTransferOut, EvTransferIn, EvReturned, EvLeft, EvArrived, EvDeceased} {
		keys = append(keys, "member.event."+e)
	}
	for _, s := range []string{TransferPending, TransferAccepted, TransferReturned, TransferDone} {
		keys = append(keys, "member.transfer.status."+s)
	}
	for _, d := range []string{DirInternal, DirOut, DirIn} {
		keys = append(keys, "member.transfer.dir."+d)
	}
	for _, c := range importColumns() {
		keys = append(keys, "member.col."+c.Key)
	}
	for _, f := range append(changedFields, "org_id", "status", "age", "arrived_from", "arrived_on", "to_org", "to_org_code",
		"external", "on", "reason", "return_reason", "deceased_on") {
		keys = append(keys, "member.field."+f)
	}
	return keys
}
