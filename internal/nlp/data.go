package nlp

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Errors of ValidText.
var (
	ErrEmptyText = errors.New("text is empty")
	ErrNotUTF8   = errors.New("text is not valid UTF-8")
)

// ValidText reports whether s can be classified: valid UTF-8 with something
// other than white space in it.
func ValidText(s string) error {
	if !utf8.ValidString(s) {
		return ErrNotUTF8
	}
	if strings.TrimSpace(s) == "" {
		return ErrEmptyText
	}
	return nil
}

// CSVOptions name the columns of a labelled CSV file (header row, UTF-8).
type CSVOptions struct {
	TextCol  string // default "text"
	LabelCol string // default "label"; "" with NoLabel to read texts only
	NoLabel  bool
}

// ReadCSVFile reads examples from a CSV file with a header row.
func ReadCSVFile(path string, o CSVOptions) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ex, err := ReadCSV(f, o)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ex, nil
}

// ReadCSV reads examples. Errors name the line and column: a missing
// column, a row with invalid UTF-8, an empty text or label.
func ReadCSV(r io.Reader, o CSVOptions) ([]Example, error) {
	if o.TextCol == "" {
		o.TextCol = "text"
	}
	if o.LabelCol == "" && !o.NoLabel {
		o.LabelCol = "label"
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file (expected a header row)")
	}
	if err != nil {
		return nil, err
	}
	textIdx, labelIdx := -1, -1
	names := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		names[i] = h
		if h == o.TextCol && textIdx < 0 {
			textIdx = i
		}
		if !o.NoLabel && h == o.LabelCol && labelIdx < 0 {
			labelIdx = i
		}
	}
	if textIdx < 0 {
		return nil, fmt.Errorf("no column %q in the header (columns: %s); choose one with --text-col", o.TextCol, strings.Join(names, ", "))
	}
	if !o.NoLabel && labelIdx < 0 {
		return nil, fmt.Errorf("no column %q in the header (columns: %s); choose one with --label-col", o.LabelCol, strings.Join(names, ", "))
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		for _, need := range []int{textIdx, labelIdx} {
			if len(rec) <= need {
				return nil, fmt.Errorf("line %d: %d fields, column %q is missing", line, len(rec), names[need])
			}
		}
		text := rec[textIdx]
		switch ValidText(text) {
		case ErrNotUTF8:
			return nil, fmt.Errorf("line %d: column %q is not valid UTF-8 (convert the file to UTF-8)", line, o.TextCol)
		case ErrEmptyText:
			return nil, fmt.Errorf("line %d: column %q is empty", line, o.TextCol)
		}
		e := Example{Text: text}
		if !o.NoLabel {
			l := strings.TrimSpace(rec[labelIdx])
			if !utf8.ValidString(l) {
				return nil, fmt.Errorf("line %d: column %q is not valid UTF-8", line, o.LabelCol)
			}
			if l == "" {
				return nil, fmt.Errorf("line %d: column %q is empty", line, o.LabelCol)
			}
			e.Label = l
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rows after the header (%s)", strings.Join(names, ", "))
	}
	return out, nil
}
