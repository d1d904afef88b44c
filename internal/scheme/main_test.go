package scheme_test

import (
	"testing"

	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
