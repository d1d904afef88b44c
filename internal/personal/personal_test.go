package personal

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpenHash(t *testing.T) {
	k, err := NewKeyring(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := k.Seal("11010519491231002X"), k.Seal("11010519491231002X")
	if s1 == s2 || strings.Contains(s1, "1949") {
		t.Errorf("seal is deterministic or leaks: %q %q", s1, s2)
	}
	if p, err := k.Open(s1); err != nil || p != "11010519491231002X" {
		t.Errorf("open: %q %v", p, err)
	}
	if k.Hash("id", "x") != k.Hash("id", "x") || k.Hash("id", "x") == k.Hash("phone", "x") {
		t.Error("hash not stable or kinds collide")
	}
	other, _ := NewKeyring(bytes.Repeat([]byte{8}, 32))
	if _, err := other.Open(s1); err == nil {
		t.Error("another key opened the value")
	}
	if other.Fingerprint == k.Fingerprint {
		t.Error("fingerprints collide")
	}
	if _, err := k.Open("v1:garbage"); err == nil {
		t.Error("garbage opened")
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "troika.key")
	if _, err := LoadKeyFile(path, false); err == nil {
		t.Error("missing key file loaded without create")
	}
	k1, err := LoadKeyFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadKeyFile(path, false)
	if err != nil || k2.Fingerprint != k1.Fingerprint {
		t.Fatalf("reload: %v %s %s", err, k1.Fingerprint, k2.Fingerprint)
	}
}

func TestMasks(t *testing.T) {
	if got := MaskID("222401198503120010"); got != "2224**********0010" {
		t.Errorf("MaskID = %s", got)
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %s", got)
	}
	if got := MaskName("金明哲"); got != "金**" {
		t.Errorf("MaskName = %s", got)
	}
	for in, want := range map[string]string{"138 1234 5678": "13812345678", "0433-2512345": "04332512345", "12345": "", "1381234567a": ""} {
		got, ok := NormalizePhone(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizePhone(%q) = %q %v", in, got, ok)
		}
	}
}
