package member

import (
	"context"

	"troika/internal/store"
)

// WalksPinyin exposes the roster's choice of page plan to the tests, which
// prove both plans give the same pages.
func WalksPinyin(ctx context.Context, q store.Querier, f Filter, total int) (bool, error) {
	return f.walkPinyin(ctx, q, total)
}
