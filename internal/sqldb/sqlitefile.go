package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// CheckSQLiteFile opens the SQLite file at path read-only and runs PRAGMA
// integrity_check: an error when it is missing, not a SQLite database, or
// damaged. Restores run it before putting a file where Gerai opens it.
func CheckSQLiteFile(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	msgs, err := Collect(rows, err, func(s Scanner) (m string, err error) { return m, s.Scan(&m) })
	if err != nil {
		return fmt.Errorf("integrity_check: %w", translate(err))
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("integrity_check: %s", strings.Join(msgs, "; "))
	}
	return nil
}
