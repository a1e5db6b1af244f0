package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRestoreFromBackupFile: the file gerai backup wrote becomes a working
// database again; an existing database is kept unless --force says so, and
// a file that is not a SQLite database is refused without leaving anything
// where gerai would open it.
func TestRestoreFromBackupFile(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "gerai.db")
	if _, err := gerai(t, "rahasia-dinas-16\n", "user", "create", "--db", db, "--email", "dinas@x.id", "--role", "agency", "--province", "16", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "cadangan.db")
	if _, err := gerai(t, "", "backup", "--db", db, backup); err != nil {
		t.Fatal(err)
	}

	restored := "sqlite:" + filepath.Join(dir, "baru", "gerai.db")
	if out, err := gerai(t, "", "restore", "--from", backup, "--db", restored); err != nil || !strings.Contains(out, "dipulihkan") {
		t.Fatalf("restore into a new folder: %q, %v", out, err)
	}
	// The account made before the backup signs the restored database's
	// records: a second one with its email is refused.
	if _, err := gerai(t, "rahasia-dinas-16\n", "user", "create", "--db", restored, "--email", "dinas@x.id", "--role", "agency", "--province", "16", "--password-stdin"); err == nil {
		t.Fatal("the restored database does not hold the account made before the backup")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "baru")); len(entries) == 0 {
		t.Fatal("nothing restored")
	}

	// A second account exists only in the restored copy; restoring over it
	// is refused, then done with --force, and the account is gone again.
	if _, err := gerai(t, "rahasia-penjual\n", "user", "create", "--db", restored, "--email", "siti@x.id", "--role", "seller", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	if _, err := gerai(t, "", "restore", "--from", backup, "--db", restored); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over an existing database: %v, want a refusal naming --force", err)
	}
	if _, err := gerai(t, "rahasia-penjual\n", "user", "create", "--db", restored, "--email", "siti@x.id", "--role", "seller", "--password-stdin"); err == nil {
		t.Fatal("the refused restore changed the existing database")
	}
	if _, err := gerai(t, "", "restore", "--from", backup, "--db", restored, "--force"); err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	if _, err := gerai(t, "rahasia-penjual\n", "user", "create", "--db", restored, "--email", "siti@x.id", "--role", "seller", "--password-stdin"); err != nil {
		t.Fatalf("after restore --force the account made since the backup is still there: %v", err)
	}

	junk := filepath.Join(dir, "bukan.db")
	os.WriteFile(junk, []byte(strings.Repeat("bukan basis data ", 500)), 0o644)
	target := filepath.Join(dir, "rusak", "gerai.db")
	if _, err := gerai(t, "", "restore", "--from", junk, "--db", "sqlite:"+target); err == nil {
		t.Fatal("a file that is not a SQLite database was restored")
	}
	if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 0 {
		t.Fatalf("a refused restore left %d files behind: %v", len(entries), entries)
	}
	// Even with --force a restore that fails keeps the database it would have replaced.
	if _, err := gerai(t, "", "restore", "--from", junk, "--db", restored, "--force"); err == nil {
		t.Fatal("restore --force from a file that is not a database succeeded")
	}
	if _, err := gerai(t, "rahasia-penjual\n", "user", "create", "--db", restored, "--email", "siti@x.id", "--role", "seller", "--password-stdin"); err == nil {
		t.Fatal("a failed restore --force lost the database it was to replace")
	}
	if _, err := gerai(t, "", "restore", "--from", backup, "--db", "postgres://x@127.0.0.1/x"); err == nil || !strings.Contains(err.Error(), "pgbackrest") {
		t.Fatalf("restore onto PostgreSQL: %v, want the pointer to pgBackRest", err)
	}
}
