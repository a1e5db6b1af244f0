package catalog

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Counting the matches of a search costs more than finding its first page
// (the index serves a page in id order and stops; a count walks up to
// MaxCount+1 matches), and a spelling suggestion looks up hundreds of
// neighbours of a word; so both are kept for a while: popular searches are
// asked again and again, and "123 produk" need not be exact to the second.
// Both are dropped when this process indexes a product (tests and a
// one-server shop see every change at once) and after searchCacheTTL
// (changes made by other servers on the same database).
const (
	searchCacheTTL  = 30 * time.Second
	searchCacheSize = 10_000
)

// searchCache maps a key to a value computed from the index.
type searchCache[V any] struct {
	gen atomic.Uint64 // raised by every index write of this process
	mu  sync.Mutex
	m   map[string]cached[V]
}

type cached[V any] struct {
	v   V
	gen uint64
	at  time.Time
}

// changed forgets everything.
func (c *searchCache[V]) changed() { c.gen.Add(1) }

func (c *searchCache[V]) get(key string, now time.Time) (V, bool) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if !ok || e.gen != c.gen.Load() || now.Sub(e.at) > searchCacheTTL {
		var zero V
		return zero, false
	}
	return e.v, true
}

// put keeps v, computed while the generation was gen: a write that began
// before it was computed makes it stale at once.
func (c *searchCache[V]) put(key string, v V, gen uint64, now time.Time) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= searchCacheSize {
		c.m = make(map[string]cached[V]) // emptied when full: cheaper than LRU, fine for a hot set
	}
	c.m[key] = cached[V]{v: v, gen: gen, at: now}
	c.mu.Unlock()
}

// remember returns the value of key, computing it with fn when it is not kept.
func (c *searchCache[V]) remember(key string, fn func() (V, error)) (V, error) {
	now := time.Now()
	if v, ok := c.get(key, now); ok {
		return v, nil
	}
	gen := c.gen.Load()
	v, err := fn()
	if err == nil {
		c.put(key, v, gen, now)
	}
	return v, err
}

// count returns the number of p's matches, at most MaxCount, and whether there are more.
func (s *Service) count(ctx context.Context, p searchPlan) (int, bool, error) {
	var sqlText string
	var args []any
	if !p.query.Empty() && s.db.Dialect == sqldb.SQLite && len(p.args) == 0 {
		// Without price or seller filters, SQLite counts inside the index
		// alone (the listed facet), not reading a products row per match.
		f := p.facet
		f.Listed = true
		m := search.ProductMatch(s.db.Dialect, p.query, f, search.TierAll)
		sqlText = `SELECT COUNT(*) FROM (SELECT 1 FROM product_fts WHERE product_fts MATCH ? LIMIT ?) c`
		args = []any{m.WhereArgs[0], MaxCount + 1}
	} else {
		m := s.match(p, search.TierAll)
		conds := p.where
		if m.Where != "" {
			conds = append([]string{m.Where}, conds...)
		}
		sqlText = `SELECT COUNT(*) FROM (SELECT 1 FROM products p ` + m.From + ` WHERE ` + strings.Join(conds, " AND ") + ` LIMIT ?) c`
		args = append(append(append(append([]any{sqldb.PlanForArgs}, m.FromArgs...), m.WhereArgs...), p.args...), MaxCount+1)
	}
	n, err := s.counts.remember(sqlText+"\x00"+fmt.Sprint(args...), func() (n int, err error) {
		err = s.db.Stale().QueryRow(ctx, sqlText, args...).Scan(&n)
		return n, err
	})
	return min(n, MaxCount), n > MaxCount, err
}

// suggest returns text with its words the vocabulary hardly knows replaced
// by better-known neighbours ("pmpek palembang" → "pempek palembang"), or
// "" when there is nothing better.
func (s *Service) suggest(ctx context.Context, text string) (string, error) {
	return s.suggestions.remember(text, func() (string, error) {
		fix, err := search.Suggest(ctx, s.db.Stale(), search.ParseQuery(text).Roots())
		if err != nil || len(fix) == 0 {
			return "", err
		}
		return search.RewriteQuery(text, fix), nil
	})
}
