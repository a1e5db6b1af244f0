package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gerai(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return out.String(), err
}

func TestOperatorCommands(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "gerai.db")

	if _, err := gerai(t, "", "migrate", "--db", db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if _, err := gerai(t, "", "user", "create", "--db", db, "--email", "a@x.id", "--role", "admin"); err == nil ||
		!strings.Contains(err.Error(), "--password-stdin") {
		t.Fatalf("a password on the command line must be refused: %v", err)
	}
	_, err := gerai(t, "pendek\n", "user", "create", "--db", db, "--email", "dinas@x.id", "--role", "agency", "--password-stdin")
	if err == nil || !strings.Contains(err.Error(), "--password: Kata sandi minimal 8 karakter") || !strings.Contains(err.Error(), "--province") {
		t.Fatalf("bad user: %v", err)
	}
	out, err := gerai(t, "rahasia-dinas-16\n", "user", "create", "--db", db, "--email", "dinas@x.id", "--role", "agency", "--province", "16", "--password-stdin")
	if err != nil || !strings.Contains(out, "dinas@x.id (agency)") {
		t.Fatalf("create agency user: %q, %v", out, err)
	}

	// An agency's spreadsheet with one bad row: the good row goes in, the
	// command names the bad one and exits non-zero; a second run adds nothing.
	csv := filepath.Join(dir, "umkm.csv")
	os.WriteFile(csv, []byte("Nama Usaha,Nama Pemilik,NIB,Kode Kabupaten/Kota,Kategori\n"+
		"Kemplang Bu Siti,Siti,1671000000001,16.71,kuliner\n"+
		"Songket Palsu,Budi,12345,16.71,fesyen\n"), 0o644)
	for run := 1; run <= 2; run++ {
		out, err = gerai(t, "", "import", "umkm", "--db", db, "--as", "dinas@x.id", csv)
		if err == nil {
			t.Fatalf("run %d: import with a bad row exited zero", run)
		}
		if !strings.Contains(out, "baris 3, kolom NIB") {
			t.Fatalf("run %d: output does not name row 3's NIB:\n%s", run, out)
		}
		wantNew := map[int]string{1: "1 UMKM baru", 2: "0 UMKM baru"}[run]
		if !strings.Contains(out, wantNew) {
			t.Fatalf("run %d: want %q in\n%s", run, wantNew, out)
		}
	}

	if _, err := gerai(t, "", "seed", "--db", db, "--umkm", "30", "--products", "120"); err != nil {
		t.Fatalf("seed: %v", err)
	}
	backup := filepath.Join(dir, "cadangan.db")
	if out, err := gerai(t, "", "backup", "--db", db, backup); err != nil || !strings.Contains(out, backup) {
		t.Fatalf("backup: %q, %v", out, err)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	if _, err := gerai(t, "", "terbang"); err == nil {
		t.Fatal("an unknown command exited zero")
	}
}
