// Package replica streams every change of a SQLite database to a replica
// while Gerai serves (litestream, embedded as a library), and brings a
// database back from such a replica or from a `gerai backup` file.
//
// A replica is a folder named by a file:// URL, best on another disk or a
// network file system: what a lost disk takes is what had not reached it.
package replica

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"

	"github.com/gerai-id/gerai/internal/sqldb"
)

const (
	// MonitorInterval is how often the write-ahead log is read for new
	// transactions, which are then staged beside the database.
	MonitorInterval = 500 * time.Millisecond
	// SyncInterval is how often staged transactions are copied to the replica.
	SyncInterval = 500 * time.Millisecond
	// MaxLag is what Gerai promises a lost disk loses at most: the
	// transactions of the last MaxLag. It is twice the two intervals, since
	// the read and the copy themselves take time on a busy machine: at a
	// load average of 19–20 on two cores the replica was measured 0.3–0.8 s
	// behind at a kill (TestReplicaSurvivesLostDisk logs it), and 1.2–1.8 s
	// with intervals of 1 s each.
	MaxLag = 2 * (MonitorInterval + SyncInterval)
)

// Stream replicates one database until Close.
type Stream struct {
	store *litestream.Store
}

// ParseTarget checks a replica URL and returns the folder it names. Only
// file:///absolute/folder is accepted: see docs/decisions/0042 for S3.
func ParseTarget(target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") || !filepath.IsAbs(u.Path) {
		return "", fmt.Errorf("replika %q tidak dikenal: tulis file:///folder/absolut", target)
	}
	return filepath.Clean(u.Path), nil
}

// Start begins replicating the SQLite database at dbPath (already created
// and in WAL mode) to target. The first sync copies the whole database; after
// that only new transactions travel. It fails when target is malformed or
// cannot be written.
func Start(ctx context.Context, dbPath, target string, log *slog.Logger) (*Stream, error) {
	dir, err := ParseTarget(target)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("folder replika: %w", err)
	}
	db := litestream.NewDB(dbPath)
	db.MonitorInterval = MonitorInterval
	client := file.NewReplicaClient(dir)
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = SyncInterval
	db.Replica, client.Replica = r, r
	// Level 1 merges the small files of each sync every ten seconds and a
	// snapshot is taken daily, so a restore reads a snapshot and a few files.
	store := litestream.NewStore([]*litestream.DB{db}, litestream.CompactionLevels{
		{Level: 0},
		{Level: 1, Interval: 10 * time.Second},
	})
	if log != nil {
		store.Logger = log.With("component", "replica")
		db.SetLogger(store.Logger)
		client.SetLogger(store.Logger)
	}
	if err := store.Open(ctx); err != nil {
		return nil, fmt.Errorf("mulai replikasi ke %s: %w", target, err)
	}
	return &Stream{store: store}, nil
}

// Close ships what is staged and stops. Call it after the application's
// own connections are closed (litestream's rule for the library).
func (s *Stream) Close(ctx context.Context) error {
	return s.store.Close(ctx)
}

// ErrExists is returned by Restore when the database is already there and
// overwriting was not asked for.
var ErrExists = errors.New("basis data sudah ada")

// Restore writes the database at dbPath from source: a replica URL
// (file:///folder, the latest transaction it holds) or the path of a
// `gerai backup` file. An existing database (or its -wal) is refused with
// ErrExists unless overwrite is set. The copy is written beside dbPath,
// checked with PRAGMA integrity_check, and only then put in place (with
// overwrite, the old file, its log and its replication state removed just
// before): a failed restore leaves what was there.
func Restore(ctx context.Context, source, dbPath string, overwrite bool, log *slog.Logger) error {
	present, err := existing(dbPath)
	if err != nil {
		return err
	}
	if present != "" && !overwrite {
		return fmt.Errorf("%w: %s; hentikan gerai dan pakai --force untuk menimpanya", ErrExists, present)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return err
	}
	tmp := dbPath + ".restoring"
	os.Remove(tmp)
	defer os.Remove(tmp)
	if u, perr := url.Parse(source); perr == nil && u.Scheme != "" {
		err = restoreReplica(ctx, source, tmp, log)
	} else {
		err = copyBackup(ctx, source, tmp)
	}
	if err != nil {
		return err
	}
	err = sqldb.CheckSQLiteFile(ctx, tmp)
	// The check's connection leaves an index and an empty log behind.
	os.Remove(tmp + "-shm")
	os.Remove(tmp + "-wal")
	if err != nil {
		return fmt.Errorf("hasil pemulihan dari %s rusak: %w", source, err)
	}
	// The log, index and staged replication state belong to the file being
	// replaced; SQLite would replay an old log into the restored file.
	dir, base := filepath.Split(dbPath)
	for _, p := range []string{dbPath + "-wal", dbPath + "-shm", filepath.Join(dir, "."+base+litestream.MetaDirSuffix)} {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return os.Rename(tmp, dbPath)
}

// existing names the database file or its log when either is at dbPath.
func existing(dbPath string) (string, error) {
	for _, p := range []string{dbPath, dbPath + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	return "", nil
}

func restoreReplica(ctx context.Context, target, out string, log *slog.Logger) error {
	dir, err := ParseTarget(target)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("replika %s: %w", target, err)
	}
	client := file.NewReplicaClient(dir)
	r := litestream.NewReplicaWithClient(nil, client)
	if log != nil {
		client.SetLogger(log.With("component", "replica"))
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = out
	if err := r.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return fmt.Errorf("replika %s belum berisi salinan: %w", target, err)
		}
		return fmt.Errorf("pulihkan dari %s: %w", target, err)
	}
	return nil
}

// copyBackup copies a `gerai backup` file (one self-contained SQLite file
// written by VACUUM INTO) to out, flushed to disk.
func copyBackup(ctx context.Context, backup, out string) error {
	src, err := os.Open(backup)
	if err != nil {
		return fmt.Errorf("berkas cadangan: %w", err)
	}
	defer src.Close()
	dst, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, readerCtx{ctx, src}); err != nil {
		dst.Close()
		return fmt.Errorf("salin %s: %w", backup, err)
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// readerCtx stops a long copy when ctx ends (Ctrl-C).
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
