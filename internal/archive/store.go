package archive

import (
	"context"
	"strings"

	"troika/internal/store"
)

// cols reads an archive with its organization's name and its open loan
// (the LEFT JOIN finds at most one: a lent archive has one loan without a
// return date).
const cols = `a.id, a.org_id, o.name, COALESCE(a.member_id, 0), a.name, a.gender, a.birth_date, a.id_mask,
	a.received_on, a.received_from, a.receiver, a.status, a.shelf_no, a.filed_on, a.transferred_on, a.transferred_to,
	a.receipt_no, a.note, a.created_at, a.updated_at,
	COALESCE(l.id, 0), COALESCE(l.borrower, ''), COALESCE(l.borrower_unit, ''), COALESCE(l.purpose, ''),
	COALESCE(l.lent_on, ''), COALESCE(l.due_on, ''), COALESCE(l.lent_by, '')`

const fromSQL = ` FROM archives a JOIN orgs o ON o.id = a.org_id
	LEFT JOIN archive_loans l ON l.archive_id = a.id AND l.returned_on = ''`

func scan(sc interface{ Scan(...any) error }) (Archive, error) {
	var a Archive
	var status string
	var created, updated int64
	var l Loan
	err := sc.Scan(&a.ID, &a.OrgID, &a.OrgName, &a.MemberID, &a.Name, &a.Gender, &a.BirthDate, &a.IDMask,
		&a.ReceivedOn, &a.ReceivedFrom, &a.Receiver, &status, &a.ShelfNo, &a.FiledOn, &a.TransferredOn, &a.TransferredTo,
		&a.ReceiptNo, &a.Note, &created, &updated,
		&l.ID, &l.Borrower, &l.BorrowerUnit, &l.Purpose, &l.LentOn, &l.DueOn, &l.LentBy)
	a.Status = Status(status)
	a.StatusLabel = a.Status.Label()
	a.CreatedAt, a.UpdatedAt = store.Time(created), store.Time(updated)
	if l.ID > 0 {
		l.ArchiveID = a.ID
		a.Loan = &l
	}
	return a, err
}

// get reads one archive whose organization lies under scopeLike.
func get(ctx context.Context, q store.Querier, scopeLike string, id int64) (Archive, error) {
	a, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+fromSQL+` WHERE a.id = ? AND o.path LIKE ?`, id, scopeLike))
	if err != nil {
		return a, err
	}
	a.Materials, err = materials(ctx, q, id)
	return a, err
}

func materials(ctx context.Context, q store.Querier, id int64) ([]Material, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, copies FROM archive_materials WHERE archive_id = ? ORDER BY sort, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Material{}
	for rows.Next() {
		var m Material
		if err := rows.Scan(&m.Name, &m.Copies); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Filter narrows the archive list.
type Filter struct {
	Q        string
	Status   Status
	Under    int64  // only this organization's subtree (within scope)
	From, To string // received on or after From, before To (YYYY-MM-DD)
	Overdue  string // today: only lent archives due before it
	Limit    int
	Offset   int
}

func (f Filter) where(scopeLike string) (string, []any) {
	conds := []string{"o.path LIKE ?"}
	args := []any{scopeLike}
	if f.Q != "" {
		conds = append(conds, "(a.name LIKE ? OR a.shelf_no LIKE ? OR a.received_from LIKE ? OR a.receipt_no LIKE ?)")
		like := "%" + escapeLike(f.Q) + "%"
		args = append(args, like, like, like, like)
	}
	if f.Status != "" {
		conds = append(conds, "a.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.From != "" {
		conds = append(conds, "a.received_on >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "a.received_on < ?")
		args = append(args, f.To)
	}
	if f.Overdue != "" {
		conds = append(conds, "a.status = 'lent' AND l.due_on < ?")
		args = append(args, f.Overdue)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// escapeLike drops LIKE wildcards from user input; names never need them.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func list(ctx context.Context, q store.Querier, scopeLike string, f Filter) ([]Archive, int, error) {
	where, args := f.where(scopeLike)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+fromSQL+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	order := ` ORDER BY a.received_on DESC, a.id DESC`
	if f.Overdue != "" {
		order = ` ORDER BY l.due_on, a.id`
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+fromSQL+where+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Archive{}
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// counts are the tallies of the ledger page: archives held by status and
// lent ones past their due date.
type counts struct {
	Held, Lent, Overdue, Transferred int
}

func tally(ctx context.Context, q store.Querier, scopeLike, today string) (counts, error) {
	var c counts
	err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN a.status <> 'transferred' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'lent' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'lent' AND l.due_on < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'transferred' THEN 1 ELSE 0 END), 0)`+fromSQL+` WHERE o.path LIKE ?`, today, scopeLike).
		Scan(&c.Held, &c.Lent, &c.Overdue, &c.Transferred)
	return c, err
}

// row is an archive as stored, for inserts and updates.
type row struct {
	OrgID        int64
	MemberID     int64
	Name         string
	Gender       string
	BirthDate    string
	IDEnc        string
	IDHash       string
	IDMask       string
	ReceivedOn   string
	ReceivedFrom string
	Receiver     string
	Note         string
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func insert(ctx context.Context, tx *store.Tx, r row, now int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO archives (org_id, member_id, name, gender, birth_date, id_enc, id_hash, id_mask,
		received_on, received_from, receiver, status, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?) RETURNING id`,
		r.OrgID, nullID(r.MemberID), r.Name, r.Gender, r.BirthDate, r.IDEnc, r.IDHash, r.IDMask,
		r.ReceivedOn, r.ReceivedFrom, r.Receiver, r.Note, now, now).Scan(&id)
	return id, err
}

func update(ctx context.Context, tx *store.Tx, id int64, r row, now int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE archives SET org_id = ?, member_id = ?, name = ?, gender = ?, birth_date = ?,
		id_enc = ?, id_hash = ?, id_mask = ?, received_on = ?, received_from = ?, receiver = ?, note = ?, updated_at = ?
		WHERE id = ?`, r.OrgID, nullID(r.MemberID), r.Name, r.Gender, r.BirthDate, r.IDEnc, r.IDHash, r.IDMask,
		r.ReceivedOn, r.ReceivedFrom, r.Receiver, r.Note, now, id)
	return err
}

func replaceMaterials(ctx context.Context, tx *store.Tx, id int64, ms []Material) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM archive_materials WHERE archive_id = ?`, id); err != nil {
		return err
	}
	for i, m := range ms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive_materials (archive_id, name, copies, sort) VALUES (?, ?, ?, ?)`,
			id, m.Name, m.Copies, i); err != nil {
			return err
		}
	}
	return nil
}

func addEvent(ctx context.Context, tx *store.Tx, id int64, act Action, fromS, toS Status, on, detail string, actorID int64, actor string, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO archive_events (archive_id, action, from_status, to_status, on_date, detail, actor_id, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, string(act), string(fromS), string(toS), on, detail, actorID, actor, now)
	return err
}

func events(ctx context.Context, q store.Querier, id int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT action, from_status, to_status, on_date, detail, actor, at
		FROM archive_events WHERE archive_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var act, fs, ts string
		var at int64
		if err := rows.Scan(&act, &fs, &ts, &e.OnDate, &e.Detail, &e.Actor, &at); err != nil {
			return nil, err
		}
		e.Action, e.FromStatus, e.ToStatus, e.At = Action(act), Status(fs), Status(ts), store.Time(at)
		e.Label = e.Action.Label()
		out = append(out, e)
	}
	return out, rows.Err()
}

func loans(ctx context.Context, q store.Querier, id int64) ([]Loan, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, archive_id, borrower, borrower_unit, purpose, lent_on, due_on, returned_on, lent_by, returned_by
		FROM archive_loans WHERE archive_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Loan{}
	for rows.Next() {
		var l Loan
		if err := rows.Scan(&l.ID, &l.ArchiveID, &l.Borrower, &l.BorrowerUnit, &l.Purpose, &l.LentOn, &l.DueOn, &l.ReturnedOn, &l.LentBy, &l.ReturnedBy); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
