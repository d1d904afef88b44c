package member

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/idcard"
	"troika/internal/org"
	"troika/internal/store"
)

// Members keep their organization's path (org_path) for scoped counts;
// moves of the tree rewrite it.
func init() { org.RegisterPathCopy("members") }

// cols are read with the member's organization joined as o.
const cols = `m.id, m.org_id, o.name, o.code, m.name, m.gender, m.ethnicity, m.birth_date, m.id_enc, m.id_mask,
	m.phone_enc, m.phone_mask, m.education, m.occupation, m.joined_on, m.full_on, m.category, m.has_post, m.post,
	m.mobile, m.mobile_to, m.community, m.status, m.entered_on, m.left_on, m.note, m.created_at, m.updated_at`

// scan reads a row of cols, and extra columns after them into extra.
func scan(sc interface{ Scan(...any) error }, extra ...any) (Member, error) {
	var m Member
	var gender, cat, status string
	var created, updated int64
	err := sc.Scan(append([]any{&m.ID, &m.OrgID, &m.OrgName, &m.OrgCode, &m.Name, &gender, &m.Ethnicity, &m.BirthDate, &m.idEnc, &m.IDNumber,
		&m.phoneEnc, &m.Phone, &m.Education, &m.Occupation, &m.JoinedOn, &m.FullOn, &cat, &m.HasPost, &m.Post,
		&m.Mobile, &m.MobileTo, &m.Community, &status, &m.EnteredOn, &m.LeftOn, &m.Note, &created, &updated}, extra...)...)
	m.Gender, m.Category, m.Status = idcard.Gender(gender), Category(cat), Status(status)
	m.CreatedAt, m.UpdatedAt = store.Time(created), store.Time(updated)
	return m, err
}

// get reads one member whose organization lies in the scope at scopePath.
func get(ctx context.Context, q store.Querier, scopePath string, id int64) (Member, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+cols+` FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE m.id = ? AND m.org_path LIKE ?`, id, access.ScopeLike(scopePath)))
}

// Filter narrows the roster.
type Filter struct {
	Q         string // name part, or a whole ID number or phone
	Under     int64  // an organization's subtree (within scope)
	Status    string // a Status, "all", or "" for on the roll
	Gender    string
	Ethnicity string
	Education string
	Category  Category
	AgeBand   string
	Mobile    bool // only 流动党员
	NoPost    bool // only 无职党员
	// set by the service: keyed hashes of Q when it reads as an ID number
	// or phone, and the date ages are counted at.
	idHash, phoneHash string
	today             string
	Limit, Offset     int
}

func (f Filter) where(d store.Dialect, scopePath string) (string, []any) {
	conds := []string{"m.org_path LIKE ?"}
	args := []any{access.ScopeLike(scopePath)}
	switch {
	case f.idHash != "":
		conds = append(conds, "m.id_hash = ?")
		args = append(args, f.idHash)
	case f.phoneHash != "":
		conds = append(conds, "m.phone_hash = ?")
		args = append(args, f.phoneHash)
	case f.Q != "":
		// Only members whose names hold the query's first pair of
		// characters are tested for the whole query.
		if g := searchGram(f.Q); g != "" {
			conds = append(conds, "m.id IN (SELECT member_id FROM member_grams WHERE gram = ?)")
			args = append(args, g)
		}
		conds = append(conds, d.Contains("m.name"))
		args = append(args, f.Q)
	}
	if f.Under > 0 {
		conds = append(conds, "m.org_path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	switch {
	case f.Status == "":
		conds = append(conds, "m.status IN ('active', 'transferring')")
	case Status(f.Status).Valid():
		conds = append(conds, "m.status = ?")
		args = append(args, f.Status)
	}
	if f.Gender != "" {
		conds = append(conds, "m.gender = ?")
		args = append(args, f.Gender)
	}
	if f.Ethnicity != "" {
		conds = append(conds, "m.ethnicity = ?")
		args = append(args, f.Ethnicity)
	}
	if f.Education != "" {
		conds = append(conds, "m.education = ?")
		args = append(args, f.Education)
	}
	if f.Category != "" {
		conds = append(conds, "m.category = ?")
		args = append(args, string(f.Category))
	}
	if f.Mobile {
		conds = append(conds, "m.mobile = TRUE")
	}
	if f.NoPost {
		conds = append(conds, "m.has_post = FALSE")
	}
	if after, upTo, ok := ageBandBounds(f.AgeBand, f.today); ok && f.today != "" {
		if after != "" {
			conds = append(conds, "m.birth_date > ?")
			args = append(args, after)
		}
		if upTo != "" {
			conds = append(conds, "m.birth_date <= ?")
			args = append(args, upTo)
		}
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const listFrom = ` FROM members m JOIN orgs o ON o.id = m.org_id`

// list returns one page of the roster in pinyin order, and the total. The
// filters read only members' columns, so the scope index alone yields the
// page's ids and the number of matches; only the page's rows are read
// whole. A name search reads the few members its pair of characters names,
// so its page and total come from one pass (COUNT(*) OVER ()). Other
// filters count first; then, when the matches are dense enough that a
// walk of the roster in pinyin order reaches the page sooner than the
// scope's range can be read and sorted, the page walks (see walkPinyin).
func list(ctx context.Context, q store.Querier, scopePath string, f Filter) ([]Member, int, error) {
	d := q.Dialect()
	where, args := f.where(d, scopePath)
	if f.Limit <= 0 {
		f.Limit = 20
	}
	onePass := f.Q != "" && f.idHash == "" && f.phoneHash == ""
	total := -1
	var page string
	if onePass {
		// The matches are gathered first, in the subquery, and only then
		// sorted: given the ORDER BY beside the window, PostgreSQL's planner
		// walks the whole roster in pinyin order to skip a sort the window
		// makes it pay anyway (1.4 s instead of 0.17 s at a province).
		page = `SELECT id, total FROM (SELECT m.id, m.name_key, COUNT(*) OVER () AS total FROM members m` + where +
			`) hits ORDER BY name_key, id LIMIT ? OFFSET ?`
	} else {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m`+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
		walk, err := f.walkPinyin(ctx, q, total)
		if err != nil {
			return nil, 0, err
		}
		from := ` FROM members m`
		if walk {
			from += d.IndexedBy("members_pinyin")
		}
		page = `SELECT m.id, 0 AS total` + from + where + ` ORDER BY m.name_key, m.id LIMIT ? OFFSET ?`
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+`, pg.total`+listFrom+` JOIN (`+page+`) pg ON pg.id = m.id ORDER BY m.name_key, m.id`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var n int
		m, err := scan(rows, &n)
		if err != nil {
			return nil, 0, err
		}
		if onePass {
			total = n
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if total < 0 {
		// A page past the end carries no total: count on its own.
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m`+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// walkPinyin tells whether a page of total matches is found sooner by
// walking the whole roster in pinyin order (members_pinyin) than by reading
// the scope's range and sorting it. The walk passes about (offset+limit) ×
// roster / total entries before the page ends; reading the range passes at
// least total. So a prefecture's staff paging its roster walk, and a
// branch of thirty reads its range. Only SQLite needs telling (IndexedBy);
// the ethnicity filter's own index is already in pinyin order.
func (f Filter) walkPinyin(ctx context.Context, q store.Querier, total int) (bool, error) {
	if q.Dialect() != store.SQLite || f.Ethnicity != "" || f.idHash != "" || f.phoneHash != "" || total == 0 {
		return false, nil
	}
	// Members are never deleted, so the highest id is the roster's size,
	// read from the end of the table's B-tree.
	var roster int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM members`).Scan(&roster); err != nil {
		return false, err
	}
	return int64(f.Offset+f.Limit)*roster < int64(total)*int64(total), nil
}

// each streams every member matching f in pinyin order (exports).
func each(ctx context.Context, q store.Querier, scopePath string, f Filter, fn func(Member) error) error {
	where, args := f.where(q.Dialect(), scopePath)
	rows, err := q.QueryContext(ctx, `SELECT `+cols+listFrom+where+` ORDER BY m.name_key, m.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// record is a member row as written, with its sealed and hashed fields.
type record struct {
	OrgID                      int64
	OrgPath                    string // the organization's path, copied for scoped counts
	Name, NameKey              string
	Gender, Ethnicity, Birth   string
	IDEnc, IDHash, IDMask      string
	PhoneEnc, PhoneHash, Phone string // Phone is the mask
	Education, Occupation      string
	JoinedOn, FullOn           string
	Category                   Category
	HasPost                    bool
	Post                       string
	Mobile                     bool
	MobileTo, Community        string
	Status                     Status
	EnteredOn, LeftOn, Note    string
	At                         int64
}

const insertCols = `(org_id, org_path, name, name_key, gender, ethnicity, birth_date, id_enc, id_hash, id_mask, phone_enc, phone_hash, phone_mask,
	education, occupation, joined_on, full_on, category, has_post, post, mobile, mobile_to, community, status, entered_on, left_on, note,
	created_at, updated_at)`

const insertArity = 29

func (r *record) args() []any {
	return []any{r.OrgID, r.OrgPath, r.Name, r.NameKey, r.Gender, r.Ethnicity, r.Birth, r.IDEnc, r.IDHash, r.IDMask, r.PhoneEnc, r.PhoneHash, r.Phone,
		r.Education, r.Occupation, r.JoinedOn, r.FullOn, string(r.Category), r.HasPost, r.Post, r.Mobile, r.MobileTo, r.Community,
		string(r.Status), r.EnteredOn, r.LeftOn, r.Note, r.At, r.At}
}

var oneRow = "(" + store.Placeholders(insertArity) + ")"

func insert(ctx context.Context, tx *store.Tx, r *record) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO members `+insertCols+` VALUES `+oneRow+` RETURNING id`, r.args()...).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, insertGrams(ctx, tx, map[int64]string{id: r.Name})
}

// insertBatch writes many members and their name search rows, and returns
// their ids by ID-number hash.
func insertBatch(ctx context.Context, tx *store.Tx, recs []record) (map[string]int64, error) {
	ids := make(map[string]int64, len(recs))
	names := make(map[int64]string, len(recs))
	err := tx.InsertMany(ctx, `INSERT INTO members `+insertCols, insertArity, len(recs), func(i int) []any { return recs[i].args() },
		&store.NewIDs{KeyColumn: "id_hash", Key: func(i int) string { return recs[i].IDHash }, Got: func(i int, id int64) {
			ids[recs[i].IDHash], names[id] = id, recs[i].Name
		}})
	if err != nil {
		return nil, err
	}
	return ids, insertGrams(ctx, tx, names)
}

// eventRow is a history entry as written.
type eventRow struct {
	MemberID int64
	Kind     string
	On       string
	OrgID    int64
	OtherOrg string
	Detail   string
	ActorID  int64
	Actor    string
	At       int64
}

func (e eventRow) args() []any {
	return []any{e.MemberID, e.Kind, e.On, e.OrgID, e.OtherOrg, e.Detail, e.ActorID, e.Actor, e.At}
}

const eventInsert = `INSERT INTO member_events (member_id, kind, on_date, org_id, other_org, detail, actor_id, actor, at)`

var eventRowPH = "(" + store.Placeholders(9) + ")"

func insertEvent(ctx context.Context, tx *store.Tx, e eventRow) error {
	_, err := tx.ExecContext(ctx, eventInsert+` VALUES `+eventRowPH, e.args()...)
	return err
}

func insertEvents(ctx context.Context, tx *store.Tx, evs []eventRow) error {
	return tx.InsertMany(ctx, eventInsert, 9, len(evs), func(i int) []any { return evs[i].args() }, nil)
}

func events(ctx context.Context, q store.Querier, memberID int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.kind, e.on_date, e.org_id, o.name, e.other_org, e.detail, e.actor, e.at
		FROM member_events e JOIN orgs o ON o.id = e.org_id WHERE e.member_id = ? ORDER BY e.on_date, e.at, e.id`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		if err := rows.Scan(&e.ID, &e.Kind, &e.On, &e.OrgID, &e.OrgName, &e.OtherOrg, &e.Detail, &e.Actor, &at); err != nil {
			return nil, err
		}
		e.At = store.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
