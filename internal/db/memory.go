package db

import (
	"context"
	"database/sql"
	"fmt"
)

// ReleaseMemory gives back the memory SQLite keeps for speed — each
// connection's page cache (32 MB for the writer, 8 MB per reader) and the
// scratch space of its statements — on the connections that are idle now.
// A server that has served a load and gone quiet would otherwise hold it
// for good: a few hundred MB at a million tickets. The caches fill again
// with the next requests, from the operating system's file cache. PostgreSQL
// keeps its caches in its own processes; there it does nothing.
func (db *DB) ReleaseMemory(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	// Every idle reader at once: holding them keeps the pool from handing
	// out the same connection twice. A busy reader is left alone.
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range db.r.Stats().Idle {
		c, err := db.r.Conn(ctx)
		if err != nil {
			return fmt.Errorf("db: release memory: %w", err)
		}
		conns = append(conns, c)
	}
	// The writer: waits for the group commit in progress, if any.
	w, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: release memory: %w", err)
	}
	conns = append(conns, w)
	for _, c := range conns {
		if _, err := c.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
			return fmt.Errorf("db: release memory: %w", err)
		}
	}
	return nil
}
