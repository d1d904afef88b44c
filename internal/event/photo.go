package event

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// Limits of an uploaded photo: bytes before decoding, pixels per side.
const (
	MaxPhotoBytes = 8 << 20
	MaxPhotoSide  = 4000
	MaxPhotos     = 4 // per report or step
)

// image is a decoded and re-encoded upload, ready to store.
type upload struct {
	Data        []byte
	SHA256      string
	ContentType string
	Width       int
	Height      int
}

// processPhoto checks an upload by its content (not its name or declared
// type), bounds its size before decoding the pixels, and re-encodes it with
// Go's own encoders, which drops EXIF and anything else hidden in the file.
func processPhoto(data []byte) (upload, error) {
	bad := func(key string, args ...any) (upload, error) {
		var v fault.Fields
		v.Add("photo", i18n.T("event.field.photo"), i18n.T(key, args...))
		return upload{}, v.Err()
	}
	if len(data) == 0 {
		return bad("event.photo.empty")
	}
	if len(data) > MaxPhotoBytes {
		return bad("event.photo.too_large", MaxPhotoBytes>>20)
	}
	ct := http.DetectContentType(data)
	if ct != "image/jpeg" && ct != "image/png" {
		return bad("event.photo.type")
	}
	// The header alone says how large the pixels are: refuse a
	// decompression bomb before allocating for it.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return bad("event.photo.corrupt")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide {
		return bad("event.photo.dimensions", MaxPhotoSide)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return bad("event.photo.corrupt")
	}
	var buf bytes.Buffer
	u := upload{Width: cfg.Width, Height: cfg.Height}
	if format == "png" {
		err, u.ContentType = png.Encode(&buf, img), "image/png"
	} else {
		err, u.ContentType = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}), "image/jpeg"
	}
	if err != nil {
		return upload{}, err
	}
	u.Data = buf.Bytes()
	sum := sha256.Sum256(u.Data)
	u.SHA256 = hex.EncodeToString(sum[:])
	return u, nil
}

var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// photoPath is where a photo lives: <dir>/ab/<sha256>.
func photoPath(dir, sha string) string {
	return filepath.Join(dir, sha[:2], sha)
}

// storePhoto writes an upload once; the same content is the same file.
func storePhoto(dir string, u upload) error {
	p := photoPath(dir, u.SHA256)
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(u.Data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}
