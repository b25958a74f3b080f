// Command gen rebuilds internal/emotion/data/train.csv and test.csv from the
// hand-written sources in internal/emotion/data/source, and robust.csv from
// data/robust.txt:
//
//	go generate ./internal/emotion
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kefuhq/kefu/internal/emotion"
)

func main() {
	if err := run("data"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	train, test, err := emotion.BuildDataset(os.DirFS(dir), "source")
	if err != nil {
		return err
	}
	robust, err := emotion.BuildRobust(os.DirFS(dir), "robust.txt")
	if err != nil {
		return err
	}
	for name, rows := range map[string][]emotion.Row{"train.csv": train, "test.csv": test, "robust.csv": robust} {
		var b bytes.Buffer
		if err := emotion.WriteCSV(&b, rows); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d rows\n", filepath.Join(dir, name), len(rows))
	}
	return nil
}
