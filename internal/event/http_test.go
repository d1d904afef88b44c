package event_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"troika/internal/event"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Pages, API, exports and guessed ids: town A never sees town B's cases,
// a grid worker only their grid's.
func TestHTTPScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a := f.report(t, f.staff, event.Input{GridID: f.gridA, CategoryID: f.catInfra, Place: "甲镇东风村路口", Description: "井盖缺失", Phone: "13900001111"})
		a2 := f.report(t, f.staff, event.Input{GridID: f.gridA2, CategoryID: f.catInfra, Place: "甲镇二网格楼下", Description: "楼道堆物"})
		b := f.report(t, f.staff, event.Input{GridID: f.gridB, CategoryID: f.catInfra, Place: "乙镇西岭村桥头", Description: "护栏损坏"})
		id := func(e event.Event) string { return fmt.Sprint(e.ID) }
		f.e.Run(t, []testapp.Scenario{
			{Name: "town A list page", User: testapp.TownA, Page: true, Path: "/events", Status: 200, Want: []string{"甲镇东风村路口", "解决民生事件"}, WantNot: []string{"乙镇西岭村桥头"}},
			{Name: "town A case page", User: testapp.TownA, Page: true, Path: "/events/" + id(a), Status: 200, Want: []string{"139****1111", `data-step="accept"`, "群众查询页"}, WantNot: []string{"13900001111", `data-step="dispatch"`, `data-step="close"`}},
			{Name: "town B list API", User: testapp.TownB, Path: "/api/v1/events", Status: 200, Want: []string{"乙镇西岭村桥头"}, WantNot: []string{"甲镇东风村路口"}},
			{Name: "town B guesses A's id", User: testapp.TownB, Path: "/api/v1/events/" + id(a), Status: 404, WantNot: []string{"井盖"}},
			{Name: "town B guesses A's page", User: testapp.TownB, Page: true, Path: "/events/" + id(a), Status: 404},
			{Name: "town B steps A's case", User: testapp.TownB, Method: "POST", Path: "/api/v1/events/" + id(a) + "/steps/accept", Body: map[string]any{}, Status: 404},
			{Name: "town B export", User: testapp.TownB, Path: "/api/v1/events/export", Status: 200},
			{Name: "grid worker list", User: gridUser, Path: "/api/v1/events", Status: 200, Want: []string{"甲镇东风村路口"}, WantNot: []string{"甲镇二网格楼下", "乙镇西岭村桥头"}},
			{Name: "grid worker other grid", User: gridUser, Path: "/api/v1/events/" + id(a2), Status: 404},
			{Name: "grid worker page", User: gridUser, Page: true, Path: "/events/" + id(a), Status: 200, Want: []string{"受理"}},
			{Name: "member has no events", User: testapp.Member, Path: "/api/v1/events", Status: 403},
			{Name: "staff reads all", User: testapp.Staff, Path: "/api/v1/events?size=10", Status: 200, Want: []string{"甲镇东风村路口", "乙镇西岭村桥头", `"total":3`}},
			{Name: "filter by grid", User: testapp.Staff, Path: fmt.Sprintf("/api/v1/events?grid=%d", f.gridB), Status: 200, Want: []string{`"total":1`}},
			{Name: "bad period", User: testapp.Staff, Path: "/api/v1/events?period=20xx", Status: 422, Want: []string{"期间"}},
			{Name: "unmask audited", User: testapp.Staff, Method: "POST", Path: "/api/v1/events/" + id(a) + "/reveal", Status: 200, Want: []string{"13900001111"}},
			{Name: "town A cannot change categories", User: testapp.TownA, Method: "POST", Path: "/api/v1/event-categories", Body: map[string]any{"code": "x1", "name": "新类", "accept_hours": 1, "dispatch_hours": 1, "handle_hours": 1, "verify_hours": 1, "close_hours": 1, "active": true}, Status: 403},
			{Name: "staff adds category", User: testapp.Staff, Method: "POST", Path: "/api/v1/event-categories", Body: map[string]any{"code": "heating", "name": "供暖", "accept_hours": 1, "dispatch_hours": 2, "handle_hours": 24, "verify_hours": 12, "close_hours": 12, "active": true}, Status: 201},
			{Name: "category bad hours", User: testapp.Staff, Method: "POST", Path: "/api/v1/event-categories", Body: map[string]any{"code": "gas", "name": "燃气", "accept_hours": 0, "dispatch_hours": 2, "handle_hours": 24, "verify_hours": 12, "close_hours": 12}, Status: 422, Want: []string{"受理时限"}},
		})
		_ = b
		var n int
		if err := db.QueryRowContext(f.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'personal.reveal' AND object_type = 'event'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("reveal audited %d times (%v)", n, err)
		}
	})
}

func pngBytes() []byte {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{uint8(150 + x*2), uint8(60 + y*3), 40, 255})
		}
	}
	png.Encode(&b, img)
	return b.Bytes()
}

// multipartForm builds a form with fields and one file.
func multipartForm(fields map[string]string, file []byte, name string) (string, io.Reader) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if file != nil {
		fw, _ := w.CreateFormFile("photo", name)
		fw.Write(file)
	}
	w.Close()
	return w.FormDataContentType(), &body
}

// The public pages: a report with a photo gives a code; the tracking page
// shows the case and its photo (and only its own); evaluation once closed;
// strict input; rate limiting per client.
func TestPublicPages(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		post := func(fields map[string]string, file []byte) *http.Response {
			t.Helper()
			ct, body := multipartForm(fields, file, "x.png")
			req, _ := http.NewRequest("POST", f.e.URL+"/public/events/new", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Origin", f.e.URL)
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		fields := map[string]string{"org_id": fmt.Sprint(f.e.City.BranchA1.ID), "category_id": fmt.Sprint(f.catX), "place": "东风村小学门口", "description": "垃圾堆放多日", "phone": "138-0013-8000"}
		res := post(fields, pngBytes())
		loc := res.Header.Get("Location")
		if res.StatusCode != 303 || !strings.HasPrefix(loc, "/public/events/track/") {
			b, _ := io.ReadAll(res.Body)
			t.Fatalf("report: %d %s %.300s", res.StatusCode, loc, b)
		}
		code := strings.TrimPrefix(strings.Split(loc, "?")[0], "/public/events/track/")
		page := f.e.Do(t, "GET", loc, "", nil)
		if page.Status != 200 || !strings.Contains(page.Body, code) || !strings.Contains(page.Body, "东风村小学门口") || strings.Contains(page.Body, "138") {
			t.Fatalf("track page: %d %.500s", page.Status, page.Body)
		}
		// The photo is served on its own case's page, not on another's.
		var sha string
		if err := db.QueryRowContext(f.ctx, `SELECT p.sha256 FROM event_photos p JOIN events e ON e.id = p.event_id WHERE e.code = ?`, code).Scan(&sha); err != nil {
			t.Fatal(err)
		}
		if r := f.e.Do(t, "GET", "/public/events/track/"+code+"/photos/"+sha, "", nil); r.Status != 200 || r.Header.Get("Content-Type") != "image/png" {
			t.Errorf("photo: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		other, err := f.svc.PublicReport(f.ctx, event.Input{OrgID: f.e.City.BranchB1.ID, CategoryID: f.catX, Place: "别处", Description: "别的事"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r := f.e.Do(t, "GET", "/public/events/track/"+other+"/photos/"+sha, "", nil); r.Status != 404 {
			t.Errorf("photo through another case: %d", r.Status)
		}
		// Bad input: named fields in Chinese, form kept, nothing saved.
		bad := map[string]string{"org_id": "abc", "category_id": fmt.Sprint(f.catX), "place": "", "description": "描述留着"}
		res = post(bad, []byte("GIF89a not an image"))
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 422 || !strings.Contains(string(b), "所属组织") || !strings.Contains(string(b), "描述留着") {
			t.Errorf("bad report: %d %.600s", res.StatusCode, b)
		}
		res = post(map[string]string{"org_id": fmt.Sprint(f.e.City.BranchA1.ID), "category_id": fmt.Sprint(f.catX), "place": "某处", "description": "某事"}, []byte("GIF89a not an image"))
		b, _ = io.ReadAll(res.Body)
		if res.StatusCode != 422 || !strings.Contains(string(b), "只接受JPG或PNG图片") {
			t.Errorf("gif: %d %.600s", res.StatusCode, b)
		}
		// The public API: unknown fields refused; evaluation only once closed.
		f.e.Run(t, []testapp.Scenario{
			{Name: "api extra field", Method: "POST", Path: "/api/v1/public/events", Body: map[string]any{"org_id": f.e.City.BranchA1.ID, "category_id": f.catX, "place": "a", "description": "b", "status": "closed"}, Status: 422},
			{Name: "api report", Method: "POST", Path: "/api/v1/public/events", Body: map[string]any{"org_id": f.e.City.BranchA1.ID, "category_id": f.catX, "place": "广场", "description": "灯坏了"}, Status: 201, Want: []string{`"code"`}},
			{Name: "api group not a place", Method: "POST", Path: "/api/v1/public/events", Body: map[string]any{"org_id": f.e.City.GroupA1.ID, "category_id": f.catX, "place": "广场", "description": "灯坏了"}, Status: 422},
			{Name: "api track", Path: "/api/v1/public/events/" + strings.ToLower(code), Status: 200, Want: []string{code, "已上报"}, WantNot: []string{"138", "测试员"}},
			{Name: "api track unknown", Path: "/api/v1/public/events/AAAAAAAAAA", Status: 404},
			{Name: "api evaluate open", Method: "POST", Path: "/api/v1/public/events/" + code + "/evaluation", Body: map[string]any{"rating": "satisfied"}, Status: 409},
			{Name: "options", Path: "/api/v1/public/event-options", Status: 200, Want: []string{"环境卫生", "东风村"}},
		})
		// Rate limit: a client past its burst is refused with 429.
		f.svc.PublicReads = event.NewLimiter(1, 2, 100)
		codes := []int{}
		for i := 0; i < 4; i++ {
			codes = append(codes, f.e.Do(t, "GET", "/api/v1/public/events/"+code, "", nil).Status)
		}
		if codes[0] != 200 || codes[3] != 429 {
			t.Errorf("rate limit: %v", codes)
		}
		r := f.e.Do(t, "GET", "/api/v1/public/events/"+code, "", nil)
		if !strings.Contains(r.Body, "操作过于频繁") {
			t.Errorf("429 body %q", r.Body)
		}
	})
}
