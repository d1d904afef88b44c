package imports

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// Status of a job.
const (
	Checking = "checking"
	Writing  = "writing"
	Done     = "done"
	Failed   = "failed"
)

// Job is an import as its page and API show it.
type Job struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	Title      string    `json:"title"`
	FileName   string    `json:"file_name"`
	Status     string    `json:"status"`
	Total      int       `json:"total"` // rows read so far (all rows once checked)
	Done       int       `json:"done"`  // rows written
	FailedRows int       `json:"failed_rows"`
	Message    string    `json:"message"`
	HasErrors  bool      `json:"has_error_workbook"`
	Back       string    `json:"back"`
	CreatedAt  time.Time `json:"created_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// Service starts and tracks imports.
type Service struct {
	DB     *store.DB
	TmpDir string
	Log    *slog.Logger
	Now    func() time.Time

	live sync.Map // job id -> *progress, while running in this process
	wg   sync.WaitGroup
}

type progress struct {
	status atomic.Value // string
	read   atomic.Int64
	done   atomic.Int64
}

// New returns an import service keeping uploads in tmpDir while they run.
func New(db *store.DB, tmpDir string, log *slog.Logger) *Service {
	return &Service{DB: db, TmpDir: tmpDir, Log: log, Now: func() time.Time { return time.Now().UTC() }}
}

// Wait blocks until running imports finish (shutdown, tests).
func (s *Service) Wait() { s.wg.Wait() }

// Start saves the upload, checks its header row at once (so a wrong file
// is refused while the user waits), and runs the import in the background.
func (s *Service) Start(ctx context.Context, p *access.Principal, kind, fileName string, upload io.Reader) (Job, error) {
	spec, ok := Lookup(kind)
	if !ok {
		return Job{}, fault.New(fault.NotFound, "%s", i18n.T("import.unknown_kind"))
	}
	if !p.Can(spec.Perm) {
		return Job{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	if err := os.MkdirAll(s.TmpDir, 0o700); err != nil {
		return Job{}, err
	}
	f, err := os.CreateTemp(s.TmpDir, "import-*.xlsx")
	if err != nil {
		return Job{}, err
	}
	path := f.Name()
	n, err := io.Copy(f, io.LimitReader(upload, xlsx.MaxUpload+1))
	f.Close()
	if err != nil {
		os.Remove(path)
		return Job{}, err
	}
	if n > xlsx.MaxUpload {
		os.Remove(path)
		return Job{}, fault.New(fault.TooLarge, "%s", i18n.T("xlsx.too_large"))
	}
	if err := checkHeader(path, spec); err != nil {
		os.Remove(path)
		return Job{}, err
	}
	now := s.Now()
	job := Job{Kind: kind, Title: i18n.T(spec.Title), FileName: fileName, Status: Checking, Back: spec.Back, CreatedAt: now}
	if err := s.DB.QueryRowContext(ctx, `INSERT INTO import_jobs (kind, org_id, user_id, file_name, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, kind, p.OrgID, p.UserID, truncate(fileName, 200), Checking, store.Millis(now)).Scan(&job.ID); err != nil {
		os.Remove(path)
		return Job{}, err
	}
	pr := &progress{}
	pr.status.Store(Checking)
	s.live.Store(job.ID, pr)
	actor := audit.ActorFrom(ctx)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer os.Remove(path)
		defer s.live.Delete(job.ID)
		bg := audit.WithActor(access.WithPrincipal(context.Background(), p), actor)
		s.run(bg, job, spec, p, path, pr)
	}()
	return job, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func checkHeader(path string, spec Spec) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := xlsx.Open(f, spec.Columns)
	if err != nil {
		return err
	}
	return rd.Close()
}

// maxErrorsKept bounds the error workbook; the count of bad rows stays exact.
const maxErrorsKept = 20000

func (s *Service) run(ctx context.Context, job Job, spec Spec, p *access.Principal, path string, pr *progress) {
	fail := func(msg string, errs []xlsx.RowError, badRows int) {
		var book []byte
		if len(errs) > 0 {
			var buf bytesBuffer
			if err := xlsx.WriteErrors(&buf, errs); err == nil {
				book = buf.b
			}
		}
		_, err := s.DB.ExecContext(context.Background(), `UPDATE import_jobs SET status = ?, total = ?, done = 0, failed_rows = ?, message = ?, error_xlsx = ?, finished_at = ? WHERE id = ?`,
			Failed, pr.read.Load(), badRows, msg, book, store.Millis(s.Now()), job.ID)
		if err != nil {
			s.Log.Error("import: record failure", "job", job.ID, "err", err)
		}
		_ = audit.Log(ctx, s.DB, audit.Event{Action: "import.failed", ObjectType: "import", ObjectID: job.ID,
			Detail: map[string]any{"kind": job.Kind, "file": job.FileName, "rows": pr.read.Load(), "bad_rows": badRows, "message": msg}})
		pr.status.Store(Failed)
	}
	sess, err := spec.Prepare(ctx, s.DB, p)
	if err != nil {
		fail(publicMessage(err), nil, 0)
		return
	}
	// Pass one: check every row, keeping the errors, and spool the rows
	// for pass two.
	sp, err := newSpool(s.TmpDir, spec.Columns)
	if err != nil {
		s.Log.Error("import: spool", "job", job.ID, "err", err)
		fail(i18n.T("import.internal"), nil, 0)
		return
	}
	defer sp.close()
	var errs []xlsx.RowError
	badRows := 0
	err = eachRow(path, spec, func(row xlsx.Row) error {
		pr.read.Add(1)
		if rowErrs := sess.Check(row); len(rowErrs) > 0 {
			badRows++
			if len(errs) < maxErrorsKept {
				errs = append(errs, rowErrs...)
			}
		}
		if badRows > 0 {
			return nil // nothing will be written: no need to keep rows
		}
		return sp.add(row)
	})
	if err != nil {
		fail(publicMessage(err), nil, 0)
		return
	}
	if pr.read.Load() == 0 {
		fail(i18n.T("import.no_rows"), nil, 0)
		return
	}
	if badRows > 0 {
		fail(i18n.T("import.rows_bad", badRows, pr.read.Load()), errs, badRows)
		return
	}
	// Pass two: write every row in one transaction.
	pr.status.Store(Writing)
	_, _ = s.DB.ExecContext(ctx, `UPDATE import_jobs SET status = ?, total = ? WHERE id = ?`, Writing, pr.read.Load(), job.ID)
	var rowFail *RowFailure
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		n := 0
		if err := sp.each(func(row xlsx.Row) error {
			if err := sess.Insert(ctx, tx, row); err != nil {
				return err
			}
			n++
			pr.done.Add(1)
			return nil
		}); err != nil {
			return err
		}
		if err := sess.Finish(ctx, tx, n); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Event{Action: "import", ObjectType: "import", ObjectID: job.ID,
			Detail: map[string]any{"kind": job.Kind, "file": job.FileName, "rows": n}}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE import_jobs SET status = ?, total = ?, done = ?, message = ?, finished_at = ? WHERE id = ?`,
			Done, n, n, i18n.T("import.done_msg", n), store.Millis(s.Now()), job.ID)
		return err
	})
	if err != nil {
		pr.done.Store(0)
		if asRowFailure(err, &rowFail) {
			fail(i18n.T("import.rows_bad", 1, pr.read.Load()), []xlsx.RowError{rowFail.RowError}, 1)
			return
		}
		s.Log.Error("import failed", "job", job.ID, "err", err)
		fail(publicMessage(err), nil, 0)
		return
	}
	pr.status.Store(Done)
}

func asRowFailure(err error, target **RowFailure) bool {
	rf, ok := err.(*RowFailure)
	if ok {
		*target = rf
	}
	return ok
}

func publicMessage(err error) string {
	if e, ok := fault.As(err); ok && e.Code != fault.Internal {
		return e.Error()
	}
	return i18n.T("import.internal")
}

func eachRow(path string, spec Spec, fn func(xlsx.Row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := xlsx.Open(f, spec.Columns)
	if err != nil {
		return err
	}
	defer rd.Close()
	for {
		row, ok, err := rd.Next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// Get returns a job the principal started or whose organization is in
// their scope; live progress comes from memory while it runs here.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Job, error) {
	var j Job
	var created, finished int64
	var hasErr int
	err := s.DB.QueryRowContext(ctx, `SELECT j.id, j.kind, j.file_name, j.status, j.total, j.done, j.failed_rows, j.message,
		CASE WHEN j.error_xlsx IS NULL THEN 0 ELSE 1 END, j.created_at, j.finished_at
		FROM import_jobs j JOIN orgs o ON o.id = j.org_id
		WHERE j.id = ? AND (j.user_id = ? OR o.path LIKE ?)`, id, p.UserID, p.ScopeLike()).
		Scan(&j.ID, &j.Kind, &j.FileName, &j.Status, &j.Total, &j.Done, &j.FailedRows, &j.Message, &hasErr, &created, &finished)
	if store.IsNoRows(err) {
		return j, fault.New(fault.NotFound, "%s", i18n.T("import.not_found"))
	}
	if err != nil {
		return j, err
	}
	j.HasErrors = hasErr == 1
	j.CreatedAt, j.FinishedAt = store.Time(created), store.Time(finished)
	if spec, ok := Lookup(j.Kind); ok {
		j.Title, j.Back = i18n.T(spec.Title), spec.Back
	}
	if v, ok := s.live.Load(id); ok && (j.Status == Checking || j.Status == Writing) {
		pr := v.(*progress)
		j.Status = pr.status.Load().(string)
		j.Total = int(pr.read.Load())
		j.Done = int(pr.done.Load())
	}
	return j, nil
}

// ErrorWorkbook returns the error workbook of a failed job.
func (s *Service) ErrorWorkbook(ctx context.Context, p *access.Principal, id int64) ([]byte, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	var b []byte
	if err := s.DB.QueryRowContext(ctx, `SELECT error_xlsx FROM import_jobs WHERE id = ?`, id).Scan(&b); err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, fault.New(fault.NotFound, "%s", i18n.T("import.no_errors"))
	}
	return b, nil
}

// FailInterrupted marks jobs left running by a server that stopped (at start-up): a
// rolled-back transaction wrote nothing, and the job must say so.
func (s *Service) FailInterrupted(ctx context.Context) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE import_jobs SET status = ?, message = ?, done = 0, finished_at = ? WHERE status IN (?, ?)`,
		Failed, i18n.T("import.interrupted"), store.Millis(s.Now()), Checking, Writing)
	return err
}
