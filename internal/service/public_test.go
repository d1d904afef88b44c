package service_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"troika/internal/fault"
	"troika/internal/service"
)

// The public form parser never panics, and what it accepts stays within
// the byte limits whatever a client sends.
func FuzzParsePublicWish(f *testing.F) {
	f.Add("想要一台收音机", "朴大爷", "13904331234", "生活用品", "12")
	f.Add(strings.Repeat("心", 300), "", "１３９", "其他", "-1")
	f.Add("", "\x00", "139-0433-1234", "不存在", "99999999999999999999")
	f.Fuzz(func(t *testing.T, content, name, phone, category, org string) {
		in, err := service.ParsePublicWish(url.Values{"content": {content}, "resident_name": {name}, "phone": {phone}, "category": {category}, "org_id": {org}})
		if err != nil {
			if fault.CodeOf(err) != fault.Invalid {
				t.Fatalf("error of code %s: %v", fault.CodeOf(err), err)
			}
			return
		}
		if len(in.Content) > 800 || len(in.ResidentName) > 80 || len(in.Phone) > 40 || in.OrgID < 0 {
			t.Fatalf("accepted oversized input: %+v", in)
		}
	})
}

// Tracking codes read back whatever the case and dashes; nothing else is
// taken for one.
func FuzzNormalizeCode(f *testing.F) {
	f.Add("ky4a-36ua")
	f.Add("KY4A36UA")
	f.Add("O0I1-LLLL")
	f.Add(strings.Repeat("A", 40))
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := service.NormalizeCode(s)
		if !ok {
			return
		}
		if len(c) != 8 || !utf8.ValidString(c) || strings.ContainsAny(c, "01ILO-") {
			t.Fatalf("%q read as %q", s, c)
		}
		if again, ok := service.NormalizeCode(service.FormatCode(c)); !ok || again != c {
			t.Fatalf("%q does not read back", c)
		}
	})
}

func TestNewCodesRead(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := service.NewCode()
		if n, ok := service.NormalizeCode(strings.ToLower(service.FormatCode(c))); !ok || n != c {
			t.Fatalf("code %q does not read back", c)
		}
		seen[c] = true
	}
	if len(seen) < 999 {
		t.Errorf("codes repeat: %d distinct of 1000", len(seen))
	}
}

// The limiter lets a burst through, then one request per interval, per
// address, and never remembers more addresses than its bound.
func TestLimiter(t *testing.T) {
	now := time.Date(2022, 6, 15, 0, 0, 0, 0, time.UTC)
	l := service.NewLimiter(3, func() time.Time { return now })
	l.Burst, l.Every = 5, time.Minute
	for i := range 5 {
		if !l.Allow("10.0.0.1", 1) {
			t.Fatalf("request %d refused within the burst", i)
		}
	}
	if l.Allow("10.0.0.1", 1) {
		t.Fatal("sixth request allowed")
	}
	if !l.Allow("10.0.0.2", 1) {
		t.Fatal("another address refused")
	}
	now = now.Add(time.Minute)
	if !l.Allow("10.0.0.1", 1) || l.Allow("10.0.0.1", 1) {
		t.Fatal("not one token per interval")
	}
	if l.Allow("10.0.0.2", 10) {
		t.Fatal("a cost above the burst allowed")
	}
	for _, a := range []string{"a", "b", "c", "d", "e", "f"} {
		l.Allow(a, 1)
		if l.Len() > 3 {
			t.Fatalf("limiter holds %d addresses", l.Len())
		}
	}
}

// Photos are re-encoded and stored by hash; other formats, empty files and
// huge canvases are refused with a message.
func TestPhotoStore(t *testing.T) {
	ps := &service.PhotoStore{Dir: t.TempDir()}
	a, err := ps.Put(bytes.NewReader(pngPhoto(t, 30, 20)))
	if err != nil || !strings.HasSuffix(a, ".png") || len(a) != 68 {
		t.Fatalf("put: %q %v", a, err)
	}
	b, err := ps.Put(bytes.NewReader(pngPhoto(t, 30, 20)))
	if err != nil || a != b {
		t.Errorf("same photo stored twice: %q %q", a, b)
	}
	f, ct, err := ps.Open(a)
	if err != nil || ct != "image/png" {
		t.Fatalf("open: %v %s", err, ct)
	}
	if _, err := png.Decode(f); err != nil {
		t.Errorf("stored photo does not decode: %v", err)
	}
	f.Close()
	for name, data := range map[string][]byte{"empty": nil, "text": []byte("GIF89a not really"), "svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)} {
		if _, err := ps.Put(bytes.NewReader(data)); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("%s accepted: %v", name, err)
		}
	}
	// A PNG header claiming 20000×20000 pixels is refused before decoding.
	var big bytes.Buffer
	_ = png.Encode(&big, image.NewGray(image.Rect(0, 0, 1, 1)))
	raw := big.Bytes()
	raw[16], raw[17], raw[18], raw[19] = 0, 0, 0x4e, 0x20 // width 20000
	raw[20], raw[21], raw[22], raw[23] = 0, 0, 0x4e, 0x20 // height 20000
	binary.BigEndian.PutUint32(raw[29:33], crc32.ChecksumIEEE(raw[12:29]))
	if _, err := ps.Put(bytes.NewReader(raw)); fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "像素") {
		t.Errorf("huge canvas: %v", err)
	}
	for _, bad := range []string{"../../etc/passwd", a[:10] + ".png", strings.Repeat("z", 64) + ".png"} {
		if _, _, err := ps.Open(bad); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("open %q: %v", bad, err)
		}
	}
}
