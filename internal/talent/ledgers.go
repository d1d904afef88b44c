package talent

// Specialty categories (专业类别) of talents, leads, demands and the
// order-based plan.
var specialties = []string{"agronomy", "horticulture", "plant", "animal", "forestry", "aquaculture", "agri_eng", "food", "agri_econ",
	"medicine", "education", "engineering", "it", "business", "tourism", "culture", "other"}

var educations = []string{"senior", "vocational", "college", "bachelor", "master", "doctor"}

// The ledgers, in the order of the hub page.
var (
	Talents = &Ledger{Slug: "talents", Table: "talents", DateField: "", NameField: "name", Import: true, Nav: 1,
		Fields: []Field{
			{Name: "name", Kind: Text, Required: true, Max: 40, List: true, Search: true},
			{Name: "gender", Kind: Choice, Choices: []string{"male", "female"}, List: true},
			{Name: "birth_date", Kind: Date},
			{Name: "specialty", Kind: Choice, Required: true, Choices: specialties, List: true, Filter: true},
			{Name: "education", Kind: Choice, Choices: educations},
			{Name: "employer", Kind: Text, Max: 80, List: true, Search: true},
			{Name: "title", Kind: Text, Max: 40},
			{Name: "origin", Kind: Choice, Required: true, Choices: []string{"local", "outside"}, List: true, Filter: true, Default: "local"},
			{Name: "outside_place", Kind: Text, Max: 80, Search: true},
			{Name: "returnee", Kind: Bool, List: true, Filter: true},
			{Name: "phone", Kind: Phone, List: true},
			{Name: "id_number", Kind: IDNo},
			{Name: "tags", Kind: Text, Max: 100, Search: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Children: []Child{{"pool", "talent_id"}, {"recruits", "talent_id"}, {"subsidies", "talent_id"}, {"members", "talent_id"}, {"features", "talent_id"}},
		Figures:  []string{KeyReservePool, KeyFeatured},
	}
	Pool = &Ledger{Slug: "pool", Table: "talent_pool", Parent: "talent_id", DateField: "entered_on", NameField: "entered_on", Nav: 2,
		Fields: []Field{
			{Name: "talent_id", Kind: Ref, Ref: "talents", Required: true, List: true},
			{Name: "entered_on", Kind: Date, Required: true, List: true},
			{Name: "source", Kind: Choice, Choices: []string{"lead", "recruit", "recommend", "local"}, List: true, Filter: true},
			{Name: "left_on", Kind: Date, After: "entered_on", List: true},
			{Name: "exit_reason", Kind: Text, Max: 80},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeyReservePool},
	}
	Leads = &Ledger{Slug: "leads", Table: "talent_leads", DateField: "collected_on", NameField: "name", Nav: 3,
		Fields: []Field{
			{Name: "name", Kind: Text, Required: true, Max: 40, List: true, Search: true},
			{Name: "phone", Kind: Phone},
			{Name: "specialty", Kind: Choice, Required: true, Choices: specialties, List: true, Filter: true},
			{Name: "location", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "employer", Kind: Text, Max: 80, Search: true},
			{Name: "hometown", Kind: Text, Max: 80},
			{Name: "channel", Kind: Choice, Choices: []string{"alumni", "chamber", "family", "online", "visit", "other"}},
			{Name: "collected_on", Kind: Date, Required: true, List: true},
			{Name: "status", Kind: Choice, Choices: []string{"new", "contacted", "dropped", "converted"}, Default: "new", List: true, Filter: true},
			{Name: "talent_id", Kind: Ref, Ref: "talents", ReadOnly: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeyLeads},
	}
	Orders = &Ledger{Slug: "orders", Table: "talent_orders", DateField: "collected_on", NameField: "position", Nav: 4,
		Fields: []Field{
			{Name: "plan_year", Kind: Int, Required: true, Max: 2100, List: true},
			{Name: "category", Kind: Choice, Required: true, Choices: specialties, List: true, Filter: true},
			{Name: "position", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "employer", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "places", Kind: Int, Required: true, Max: 1000, List: true},
			{Name: "matched", Kind: Int, Max: 1000, List: true},
			{Name: "progress", Kind: Choice, Required: true, Choices: []string{"collecting", "matching", "studying", "onboard"}, Default: "collecting", List: true, Filter: true},
			{Name: "collected_on", Kind: Date, Required: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeyOrderCategories, KeyOrderPositions},
	}
	Demands = &Ledger{Slug: "demands", Table: "talent_demands", DateField: "raised_on", NameField: "position", Import: true, Nav: 5,
		Fields: []Field{
			{Name: "enterprise", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "position", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "headcount", Kind: Int, Required: true, Max: 1000, List: true},
			{Name: "specialty", Kind: Choice, Choices: specialties},
			{Name: "requirements", Kind: Long, Max: 500, Search: true},
			{Name: "source", Kind: Choice, Required: true, Choices: []string{"month", "drive", "report"}, Default: "month", List: true, Filter: true},
			{Name: "raised_on", Kind: Date, Required: true, List: true},
			{Name: "status", Kind: Choice, Required: true, Choices: []string{"open", "filled", "closed"}, Default: "open", List: true, Filter: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Children: []Child{{"recruits", "demand_id"}},
	}
	Visits = &Ledger{Slug: "visits", Table: "talent_visits", DateField: "visited_on", NameField: "enterprise", Nav: 6,
		Fields: []Field{
			{Name: "enterprise", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "visited_on", Kind: Date, Required: true, List: true},
			{Name: "visitors", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "findings", Kind: Long, Max: 1000, Search: true},
			{Name: "demands_found", Kind: Int, Max: 1000, List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
	}
	Recruits = &Ledger{Slug: "recruits", Table: "talent_recruits", Parent: "talent_id", DateField: "recruited_on", NameField: "position", Nav: 7,
		Fields: []Field{
			{Name: "talent_id", Kind: Ref, Ref: "talents", Required: true, List: true},
			{Name: "demand_id", Kind: Ref, Ref: "demands"},
			{Name: "enterprise", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "position", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "recruited_on", Kind: Date, Required: true, List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
	}
	Subsidies = &Ledger{Slug: "subsidies", Table: "talent_subsidies", Parent: "talent_id", DateField: "applied_on", NameField: "span", Import: true, Nav: 8,
		Fields: []Field{
			{Name: "talent_id", Kind: Ref, Ref: "talents", Required: true, List: true},
			{Name: "kind", Kind: Choice, Required: true, Choices: []string{"rent", "living", "settle", "other"}, Default: "rent", List: true, Filter: true},
			{Name: "span", Kind: Text, Max: 40, List: true},
			{Name: "amount", Kind: Money, Required: true, Max: 10_000_000, List: true},
			{Name: "applied_on", Kind: Date, Required: true, List: true},
			{Name: "status", Kind: Choice, Choices: []string{"applied", "approved", "rejected", "paid"}, Default: "applied", ReadOnly: true, List: true, Filter: true},
			{Name: "approved_on", Kind: Date, ReadOnly: true},
			{Name: "approved_by", Kind: Text, ReadOnly: true},
			{Name: "paid_on", Kind: Date, ReadOnly: true, List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeyRent},
	}
	Groups = &Ledger{Slug: "groups", Table: "talent_groups", DateField: "founded_on", NameField: "name", Nav: 9,
		Fields: []Field{
			{Name: "name", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "kind", Kind: Choice, Required: true, Choices: []string{"reading", "training"}, Default: "reading", List: true, Filter: true},
			{Name: "online", Kind: Bool, Default: "1", List: true},
			{Name: "founded_on", Kind: Date, Required: true, List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Children: []Child{{"members", "group_id"}, {"pushes", "group_id"}},
		Figures:  []string{KeyReading},
	}
	Members = &Ledger{Slug: "members", Table: "talent_group_members", Parent: "group_id", DateField: "joined_on", NameField: "joined_on",
		Fields: []Field{
			{Name: "group_id", Kind: Ref, Ref: "groups", Required: true, List: true},
			{Name: "talent_id", Kind: Ref, Ref: "talents", Required: true, List: true},
			{Name: "joined_on", Kind: Date, Required: true, List: true},
			{Name: "left_on", Kind: Date, After: "joined_on", List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
	}
	Pushes = &Ledger{Slug: "pushes", Table: "talent_pushes", Parent: "group_id", DateField: "pushed_on", NameField: "pushed_on",
		Fields: []Field{
			{Name: "group_id", Kind: Ref, Ref: "groups", Required: true, List: true},
			{Name: "pushed_on", Kind: Date, Required: true, List: true},
			{Name: "books", Kind: Long, Required: true, Max: 500, List: true, Search: true},
			{Name: "note", Kind: Long, Max: 500},
		},
	}
	Courses = &Ledger{Slug: "courses", Table: "talent_courses", DateField: "held_on", NameField: "title", Nav: 10,
		Fields: []Field{
			{Name: "title", Kind: Text, Required: true, Max: 120, List: true, Search: true},
			{Name: "kind", Kind: Choice, Required: true, Choices: []string{"broadcast", "video", "offline"}, Default: "broadcast", List: true, Filter: true},
			{Name: "platform", Kind: Text, Max: 40, List: true, Search: true},
			{Name: "held_on", Kind: Date, Required: true, List: true},
			{Name: "plays", Kind: Int, Max: 100_000_000, List: true},
			{Name: "attendees", Kind: Int, Max: 1_000_000},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeyPlays},
	}
	Stations = &Ledger{Slug: "stations", Table: "talent_stations", DateField: "founded_on", NameField: "name", Import: true, Nav: 11,
		Fields: []Field{
			{Name: "name", Kind: Text, Required: true, Max: 80, List: true, Search: true},
			{Name: "site_kind", Kind: Choice, Required: true, Choices: []string{"county", "township", "village", "project", "scenic"}, List: true, Filter: true},
			{Name: "address", Kind: Text, Max: 120, Search: true},
			{Name: "contact", Kind: Text, Max: 40, List: true},
			{Name: "founded_on", Kind: Date, Required: true, List: true},
			{Name: "closed_on", Kind: Date, After: "founded_on"},
			{Name: "note", Kind: Long, Max: 500},
		},
		Children: []Child{{"cases", "station_id"}},
		Figures:  []string{KeyStations, KeySolved},
	}
	Cases = &Ledger{Slug: "cases", Table: "talent_cases", Parent: "station_id", DateField: "raised_on", NameField: "returnee", Nav: 12,
		Fields: []Field{
			{Name: "station_id", Kind: Ref, Ref: "stations", Required: true, List: true},
			{Name: "returnee", Kind: Text, Required: true, Max: 40, List: true, Search: true},
			{Name: "talent_id", Kind: Ref, Ref: "talents"},
			{Name: "raised_on", Kind: Date, Required: true, List: true},
			{Name: "problem", Kind: Long, Required: true, Max: 500, List: true, Search: true},
			{Name: "solved_on", Kind: Date, After: "raised_on", List: true},
			{Name: "solution", Kind: Long, Max: 500},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeySolved},
	}
	Features = &Ledger{Slug: "features", Table: "talent_features", Parent: "talent_id", DateField: "published_on", NameField: "title", Nav: 13,
		Fields: []Field{
			{Name: "talent_id", Kind: Ref, Ref: "talents", Required: true, List: true},
			{Name: "published_on", Kind: Date, Required: true, List: true},
			{Name: "title", Kind: Text, Required: true, Max: 120, List: true, Search: true},
			{Name: "channel", Kind: Text, Max: 40, Default: "", List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
		Figures: []string{KeyFeatured},
	}
	Documents = &Ledger{Slug: "documents", Table: "talent_documents", DateField: "issued_on", NameField: "title", Nav: 14,
		Fields: []Field{
			{Name: "title", Kind: Text, Required: true, Max: 120, List: true, Search: true},
			{Name: "kind", Kind: Choice, Required: true, Choices: []string{"points", "rules", "plan", "measure", "notice", "other"}, List: true, Filter: true},
			{Name: "doc_no", Kind: Text, Max: 40, List: true, Search: true},
			{Name: "issuer", Kind: Text, Max: 80},
			{Name: "issued_on", Kind: Date, Required: true, List: true},
			{Name: "note", Kind: Long, Max: 500},
		},
	}
)

// All lists every ledger in order.
var All = []*Ledger{Talents, Pool, Leads, Orders, Demands, Visits, Recruits, Subsidies, Groups, Members, Pushes, Courses, Stations, Cases, Features, Documents}

var bySlug = func() map[string]*Ledger {
	m := map[string]*Ledger{}
	for _, l := range All {
		m[l.Slug] = l
	}
	return m
}()

// Lookup returns the ledger with slug.
func Lookup(slug string) (*Ledger, bool) {
	l, ok := bySlug[slug]
	return l, ok
}
