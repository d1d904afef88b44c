package cadre

import (
	"troika/internal/access"
	"troika/internal/member"
)

// The registers of the cadre department. Each is a ledger with its pages,
// API, export and audit; their rules are the hooks in the files named after
// them.
var (
	cadres = &register{Name: "cadres", Table: "cadres", Base: "/cadres", API: "/api/v1/cadres", Audit: "cadre",
		Read: access.PermCadreRead, Write: access.PermCadreWrite, NoDelete: true, Order: "x.name, x.id",
		Figures: []string{KeyReservePool, KeyPromoted},
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true, List: true},
			{Key: "name", Kind: kText, Req: true, Max: 30, List: true, Search: true},
			{Key: "id_number", Kind: kText, Virtual: true, Max: 18, Hint: "cadre.hint.id_number"},
			{Key: "gender", Kind: kSelect, Computed: true, Options: []string{"male", "female"}, List: true},
			{Key: "birth_date", Kind: kDate, Computed: true, List: true},
			{Key: "id_mask", Kind: kText, Computed: true, List: true},
			{Key: "id_enc", Kind: kText, Computed: true, Secret: true},
			{Key: "id_hash", Kind: kText, Computed: true, Secret: true},
			{Key: "ethnicity", Kind: kSelect, Options: member.Ethnicities, Labels: member.EthnicityLabel, Filter: true},
			{Key: "position", Kind: kText, Req: true, Max: 60, List: true, Search: true},
			{Key: "grade", Kind: kSelect, Options: grades, List: true, Filter: true},
			{Key: "post_since", Kind: kDate},
			{Key: "grade_since", Kind: kDate},
			{Key: "work_since", Kind: kDate},
			{Key: "party_since", Kind: kDate},
			{Key: "edu_fulltime", Kind: kSelect, Options: member.Educations, Labels: member.EducationLabel},
			{Key: "edu_inservice", Kind: kSelect, Options: member.Educations, Labels: member.EducationLabel},
			{Key: "political", Kind: kSelect, Options: []string{"cpc", "probationary", "league", "democratic", "masses"}, Filter: true},
			{Key: "status", Kind: kSelect, Req: true, Options: cadreStatuses, List: true, Filter: true},
			{Key: "left_on", Kind: kDate},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	promotions = &register{Name: "promotions", Table: "cadre_promotions", Base: "/cadre/promotions", API: "/api/v1/cadre/promotions",
		Audit: "cadre_promotion", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "promoted_on",
		Figures: []string{KeyPromoted, KeyPromotedYoung, KeyPromotedYoungShare},
		Fields: []field{
			{Key: "cadre_id", Kind: kCadre, Req: true, List: true, Search: true, Hint: "cadre.hint.cadre_id"},
			{Key: "org_id", Kind: kOrg, Computed: true, List: true},
			{Key: "kind", Kind: kSelect, Req: true, Options: []string{"promote", "reuse", "grade"}, List: true, Filter: true},
			{Key: "promoted_on", Kind: kDate, Req: true, List: true},
			{Key: "from_post", Kind: kText, Max: 60},
			{Key: "to_post", Kind: kText, Req: true, Max: 60, List: true, Search: true},
			{Key: "basis", Kind: kSelect, Options: []string{"epidemic", "revitalization", "economy", "performance", "other"}, List: true, Filter: true},
			{Key: "doc_no", Kind: kText, Max: 60, Search: true},
			{Key: "age", Kind: kInt, Computed: true, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	reserve = &register{Name: "reserve", Table: "cadre_reserve", Base: "/cadre/reserve", API: "/api/v1/cadre/reserve",
		Audit: "cadre_reserve", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "nominated_on",
		Figures:     []string{KeyReservePool},
		ExtraFilter: []filterOpt{{"pool", "1", "cadre.filter.in_pool"}},
		Fields: []field{
			{Key: "cadre_id", Kind: kCadre, Req: true, List: true, Search: true, Hint: "cadre.hint.cadre_id"},
			{Key: "org_id", Kind: kOrg, Computed: true, List: true},
			{Key: "status", Kind: kSelect, Req: true, Options: reserveStatuses, List: true, Filter: true},
			{Key: "nominated_on", Kind: kDate, Req: true, List: true},
			{Key: "nominated_by", Kind: kText, Max: 60},
			{Key: "reviewed_on", Kind: kDate},
			{Key: "review_note", Kind: kText, Max: 200},
			{Key: "entered_on", Kind: kDate, List: true},
			{Key: "exited_on", Kind: kDate, List: true},
			{Key: "exit_reason", Kind: kSelect, Options: []string{"promoted", "overage", "discipline", "transferred", "other"}, List: true},
		}}

	documents = &register{Name: "documents", Table: "cadre_documents", Base: "/cadre/documents", API: "/api/v1/cadre/documents",
		Audit: "cadre_document", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "issued_on",
		Figures: []string{KeyDocuments},
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true, List: true},
			{Key: "title", Kind: kText, Req: true, Max: 200, List: true, Search: true},
			{Key: "doc_no", Kind: kText, Max: 60, List: true, Search: true},
			{Key: "issued_on", Kind: kDate, Req: true, List: true},
			{Key: "programme", Kind: kText, Max: 200, List: true, Search: true, Hint: "cadre.hint.programme"},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	classes = &register{Name: "classes", Table: "cadre_classes", Base: "/cadre/classes", API: "/api/v1/cadre/classes",
		Audit: "cadre_class", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "started_on",
		Figures: []string{KeyTrainingPersonTimes, KeyClassAttendees},
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true, List: true},
			{Key: "name", Kind: kText, Req: true, Max: 100, List: true, Search: true},
			{Key: "mode", Kind: kSelect, Req: true, Options: []string{"offline", "online", "mixed"}, List: true, Filter: true},
			{Key: "young", Kind: kBool, List: true, Hint: "cadre.hint.young"},
			{Key: "started_on", Kind: kDate, Req: true, List: true},
			{Key: "ended_on", Kind: kDate, List: true},
			{Key: "hours", Kind: kDec1, Max: 1000, List: true},
			{Key: "place", Kind: kText, Max: 100},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	attendees = &register{Name: "attendees", Table: "cadre_attendees", Parent: classes, ParentKey: "class_id",
		Base: "/cadre/attendees", API: "/api/v1/cadre/attendees", Audit: "cadre_attendee",
		Read: access.PermCadreRead, Write: access.PermCadreWrite, Order: "x.id",
		Fields: []field{
			{Key: "class_id", Kind: kInt, Computed: true},
			{Key: "cadre_id", Kind: kCadre, List: true, Hint: "cadre.hint.cadre_or_name"},
			{Key: "name", Kind: kText, Max: 30, List: true, Search: true},
			{Key: "unit", Kind: kText, Max: 100, List: true},
			{Key: "hours", Kind: kDec1, Max: 1000, List: true, Hint: "cadre.hint.hours_default"},
		}}

	exams = &register{Name: "exams", Table: "cadre_exams", Base: "/cadre/exams", API: "/api/v1/cadre/exams",
		Audit: "cadre_exam", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "held_on",
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true, List: true},
			{Key: "name", Kind: kText, Req: true, Max: 100, List: true, Search: true},
			{Key: "kind", Kind: kSelect, Req: true, Options: []string{"double", "theory", "other"}, List: true, Filter: true},
			{Key: "held_on", Kind: kDate, Req: true, List: true},
			{Key: "full_score", Kind: kDec1, Req: true, Max: 1000, List: true},
			{Key: "pass_score", Kind: kDec1, Req: true, Max: 1000, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	scores = &register{Name: "scores", Table: "cadre_scores", Parent: exams, ParentKey: "exam_id",
		Base: "/cadre/scores", API: "/api/v1/cadre/scores", Audit: "cadre_score",
		Read: access.PermCadreRead, Write: access.PermCadreWrite, Order: "x.score DESC, x.id",
		Fields: []field{
			{Key: "exam_id", Kind: kInt, Computed: true},
			{Key: "cadre_id", Kind: kCadre, List: true, Hint: "cadre.hint.cadre_or_name"},
			{Key: "name", Kind: kText, Max: 30, List: true, Search: true},
			{Key: "score", Kind: kDec1, Req: true, Max: 1000, List: true},
		}}

	learning = &register{Name: "learning", Table: "cadre_learning", Base: "/cadre/learning", API: "/api/v1/cadre/learning",
		Audit: "cadre_learning", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "on_date",
		Fields: []field{
			{Key: "cadre_id", Kind: kCadre, Req: true, List: true, Search: true, Hint: "cadre.hint.cadre_id"},
			{Key: "org_id", Kind: kOrg, Computed: true},
			{Key: "mode", Kind: kSelect, Req: true, Options: []string{"reading", "online"}, List: true, Filter: true},
			{Key: "title", Kind: kText, Req: true, Max: 100, List: true, Search: true},
			{Key: "on_date", Kind: kDate, Req: true, List: true},
			{Key: "hours", Kind: kDec1, Max: 1000, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	duty = &register{Name: "duty", Table: "sup_duty", Base: "/supervision/duty", API: "/api/v1/supervision/duty",
		Audit: "sup_duty", Read: access.PermSupervisionRead, Write: access.PermCadreWrite, Date: "on_date",
		Order: "x.on_date DESC, x.shift, x.id",
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true},
			{Key: "on_date", Kind: kDate, Req: true, List: true},
			{Key: "shift", Kind: kSelect, Req: true, Options: []string{"day", "night"}, List: true, Filter: true},
			{Key: "person", Kind: kText, Req: true, Max: 30, List: true, Search: true},
			{Key: "phone", Kind: kText, Max: 20, List: true, Hint: "cadre.hint.duty_phone"},
			{Key: "note", Kind: kText, Max: 200, List: true},
		}}

	matters = &register{Name: "matters", Table: "sup_matters", Base: "/supervision/matters", API: "/api/v1/supervision/matters",
		Audit: "sup_matter", Read: access.PermSupervisionRead, Write: access.PermCadreWrite, Date: "submitted_on",
		ExtraFilter: []filterOpt{{"selected", "1", "cadre.filter.selected"}},
		Fields: []field{
			{Key: "cadre_id", Kind: kCadre, Req: true, List: true, Search: true, Hint: "cadre.hint.cadre_id"},
			{Key: "org_id", Kind: kOrg, Computed: true, List: true},
			{Key: "year", Kind: kInt, Req: true, Max: 2100, List: true},
			{Key: "submitted_on", Kind: kDate, Req: true, List: true},
			{Key: "kind", Kind: kSelect, Req: true, Options: []string{"annual", "new_post", "change"}, List: true, Filter: true},
			{Key: "draw_id", Kind: kInt, Computed: true},
			{Key: "result", Kind: kSelect, Options: []string{"consistent", "minor", "concealed"}, List: true, Filter: true},
			{Key: "verified_on", Kind: kDate},
			{Key: "consequence", Kind: kSelect, Options: []string{"none", "talk", "hold", "disqualify"}, List: true, Filter: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	inspections = &register{Name: "inspections", Table: "sup_inspections", Base: "/supervision/inspections",
		API: "/api/v1/supervision/inspections", Audit: "sup_inspection", Read: access.PermSupervisionRead,
		Write: access.PermCadreWrite, Date: "started_on", Figures: []string{KeyInspections, KeyUnitsInspected},
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true, List: true},
			{Key: "title", Kind: kText, Req: true, Max: 200, List: true, Search: true},
			{Key: "topic", Kind: kText, Max: 100, List: true, Search: true},
			{Key: "started_on", Kind: kDate, Req: true, List: true},
			{Key: "ended_on", Kind: kDate, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	inspectedUnits = &register{Name: "units", Table: "sup_inspected_units", Parent: inspections, ParentKey: "inspection_id",
		Base: "/supervision/units", API: "/api/v1/supervision/units", Audit: "sup_inspected_unit",
		Read: access.PermSupervisionRead, Write: access.PermCadreWrite, Order: "x.inspected_on, x.id",
		Fields: []field{
			{Key: "inspection_id", Kind: kInt, Computed: true},
			{Key: "unit_name", Kind: kText, Req: true, Max: 100, List: true, Search: true},
			{Key: "inspected_on", Kind: kDate, Req: true, List: true},
			{Key: "note", Kind: kText, Max: 200, List: true},
		}}

	problems = &register{Name: "problems", Table: "sup_problems", Parent: inspections, ParentKey: "inspection_id",
		Base: "/supervision/problems", API: "/api/v1/supervision/problems", Audit: "sup_problem",
		Read: access.PermSupervisionRead, Write: access.PermCadreWrite, Order: "x.deadline, x.id",
		Fields: []field{
			{Key: "inspection_id", Kind: kInt, Computed: true},
			{Key: "unit_name", Kind: kText, Req: true, Max: 100, List: true, Search: true},
			{Key: "problem", Kind: kLong, Req: true, Max: 500, List: true},
			{Key: "measure", Kind: kLong, Max: 500},
			{Key: "deadline", Kind: kDate, Req: true, List: true},
			{Key: "rectified_on", Kind: kDate, List: true},
		}}

	publicity = &register{Name: "publicity", Table: "sup_publicity", Base: "/supervision/publicity",
		API: "/api/v1/supervision/publicity", Audit: "sup_publicity", Read: access.PermSupervisionRead,
		Write: access.PermCadreWrite, Date: "published_on", Figures: []string{KeyPublicityIssues, KeyPublicityReads},
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true},
			{Key: "title", Kind: kText, Req: true, Max: 200, List: true, Search: true},
			{Key: "series", Kind: kText, Max: 60, List: true, Search: true},
			{Key: "channel", Kind: kText, Max: 60, List: true},
			{Key: "published_on", Kind: kDate, Req: true, List: true},
			{Key: "reads", Kind: kInt, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	archives = &register{Name: "archives", Table: "pa_files", Base: "/cadre/archives", API: "/api/v1/cadre/archives",
		Audit: "pa_file", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "received_on", NoDelete: true,
		Fields: []field{
			{Key: "cadre_id", Kind: kCadre, Req: true, List: true, Search: true, Hint: "cadre.hint.cadre_id"},
			{Key: "org_id", Kind: kOrg, Computed: true, List: true},
			{Key: "shelf_no", Kind: kText, Req: true, Max: 30, List: true, Search: true},
			{Key: "status", Kind: kSelect, Computed: true, Options: []string{"held", "lent", "transferred"}, List: true, Filter: true},
			{Key: "received_on", Kind: kDate, Req: true, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}

	materials = &register{Name: "materials", Table: "pa_materials", Parent: archives, ParentKey: "file_id",
		Base: "/cadre/materials", API: "/api/v1/cadre/materials", Audit: "pa_material",
		Read: access.PermCadreRead, Write: access.PermCadreWrite, Order: "x.category, x.received_on, x.id",
		Fields: []field{
			{Key: "file_id", Kind: kInt, Computed: true},
			{Key: "category", Kind: kSelect, Req: true, Options: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, List: true},
			{Key: "title", Kind: kText, Req: true, Max: 200, List: true, Search: true},
			{Key: "received_on", Kind: kDate, Req: true, List: true},
			{Key: "filed_on", Kind: kDate, List: true, Hint: "cadre.hint.filed_on"},
			{Key: "pages", Kind: kInt, Max: 10000, List: true},
			{Key: "note", Kind: kText, Max: 200},
		}}

	transfers = &register{Name: "transfers", Table: "pa_transfers", Parent: archives, ParentKey: "file_id",
		Base: "/cadre/transfers", API: "/api/v1/cadre/transfers", Audit: "pa_transfer",
		Read: access.PermCadreRead, Write: access.PermCadreWrite, Order: "x.sent_on, x.id", NoDelete: true,
		Fields: []field{
			{Key: "file_id", Kind: kInt, Computed: true},
			{Key: "to_unit", Kind: kText, Req: true, Max: 100, List: true},
			{Key: "sent_on", Kind: kDate, Req: true, List: true},
			{Key: "receipt_no", Kind: kText, Max: 60, List: true, Hint: "cadre.hint.receipt"},
			{Key: "receipt_on", Kind: kDate, List: true},
			{Key: "note", Kind: kText, Max: 200},
		}}

	checks = &register{Name: "checks", Table: "pa_checks", Base: "/cadre/checks", API: "/api/v1/cadre/checks",
		Audit: "pa_check", Read: access.PermCadreRead, Write: access.PermCadreWrite, Date: "checked_on",
		Fields: []field{
			{Key: "org_id", Kind: kOrg, Req: true},
			{Key: "checked_on", Kind: kDate, Req: true, List: true},
			{Key: "checker", Kind: kText, Req: true, Max: 60, List: true, Search: true},
			{Key: "files_checked", Kind: kInt, Max: 100000, List: true},
			{Key: "problems", Kind: kLong, Max: 500, List: true},
			{Key: "note", Kind: kLong, Max: 500},
		}}
)

// Registers lists every register, parents before their children.
var Registers = []*register{cadres, promotions, reserve, documents, classes, attendees, exams, scores, learning,
	duty, matters, inspections, inspectedUnits, problems, publicity, archives, materials, transfers, checks}

// grades are the 职务职级 of the roster, highest first.
var grades = []string{"zhengchu", "fuchu", "zhengke", "fuke", "zhuren1", "zhuren2", "zhuren3", "zhuren4", "keyuan1", "keyuan2", "other"}

var cadreStatuses = []string{"serving", "removed", "retired", "transferred"}

var reserveStatuses = []string{"nominated", "rejected", "in", "exited"}

func init() {
	classes.Children = []*register{attendees}
	exams.Children = []*register{scores}
	inspections.Children = []*register{inspectedUnits, problems}
	archives.Children = []*register{materials, transfers}
	cadres.Prepare, cadres.After = prepareCadre, afterCadre
	promotions.Prepare, promotions.After = preparePromotion, afterPromotion
	reserve.Prepare, reserve.Where = prepareReserve, reserveWhere
	attendees.Prepare, scores.Prepare = preparePerson, preparePerson
	learning.Prepare = prepareOwnedByCadre
	matters.Prepare, matters.Where = prepareMatter, matterWhere
	archives.Prepare = prepareFile
	transfers.After = afterTransfer
}
