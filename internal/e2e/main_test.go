// Package e2e tests Troika whole: the real server on a loopback port, on
// SQLite and PostgreSQL, driven over HTTP and through headless chromium.
package e2e

import (
	"testing"

	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
