package search

import "sync"

// defaultCacheSize caps the number of cached word → root entries per
// Stemmer. The vocabulary of product texts is bounded in practice; the cap
// only protects memory against unbounded junk input.
const defaultCacheSize = 100_000

const cacheShards = 64

// stemCache is a sharded, bounded word → root map. When a shard reaches its
// share of the capacity it is simply emptied: cheaper than LRU bookkeeping
// and good enough for a vocabulary that is mostly hot.
type stemCache struct {
	perShard int
	shards   [cacheShards]cacheShard
}

type cacheShard struct {
	mu sync.RWMutex
	m  map[string]string
	_  [24]byte // keep shards on separate cache lines
}

func newStemCache(capacity int) *stemCache {
	if capacity <= 0 {
		return nil
	}
	per := (capacity + cacheShards - 1) / cacheShards
	c := &stemCache{perShard: per}
	for i := range c.shards {
		c.shards[i].m = make(map[string]string)
	}
	return c
}

// fnv1a hashes a key (string or byte slice) without allocating.
func fnv1a[T string | []byte](k T) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h ^= uint32(k[i])
		h *= 16777619
	}
	return h
}

func (c *stemCache) get(k string) (string, bool) {
	if c == nil {
		return "", false
	}
	s := &c.shards[fnv1a(k)%cacheShards]
	s.mu.RLock()
	v, ok := s.m[k]
	s.mu.RUnlock()
	return v, ok
}

func (c *stemCache) getBytes(k []byte) (string, bool) {
	if c == nil {
		return "", false
	}
	s := &c.shards[fnv1a(k)%cacheShards]
	s.mu.RLock()
	v, ok := s.m[string(k)] // no allocation: map index with converted key
	s.mu.RUnlock()
	return v, ok
}

func (c *stemCache) put(k, v string) {
	if c == nil {
		return
	}
	s := &c.shards[fnv1a(k)%cacheShards]
	s.mu.Lock()
	if len(s.m) >= c.perShard {
		clear(s.m)
	}
	s.m[k] = v
	s.mu.Unlock()
}

// len returns the number of cached entries (for tests).
func (c *stemCache) len() int {
	if c == nil {
		return 0
	}
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}
