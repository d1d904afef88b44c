// Package ecommerce keeps the ledger of the 红色电商圈 alliance: the member
// enterprises an organization brought in, the products they put on sale,
// and the sales recorded for them — the “产销送” chain whose figures are
// enterprises helped, products sold and sales in a period.
package ecommerce

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/service"
	"troika/internal/store"
)

// Enterprise is a member enterprise of the alliance.
type Enterprise struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	Name       string    `json:"name"`
	CreditCode string    `json:"credit_code"`
	Kind       string    `json:"kind"`
	Contact    string    `json:"contact"`
	JoinedOn   string    `json:"joined_on"`
	Note       string    `json:"note"`
	Products   int       `json:"products"`
	SalesFen   int64     `json:"sales_fen"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Sales is the enterprise's recorded sales in 元.
func (e Enterprise) Sales() string { return service.Yuan(e.SalesFen) }

// EnterpriseInput is an enterprise as entered.
type EnterpriseInput struct {
	OrgID      int64  `json:"org_id"`
	Name       string `json:"name"`
	CreditCode string `json:"credit_code"`
	Kind       string `json:"kind"`
	Contact    string `json:"contact"`
	JoinedOn   string `json:"joined_on"`
	Note       string `json:"note"`
}

// Kinds of member enterprises.
var Kinds = []string{"合作社", "农产品加工企业", "特产商贸企业", "电商企业", "个体工商户", "物流快递企业"}

// Product is a product an enterprise sells.
type Product struct {
	ID           int64  `json:"id"`
	EnterpriseID int64  `json:"enterprise_id"`
	Enterprise   string `json:"enterprise"`
	Name         string `json:"name"`
	Category     string `json:"category"`
	Unit         string `json:"unit"`
	PriceFen     int64  `json:"price_fen"`
	ListedOn     string `json:"listed_on"`
}

// Price is the list price in 元.
func (p Product) Price() string { return service.Yuan(p.PriceFen) }

// ProductInput is a product as entered; Price in 元.
type ProductInput struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Unit     string `json:"unit"`
	Price    string `json:"price"`
	ListedOn string `json:"listed_on"`
}

// Categories of products.
var Categories = []string{"大米杂粮", "山珍菌类", "朝鲜族风味食品", "果蔬", "畜禽肉蛋", "蜂蜜特产", "手工艺品", "其他"}

// Channels a sale goes through.
var Channels = []string{"电商平台", "美团", "直播带货", "社区团购", "线下展销", "单位订购"}

// Sale is one sales record of a product.
type Sale struct {
	ID           int64  `json:"id"`
	ProductID    int64  `json:"product_id"`
	Product      string `json:"product"`
	EnterpriseID int64  `json:"enterprise_id"`
	Enterprise   string `json:"enterprise"`
	SoldOn       string `json:"sold_on"`
	Quantity     int64  `json:"quantity"`
	AmountFen    int64  `json:"amount_fen"`
	Channel      string `json:"channel"`
	Note         string `json:"note"`
}

// Amount is the amount in 元.
func (s Sale) Amount() string { return service.Yuan(s.AmountFen) }

// SaleInput is a sale as entered; Amount in 元.
type SaleInput struct {
	ProductID int64  `json:"product_id"`
	SoldOn    string `json:"sold_on"`
	Quantity  int64  `json:"quantity"`
	Amount    string `json:"amount"`
	Channel   string `json:"channel"`
	Note      string `json:"note"`
}

// Service applies the ledger's rules.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

const day = "2006-01-02"

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

func (s *Service) checkDate(v *fault.Fields, field, label string, val *string) {
	*val = strings.TrimSpace(*val)
	if *val == "" {
		v.Add(field, label, i18n.T("field.required"))
	} else if _, err := time.Parse(day, *val); err != nil {
		v.Add(field, label, i18n.T("field.date_format"))
		*val = ""
	} else if *val > s.today() {
		v.Add(field, label, i18n.T("field.date_future"))
		*val = ""
	}
}

func oneOf(v *fault.Fields, field, label, val string, list []string) {
	if val == "" {
		v.Add(field, label, i18n.T("field.choose"))
		return
	}
	for _, x := range list {
		if x == val {
			return
		}
	}
	v.Add(field, label, i18n.T("field.unknown_value"))
}

func escapeLike(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

const entCols = `e.id, e.org_id, o.name, e.name, e.credit_code, e.kind, e.contact, e.joined_on, e.note, e.created_at, e.updated_at,
	(SELECT COUNT(*) FROM ecom_products p WHERE p.enterprise_id = e.id),
	(SELECT COALESCE(SUM(x.amount_fen), 0) FROM ecom_sales x WHERE x.enterprise_id = e.id)`
const entFrom = ` FROM ecom_enterprises e JOIN orgs o ON o.id = e.org_id`

func scanEnt(sc interface{ Scan(...any) error }) (Enterprise, error) {
	var e Enterprise
	var c, u int64
	err := sc.Scan(&e.ID, &e.OrgID, &e.OrgName, &e.Name, &e.CreditCode, &e.Kind, &e.Contact, &e.JoinedOn, &e.Note, &c, &u, &e.Products, &e.SalesFen)
	e.CreatedAt, e.UpdatedAt = store.Time(c), store.Time(u)
	return e, err
}

// Enterprises lists the member enterprises in scope.
func (s *Service) Enterprises(ctx context.Context, p *access.Principal, q string, limit, offset int) ([]Enterprise, int, error) {
	where, args := ` WHERE o.path LIKE ?`, []any{p.ScopeLike()}
	if q = strings.TrimSpace(q); q != "" {
		like := "%" + escapeLike(q) + "%"
		where += ` AND (e.name LIKE ? OR e.kind LIKE ? OR o.name LIKE ?)`
		args = append(args, like, like, like)
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+entFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+entCols+entFrom+where+` ORDER BY e.joined_on, e.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Enterprise{}
	for rows.Next() {
		e, err := scanEnt(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func getEnt(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Enterprise, error) {
	return scanEnt(q.QueryRowContext(ctx, `SELECT `+entCols+entFrom+` WHERE e.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
}

func entNotFound() error { return fault.New(fault.NotFound, "%s", i18n.T("ecom.not_found")) }

// Enterprise returns one enterprise in scope.
func (s *Service) Enterprise(ctx context.Context, p *access.Principal, id int64) (Enterprise, error) {
	e, err := getEnt(ctx, s.DB, p, id)
	if store.IsNoRows(err) {
		return e, entNotFound()
	}
	return e, err
}

// SaveEnterprise creates (id 0) or updates an enterprise.
func (s *Service) SaveEnterprise(ctx context.Context, p *access.Principal, id int64, in EnterpriseInput) (Enterprise, error) {
	var v fault.Fields
	checkText(&v, "name", i18n.T("ecom.field.name"), &in.Name, 60, true)
	checkText(&v, "credit_code", i18n.T("ecom.field.credit_code"), &in.CreditCode, 18, false)
	checkText(&v, "contact", i18n.T("ecom.field.contact"), &in.Contact, 60, false)
	checkText(&v, "note", i18n.T("ecom.field.note"), &in.Note, 500, false)
	oneOf(&v, "kind", i18n.T("ecom.field.kind"), in.Kind, Kinds)
	s.checkDate(&v, "joined_on", i18n.T("ecom.field.joined_on"), &in.JoinedOn)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var before Enterprise
		if id > 0 {
			var err error
			if before, err = getEnt(ctx, tx, p, id); store.IsNoRows(err) {
				return entNotFound()
			} else if err != nil {
				return err
			}
		}
		var dissolved bool
		err := tx.QueryRowContext(ctx, `SELECT dissolved FROM orgs WHERE id = ? AND path LIKE ?`, in.OrgID, p.ScopeLike()).Scan(&dissolved)
		switch {
		case in.OrgID <= 0:
			v.Add("org_id", i18n.T("ecom.field.org"), i18n.T("field.choose"))
		case store.IsNoRows(err):
			v.Add("org_id", i18n.T("ecom.field.org"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case dissolved:
			v.Add("org_id", i18n.T("ecom.field.org"), i18n.T("ecom.org_dissolved"))
		}
		if in.Name != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ecom_enterprises WHERE name = ? AND id <> ?`, in.Name, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				v.Add("name", i18n.T("ecom.field.name"), i18n.T("ecom.name_taken"))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO ecom_enterprises (org_id, name, credit_code, kind, contact, joined_on, note, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Name, in.CreditCode, in.Kind, in.Contact, in.JoinedOn, in.Note, now, now).Scan(&id); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Action: "ecom_enterprise.create", ObjectType: "ecom_enterprise", ObjectID: id, Detail: in})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ecom_enterprises SET org_id = ?, name = ?, credit_code = ?, kind = ?, contact = ?, joined_on = ?, note = ?,
			updated_at = ? WHERE id = ?`, in.OrgID, in.Name, in.CreditCode, in.Kind, in.Contact, in.JoinedOn, in.Note, now, id); err != nil {
			return err
		}
		after, err := getEnt(ctx, tx, p, id)
		if err != nil {
			return err
		}
		ch := audit.Changes(before, after)
		delete(ch, "updated_at")
		delete(ch, "org_name")
		return audit.Record(ctx, tx, audit.Event{Action: "ecom_enterprise.update", ObjectType: "ecom_enterprise", ObjectID: id, Detail: ch})
	})
	if err != nil {
		return Enterprise{}, err
	}
	return s.Enterprise(ctx, p, id)
}

// Products lists an enterprise's products (the enterprise in scope).
func (s *Service) Products(ctx context.Context, p *access.Principal, ent int64) ([]Product, error) {
	if _, err := s.Enterprise(ctx, p, ent); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.enterprise_id, e.name, p.name, p.category, p.unit, p.price_fen, p.listed_on
		FROM ecom_products p JOIN ecom_enterprises e ON e.id = p.enterprise_id WHERE p.enterprise_id = ? ORDER BY p.listed_on, p.id`, ent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Product{}
	for rows.Next() {
		var x Product
		if err := rows.Scan(&x.ID, &x.EnterpriseID, &x.Enterprise, &x.Name, &x.Category, &x.Unit, &x.PriceFen, &x.ListedOn); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddProduct puts a product of an enterprise in scope on the ledger.
func (s *Service) AddProduct(ctx context.Context, p *access.Principal, ent int64, in ProductInput) (Product, error) {
	var v fault.Fields
	checkText(&v, "name", i18n.T("ecom.field.product"), &in.Name, 60, true)
	checkText(&v, "unit", i18n.T("ecom.field.unit"), &in.Unit, 10, false)
	oneOf(&v, "category", i18n.T("ecom.field.category"), in.Category, Categories)
	s.checkDate(&v, "listed_on", i18n.T("ecom.field.listed_on"), &in.ListedOn)
	price := int64(0)
	if strings.TrimSpace(in.Price) != "" {
		var ok bool
		if price, ok = service.ParseYuan(in.Price); !ok {
			v.Add("price", i18n.T("ecom.field.price"), i18n.T("service.money_format"))
		}
	}
	var out Product
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		e, err := getEnt(ctx, tx, p, ent)
		if store.IsNoRows(err) {
			return entNotFound()
		}
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO ecom_products (enterprise_id, name, category, unit, price_fen, listed_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, ent, in.Name, in.Category, in.Unit, price, in.ListedOn, store.Millis(s.Now()), store.Millis(s.Now())).Scan(&id)
		if store.IsUniqueViolation(err) {
			var fv fault.Fields
			fv.Add("name", i18n.T("ecom.field.product"), i18n.T("ecom.product_taken"))
			return fv.Err()
		}
		if err != nil {
			return err
		}
		out = Product{ID: id, EnterpriseID: ent, Enterprise: e.Name, Name: in.Name, Category: in.Category, Unit: in.Unit, PriceFen: price, ListedOn: in.ListedOn}
		return audit.Record(ctx, tx, audit.Event{Action: "ecom_product.create", ObjectType: "ecom_product", ObjectID: id, Detail: out})
	})
	return out, err
}

const saleCols = `x.id, x.product_id, p.name, x.enterprise_id, e.name, x.sold_on, x.quantity, x.amount_fen, x.channel, x.note`
const saleFrom = ` FROM ecom_sales x JOIN ecom_products p ON p.id = x.product_id JOIN ecom_enterprises e ON e.id = x.enterprise_id JOIN orgs o ON o.id = e.org_id`

// SaleFilter narrows the sales list.
type SaleFilter struct {
	Enterprise int64
	From, To   string
	Limit      int
	Offset     int
}

// Sales lists sales in scope, latest first, with their total amount.
func (s *Service) Sales(ctx context.Context, p *access.Principal, f SaleFilter) ([]Sale, int, int64, error) {
	where, args := ` WHERE o.path LIKE ?`, []any{p.ScopeLike()}
	if f.Enterprise > 0 {
		where += ` AND x.enterprise_id = ?`
		args = append(args, f.Enterprise)
	}
	if f.From != "" {
		where += ` AND x.sold_on >= ? AND x.sold_on < ?`
		args = append(args, f.From, f.To)
	}
	var total int
	var sum int64
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(x.amount_fen), 0)`+saleFrom+where, args...).Scan(&total, &sum); err != nil {
		return nil, 0, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+saleCols+saleFrom+where+` ORDER BY x.sold_on DESC, x.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	out := []Sale{}
	for rows.Next() {
		var x Sale
		if err := rows.Scan(&x.ID, &x.ProductID, &x.Product, &x.EnterpriseID, &x.Enterprise, &x.SoldOn, &x.Quantity, &x.AmountFen, &x.Channel, &x.Note); err != nil {
			return nil, 0, 0, err
		}
		out = append(out, x)
	}
	return out, total, sum, rows.Err()
}

// maxSaleFen bounds one sales record: 1 亿元.
const maxSaleFen = 10_000_000_000

// AddSale records a sale of a product of an enterprise in scope.
func (s *Service) AddSale(ctx context.Context, p *access.Principal, in SaleInput) (Sale, error) {
	var v fault.Fields
	checkText(&v, "note", i18n.T("ecom.field.note"), &in.Note, 200, false)
	oneOf(&v, "channel", i18n.T("ecom.field.channel"), in.Channel, Channels)
	s.checkDate(&v, "sold_on", i18n.T("ecom.field.sold_on"), &in.SoldOn)
	if in.Quantity < 1 || in.Quantity > 10_000_000 {
		v.Add("quantity", i18n.T("ecom.field.quantity"), i18n.T("field.range", 1, 10_000_000))
	}
	amount, ok := service.ParseYuan(in.Amount)
	if !ok || amount <= 0 || amount > maxSaleFen {
		v.Add("amount", i18n.T("ecom.field.amount"), i18n.T("ecom.amount_range"))
	}
	var out Sale
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var ent int64
		var listed, pname, ename string
		err := tx.QueryRowContext(ctx, `SELECT p.enterprise_id, p.listed_on, p.name, e.name FROM ecom_products p JOIN ecom_enterprises e ON e.id = p.enterprise_id
			JOIN orgs o ON o.id = e.org_id WHERE p.id = ? AND o.path LIKE ?`, in.ProductID, p.ScopeLike()).Scan(&ent, &listed, &pname, &ename)
		switch {
		case in.ProductID <= 0:
			v.Add("product_id", i18n.T("ecom.field.product"), i18n.T("field.choose"))
		case store.IsNoRows(err):
			v.Add("product_id", i18n.T("ecom.field.product"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case in.SoldOn != "" && in.SoldOn < listed:
			v.Add("sold_on", i18n.T("ecom.field.sold_on"), i18n.T("ecom.before_listed", listed))
		}
		if err := v.Err(); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO ecom_sales (product_id, enterprise_id, sold_on, quantity, amount_fen, channel, note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.ProductID, ent, in.SoldOn, in.Quantity, amount, in.Channel, in.Note, p.UserID,
			store.Millis(s.Now())).Scan(&id); err != nil {
			return err
		}
		out = Sale{ID: id, ProductID: in.ProductID, Product: pname, EnterpriseID: ent, Enterprise: ename, SoldOn: in.SoldOn, Quantity: in.Quantity,
			AmountFen: amount, Channel: in.Channel, Note: in.Note}
		return audit.Record(ctx, tx, audit.Event{Action: "ecom_sale.create", ObjectType: "ecom_sale", ObjectID: id, Detail: out})
	})
	return out, err
}
