// Package personal protects personal data: identity numbers and phones are
// encrypted at rest (AES-256-GCM) with a key kept in a file outside the
// database, with a keyed hash beside them for exact lookup and duplicate
// detection, and a masked form for lists and exports.
package personal

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"troika/internal/store"
)

// Keyring holds the keys derived from the master key file.
type Keyring struct {
	aead   cipher.AEAD
	macKey []byte
	// Fingerprint identifies the key without revealing it; it is stored in
	// the database so that a server started with another key refuses to
	// run instead of writing data no one can read.
	Fingerprint string
}

// NewKeyring derives the keys from a 32-byte master key.
func NewKeyring(master []byte) (*Keyring, error) {
	if len(master) != 32 {
		return nil, errors.New("personal data key must be 32 bytes")
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, master)
		m.Write([]byte("troika/" + label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("enc"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	fp := derive("fingerprint")
	return &Keyring{aead: aead, macKey: derive("mac"), Fingerprint: hex.EncodeToString(fp[:8])}, nil
}

// LoadKeyFile reads the master key from path, creating a new random key
// there (mode 0600) when the file does not exist and create is true.
func LoadKeyFile(path string, create bool) (*Keyring, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && create {
		master := make([]byte, 32)
		if _, err := rand.Read(master); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(master) + "\n"
		if err := os.WriteFile(path, []byte(enc), 0o600); err != nil {
			return nil, err
		}
		return NewKeyring(master)
	}
	if err != nil {
		return nil, fmt.Errorf("personal data key %s: %w", path, err)
	}
	master, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("personal data key %s: not base64: %w", path, err)
	}
	return NewKeyring(master)
}

// Bind checks the key against the fingerprint recorded in the database,
// recording it on first use.
func (k *Keyring) Bind(ctx context.Context, db *store.DB) error {
	var fp string
	err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'personal_key_fingerprint'`).Scan(&fp)
	if store.IsNoRows(err) {
		_, err = db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('personal_key_fingerprint', ?)`, k.Fingerprint)
		return err
	}
	if err != nil {
		return err
	}
	if fp != k.Fingerprint {
		return fmt.Errorf("the personal data key (fingerprint %s) is not the one this database was written with (%s): start with the right --key-file", k.Fingerprint, fp)
	}
	return nil
}

// Seal encrypts a value; the empty string stays empty.
func (k *Keyring) Seal(plain string) string {
	if plain == "" {
		return ""
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	ct := k.aead.Seal(nonce, nonce, []byte(plain), nil)
	return "v1:" + base64.RawStdEncoding.EncodeToString(ct)
}

// Open decrypts what Seal produced.
func (k *Keyring) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	rest, ok := strings.CutPrefix(sealed, "v1:")
	if !ok {
		return "", errors.New("unknown sealed format")
	}
	b, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil || len(b) < k.aead.NonceSize() {
		return "", errors.New("corrupt sealed value")
	}
	plain, err := k.aead.Open(nil, b[:k.aead.NonceSize()], b[k.aead.NonceSize():], nil)
	if err != nil {
		return "", errors.New("sealed value does not open with this key")
	}
	return string(plain), nil
}

// Hash is a keyed hash of a normalized value for exact lookup; kind keeps
// an ID number and a phone with the same digits apart.
func (k *Keyring) Hash(kind, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.macKey)
	m.Write([]byte(kind + ":" + value))
	return hex.EncodeToString(m.Sum(nil))
}
