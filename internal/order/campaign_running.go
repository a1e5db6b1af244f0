package order

import (
	"context"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// runningProductsTTL is how long a process trusts its list of the products
// with a running beli bareng. A campaign started through this process shows
// at once (Create forgets the list); one started through another process
// behind the same load balancer shows on this one's product pages within
// the TTL. Joining always reads the campaign itself, so the list only
// decides whether a product page looks for campaigns at all.
const runningProductsTTL = 2 * time.Second

// runningProducts is the process's list of the products that have a running
// campaign. Most products never have one, and the product page asked the
// database for every visit: 14 % of the page's time (bench/README.md,
// issue 14).
type runningProducts struct {
	mu     sync.Mutex
	ids    map[int64]bool
	loaded time.Time // zero: to load
}

// forget makes the next look-up read the list again.
func (rp *runningProducts) forget() {
	rp.mu.Lock()
	rp.loaded = time.Time{}
	rp.mu.Unlock()
}

// HasRunningCampaign reports whether the product may have a running
// beli bareng (true means: list them with Campaigns; a campaign past its
// deadline since the list was read is filtered out there).
func (s *Service) HasRunningCampaign(ctx context.Context, productID int64) (bool, error) {
	rp := &s.running
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.loaded.IsZero() || time.Since(rp.loaded) > runningProductsTTL {
		ids, err := sqldb.Int64s(ctx, s.db.Reader(),
			`SELECT DISTINCT product_id FROM campaigns WHERE status = 'berjalan' AND deadline > ?`, s.now().UTC())
		if err != nil {
			return false, err
		}
		rp.ids = make(map[int64]bool, len(ids))
		for _, id := range ids {
			rp.ids[id] = true
		}
		rp.loaded = time.Now()
	}
	return rp.ids[productID], nil
}
