package event

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func samplePNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func sampleJPEG(w, h int) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil)
	return b.Bytes()
}

// The public form reader and the validation behind it take anything and
// either refuse it with a field error or yield bounded, valid text.
func FuzzPublicForm(f *testing.F) {
	f.Add("category_id=1&org_id=2&place=光明街12号&description=路灯不亮&phone=13800138000")
	f.Add("category_id=-1&org_id=99999999999999999999&place=&description=%ff%fe")
	f.Add("category_id=1&category_id=2&org_id=0x10&phone=%E2%80%AE138")
	f.Add(strings.Repeat("place=长", 300))
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		in, err := PublicForm(q)
		if err != nil {
			return
		}
		if in.CategoryID <= 0 || in.OrgID <= 0 {
			t.Fatalf("ids accepted: %+v", in)
		}
		v := validate(&in)
		if v.Err() != nil {
			return
		}
		if !utf8.ValidString(in.Place) || !utf8.ValidString(in.Description) || utf8.RuneCountInString(in.Place) > 100 ||
			utf8.RuneCountInString(in.Description) > 1000 || in.Place == "" || in.Description == "" {
			t.Fatalf("accepted %+v", in)
		}
		if in.Phone != "" && (len(in.Phone) < 10 || len(in.Phone) > 12) {
			t.Fatalf("phone %q", in.Phone)
		}
	})
}

func FuzzNormalizeCode(f *testing.F) {
	f.Add("ABCDE23456")
	f.Add(" abcde 23456 ")
	f.Add("ABCDE2345١")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := NormalizeCode(s)
		if !ok {
			return
		}
		if len(c) != 10 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("%q → %q", s, c)
		}
		if c2, ok2 := NormalizeCode(c); !ok2 || c2 != c {
			t.Fatalf("not idempotent: %q", c)
		}
	})
}

// Any bytes given as a photo are refused or come out as a re-encoded JPEG
// or PNG within the limits, whose hash names its content.
func FuzzProcessPhoto(f *testing.F) {
	f.Add(samplePNG(8, 6))
	f.Add(sampleJPEG(5, 5))
	f.Add([]byte("GIF89a...."))
	f.Add(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 40)...))
	f.Add([]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := processPhoto(data)
		if err != nil {
			return
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(u.Data))
		if err != nil || cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide || "image/"+format != u.ContentType || !shaRe.MatchString(u.SHA256) {
			t.Fatalf("output %v %q %+v", err, format, cfg)
		}
	})
}

func TestProcessPhoto(t *testing.T) {
	if u, err := processPhoto(samplePNG(30, 20)); err != nil || u.ContentType != "image/png" || u.Width != 30 {
		t.Errorf("png: %+v %v", u, err)
	}
	if u, err := processPhoto(sampleJPEG(30, 20)); err != nil || u.ContentType != "image/jpeg" {
		t.Errorf("jpeg: %+v %v", u, err)
	}
	// A PNG claiming 5000 px is refused from its header, before the
	// pixels are decoded.
	big := samplePNG(5000, 1)
	if _, err := processPhoto(big); err == nil || !strings.Contains(err.Error(), "4000") {
		t.Errorf("5000 px: %v", err)
	}
	if _, err := processPhoto(bytes.Repeat([]byte{0xff}, MaxPhotoBytes+1)); err == nil || !strings.Contains(err.Error(), "8MB") {
		t.Errorf("too large: %v", err)
	}
	// EXIF is dropped: an APP1 segment after SOI is not in the output.
	j := sampleJPEG(10, 10)
	exif := append([]byte{0xff, 0xe1, 0x00, 0x10}, []byte("Exif\x00\x00GPS-SECRET")...)
	withExif := append(append(append([]byte{}, j[:2]...), exif...), j[2:]...)
	u, err := processPhoto(withExif)
	if err != nil || bytes.Contains(u.Data, []byte("GPS-SECRET")) {
		t.Errorf("exif kept or refused: %v", err)
	}
}

func FuzzClosePlaces(f *testing.F) {
	f.Add("光明街12号楼", "光明街12号楼东侧")
	f.Add("东风村", "西岭村")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		if ClosePlaces(a, b) != ClosePlaces(b, a) {
			t.Fatalf("not symmetric: %q %q", a, b)
		}
	})
}

func TestClosePlaces(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"光明街12号楼", "光明街 12号楼东侧单元门口", true}, {"东风村3组", "东风村3组", true}, {"东风村", "西岭村", false},
		{"新兴社区广场", "新兴社区卫生站", true}, {"A栋", "B栋", false}} {
		if got := ClosePlaces(c.a, c.b); got != c.want {
			t.Errorf("ClosePlaces(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// The limiter refuses past the burst, refills with time, and never holds
// more clients than its bound.
func TestLimiter(t *testing.T) {
	l := NewLimiter(60, 3, 100)
	now := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if !l.Allow("1.2.3.4", now) {
			t.Fatalf("request %d refused", i)
		}
	}
	if l.Allow("1.2.3.4", now) {
		t.Error("4th request in the same instant allowed")
	}
	if !l.Allow("1.2.3.4", now.Add(1100*time.Millisecond)) {
		t.Error("not refilled after a second")
	}
	for i := 0; i < 10000; i++ {
		l.Allow(strings.Repeat("x", i%7)+string(rune('a'+i%26))+time.Duration(i).String(), now)
	}
	if n := l.Len(); n > 100 {
		t.Errorf("limiter holds %d clients", n)
	}
}
