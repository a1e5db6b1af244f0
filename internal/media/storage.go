package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Storage keeps media bytes by key. The local-disk implementation
// (DiskStorage) is the default; an S3-like one may come later.
type Storage interface {
	// Put stores the content of r under key, replacing any previous content.
	Put(ctx context.Context, key string, r io.Reader, contentType string) error
	// Open returns the content stored under key. It returns an error
	// wrapping fs.ErrNotExist when the key is missing.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes key. A missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// maxKeyLen bounds key length (well below common file-system path limits).
const maxKeyLen = 512

// ValidateKey reports whether key is acceptable for storage: non-empty,
// only [a-z0-9/_.-], no leading or trailing '/', no empty segments, and no
// segment starting with '.' (which rules out "." and ".." as well as hidden
// files such as DiskStorage's temporary files).
func ValidateKey(key string) error {
	if key == "" || len(key) > maxKeyLen {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '/', c == '_', c == '.', c == '-':
		default:
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	if strings.Contains(key, "..") {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		// Catches a leading '/', a trailing '/', "//" and dot-prefixed segments.
		if seg == "" || seg[0] == '.' {
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	return nil
}

// NewKey returns a random 16-hex-character identifier, for use in key prefixes.
func NewKey() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+).
	return hex.EncodeToString(b[:])
}

// DiskStorage is a Storage backed by a directory on the local file system.
// Keys map to slash-separated paths below the directory.
type DiskStorage struct {
	dir string
}

var _ Storage = (*DiskStorage)(nil)

// NewDiskStorage returns a DiskStorage rooted at dir, creating it if needed.
func NewDiskStorage(dir string) (*DiskStorage, error) {
	if dir == "" {
		return nil, errors.New("media: empty storage directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("media: storage directory: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("media: create storage directory: %w", err)
	}
	return &DiskStorage{dir: abs}, nil
}

// Dir returns the root directory.
func (s *DiskStorage) Dir() string { return s.dir }

func (s *DiskStorage) path(key string) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.dir, filepath.FromSlash(key)), nil
}

// Put writes the content atomically: it is written to a temporary file in
// the destination directory, synced, and renamed over the final path, so
// readers never observe a partial file. contentType is ignored on disk
// (everything is served as image/jpeg).
func (s *DiskStorage) Put(ctx context.Context, key string, r io.Reader, contentType string) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := s.path(key)
	if err != nil {
		return err
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = io.Copy(f, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	if err = os.Rename(tmp, p); err != nil {
		return fmt.Errorf("media: put %q: %w", key, err)
	}
	return nil
}

// Open opens the content stored under key. Missing keys (and keys naming a
// directory) yield an error wrapping fs.ErrNotExist; invalid keys yield an
// error wrapping both ErrInvalidKey and fs.ErrNotExist.
func (s *DiskStorage) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := s.path(key)
	if err != nil {
		return nil, errors.Join(err, fs.ErrNotExist)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("media: open %q: %w", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("media: open %q: %w", key, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("media: open %q: %w", key, fs.ErrNotExist)
	}
	return f, nil
}

// Delete removes the content stored under key; a missing key is not an error.
func (s *DiskStorage) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %q: %w", key, err)
	}
	return nil
}

// ctxReader aborts a copy once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
