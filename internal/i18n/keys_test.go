package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEveryKeyUsedInCodeIsTranslated scans the Go sources for message keys.
func TestEveryKeyUsedInCodeIsTranslated(t *testing.T) {
	key := regexp.MustCompile(`"((?:err|field)\.[a-z_.]+)"`)
	found := 0
	err := filepath.Walk("..", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || filepath.Ext(path) != ".go" || filepath.Base(filepath.Dir(path)) == "i18n" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			found++
			if k := m[1]; !Has(k) && k != "err.not_found." {
				t.Errorf("%s: key %q has no translation", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 20 {
		t.Fatalf("found only %d keys; is the scan broken?", found)
	}
}
