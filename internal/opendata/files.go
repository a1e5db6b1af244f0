package opendata

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/tabular"
)

// WriteCSV writes rows as CSV: a header of d's field names, then one line
// a row, a withheld datum as an empty cell (its keterangan says why).
func WriteCSV(w io.Writer, d *Dataset, rows []Row) error {
	cw := tabular.NewCSVWriter(w, false)
	var header []any
	for _, f := range d.Fields() {
		header = append(header, f.ID)
	}
	cw.Row(header...)
	for _, r := range rows {
		vals := r.Values(d)
		for i, v := range vals {
			if v == nil {
				vals[i] = ""
			}
		}
		cw.Row(vals...)
	}
	return cw.Flush()
}

// Document is the head of the JSON file of a dataset: its name, its
// metadata in Indonesian, its fields, when it was produced; "rows"
// follows, each row an object of the fields in order (data null when
// withheld).
type Document struct {
	Name     string    `json:"nama"`
	Metadata Metadata  `json:"metadata"`
	Fields   []Field   `json:"fields"`
	Withheld string    `json:"tanda_disembunyikan"`
	MinCell  int       `json:"ambang_sel"`
	Produced time.Time `json:"dibuat"`
}

// WriteJSON writes rows as the JSON document {"nama", "metadata",
// "fields", "tanda_disembunyikan", "ambang_sel", "dibuat", "rows": [...]},
// streaming the rows.
func WriteJSON(w io.Writer, d *Dataset, rows []Row, now time.Time) error {
	bw := bufio.NewWriter(w)
	head, err := json.Marshal(Document{Name: d.Name, Metadata: d.Metadata(i18n.Default), Fields: d.Fields(), Withheld: Withheld,
		MinCell: MinCell, Produced: now.UTC().Truncate(time.Second)})
	if err != nil {
		return err
	}
	bw.Write(head[:len(head)-1]) // without its closing brace: rows follow
	bw.WriteString(`,"rows":[`)
	for i, r := range rows {
		if i > 0 {
			bw.WriteByte(',')
		}
		b, err := MarshalRecord(d, r, nil)
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// MarshalRecord is r as a JSON object with d's fields in order, after
// the leading ones given (CKAN's "_id").
func MarshalRecord(d *Dataset, r Row, leading []KeyValue) ([]byte, error) {
	out := []byte{'{'}
	add := func(k string, v any) error {
		if len(out) > 1 {
			out = append(out, ',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(v)
		if err != nil {
			return err
		}
		out = append(append(append(out, kb...), ':'), vb...)
		return nil
	}
	for _, kv := range leading {
		if err := add(kv.Key, kv.Value); err != nil {
			return nil, err
		}
	}
	fields := d.Fields()
	for i, v := range r.Values(d) {
		if err := add(fields[i].ID, v); err != nil {
			return nil, err
		}
	}
	return append(out, '}'), nil
}

// KeyValue is one member of a JSON object.
type KeyValue struct {
	Key   string
	Value any
}
