package service

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// Photo limits: the upload's size, and the pixels decoded (a small PNG can
// claim a huge canvas; the header is checked before decoding).
const (
	MaxPhotoBytes  = 8 << 20
	MaxPhotoSide   = 6000
	MaxPhotoPixels = 24_000_000
)

// PhotoStore keeps photos under Dir by the SHA-256 of their re-encoded
// bytes: the same photo is stored once, and what is served is always an
// image this program wrote, never the bytes a client sent.
type PhotoStore struct {
	Dir string
}

func badPhoto(msg string) error {
	var v fault.Fields
	v.Add("photo", i18n.T("wish.field.photo"), msg)
	return v.Err()
}

// Put checks and re-encodes an uploaded JPEG or PNG and stores it; it
// returns the stored name (hash and extension).
func (ps *PhotoStore) Put(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPhotoBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) == 0 {
		return "", badPhoto(i18n.T("wish.photo_required"))
	}
	if len(data) > MaxPhotoBytes {
		return "", badPhoto(i18n.T("wish.photo_too_large", MaxPhotoBytes>>20))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return "", badPhoto(i18n.T("wish.photo_format"))
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide || cfg.Width*cfg.Height > MaxPhotoPixels {
		return "", badPhoto(i18n.T("wish.photo_pixels", MaxPhotoSide))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", badPhoto(i18n.T("wish.photo_format"))
	}
	var out bytes.Buffer
	ext := ".jpg"
	if format == "png" {
		ext = ".png"
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(out.Bytes())
	name := hex.EncodeToString(sum[:]) + ext
	path := ps.path(name)
	if _, err := os.Stat(path); err == nil {
		return name, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(out.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return name, nil
}

// validName accepts only names Put makes: 64 hex digits and .jpg or .png.
func validName(name string) bool {
	base, ext, ok := strings.Cut(name, ".")
	if !ok || len(base) != 64 || (ext != "jpg" && ext != "png") {
		return false
	}
	_, err := hex.DecodeString(base)
	return err == nil
}

func (ps *PhotoStore) path(name string) string {
	return filepath.Join(ps.Dir, name[:2], name)
}

// Open returns a stored photo and its content type.
func (ps *PhotoStore) Open(name string) (*os.File, string, error) {
	if !validName(name) {
		return nil, "", fault.New(fault.NotFound, "%s", i18n.T("wish.photo_missing"))
	}
	f, err := os.Open(ps.path(name))
	if err != nil {
		return nil, "", fault.New(fault.NotFound, "%s", i18n.T("wish.photo_missing"))
	}
	ct := "image/jpeg"
	if strings.HasSuffix(name, ".png") {
		ct = "image/png"
	}
	return f, ct, nil
}
