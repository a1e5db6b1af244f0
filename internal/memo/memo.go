// Package memo keeps values a process computed from the database for a
// short while, for reads that many visitors repeat and that may be a few
// seconds old: search counts and spelling suggestions, the public rows a
// product page shows. Each cache is dropped by its owner's writes in this
// process (so that tests and a one-server shop see every change at once)
// and ages out after its TTL (changes made by other processes on the same
// database).
package memo

import (
	"sync"
	"sync/atomic"
	"time"
)

// Cache maps keys to values for at most TTL, holding at most Size of them.
// The zero Cache is not usable: set TTL and Size.
type Cache[K comparable, V any] struct {
	TTL  time.Duration
	Size int

	gen atomic.Uint64 // raised by every write that may change a value
	mu  sync.Mutex
	m   map[K]entry[V]
}

type entry[V any] struct {
	v   V
	gen uint64
	at  time.Time
}

// Changed forgets everything: values computed before it are stale.
func (c *Cache[K, V]) Changed() { c.gen.Add(1) }

// Get returns the value kept for key, if it is fresh.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if !ok || e.gen != c.gen.Load() || time.Since(e.at) > c.TTL {
		var zero V
		return zero, false
	}
	return e.v, true
}

// put keeps v, computed while the generation was gen: a write that began
// before it was computed makes it stale at once.
func (c *Cache[K, V]) put(key K, v V, gen uint64, at time.Time) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= c.Size {
		c.m = make(map[K]entry[V]) // emptied when full: cheaper than LRU, fine for a hot set
	}
	c.m[key] = entry[V]{v: v, gen: gen, at: at}
	c.mu.Unlock()
}

// Put keeps v for key, as computed now.
func (c *Cache[K, V]) Put(key K, v V) { c.put(key, v, c.gen.Load(), time.Now()) }

// Remember returns the value of key, computing it with fn when none is
// kept. An error is returned, not kept.
func (c *Cache[K, V]) Remember(key K, fn func() (V, error)) (V, error) {
	if v, ok := c.Get(key); ok {
		return v, nil
	}
	gen, at := c.gen.Load(), time.Now()
	v, err := fn()
	if err == nil {
		c.put(key, v, gen, at)
	}
	return v, err
}
