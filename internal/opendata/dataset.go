package opendata

import (
	"context"
	"crypto/sha1"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/i18n"
)

// Dataset is one indicator published in the catalogue: its name (the
// address /data/{Name} and the CKAN package's name), the metadata Satu
// Data Indonesia asks for (Perpres 39/2019: konsep, definisi, satuan,
// klasifikasi, produsen data, frekuensi, rumus, sumber, lisensi, kode
// referensi), and the source of its cells.
type Dataset struct {
	// Name is the dataset's address and CKAN name: lowercase, digits and hyphens.
	Name string
	// Key is the stem of its metadata in the message catalogue:
	// "opendata_<Key>_<field>" for each of MetadataFields, in every language.
	Key string
	// Tags are the CKAN package's tags (keywords, in Indonesian).
	Tags []string
	// Dimension is the class each area's figure is split by (the scale of
	// a business), nil when an area has one figure.
	Dimension *Dimension
	// Source gives the dataset's blocks as of now (the clock of the
	// catalogue): each block one table of one period, published through
	// Suppress.
	Source func(ctx context.Context, now time.Time) ([]Block, error)
}

// Dimension is a dataset's classification column: its name in the rows,
// its values in order, and the value of the rows that total them.
type Dimension struct {
	Column string   // e.g. "skala_usaha"
	Values []string // e.g. mikro, kecil, menengah
	Total  string   // e.g. "semua"
	// Label is the message key of the column's name on pages, Labels the
	// prefix of its values' ("scale_" + "mikro"); the total reads "total".
	Label, Labels string
}

// MetadataFields are the Satu Data Indonesia fields each dataset carries
// in the message catalogue, in the order the catalogue page lists them.
var MetadataFields = []string{"title", "notes", "concept", "definition", "unit", "classification", "producer", "frequency", "formula", "source"}

// Metadata is a dataset's metadata in one language.
type Metadata struct {
	Title          string `json:"judul"`
	Notes          string `json:"deskripsi"`
	Concept        string `json:"konsep"`
	Definition     string `json:"definisi"`
	Unit           string `json:"satuan"`
	Classification string `json:"klasifikasi"`
	Producer       string `json:"produsen_data"`
	Frequency      string `json:"frekuensi"`
	Formula        string `json:"rumus"`
	Source         string `json:"sumber"`
	License        string `json:"lisensi"`
	LicenseURL     string `json:"lisensi_url"`
	Reference      string `json:"kode_referensi"`
}

// The licence of every dataset, and the reference of its area codes.
const (
	LicenseID    = "cc-by" // CKAN's id of Creative Commons Attribution
	LicenseTitle = "Creative Commons Attribution 4.0 (CC BY 4.0)"
	LicenseURL   = "https://creativecommons.org/licenses/by/4.0/"
)

// Metadata is d's metadata in lang (the files and the CKAN API use
// Indonesian, the data's language; pages the reader's).
func (d *Dataset) Metadata(lang string) Metadata {
	t := func(field string) string { return i18n.T(lang, "opendata_"+d.Key+"_"+field) }
	return Metadata{Title: t("title"), Notes: t("notes"), Concept: t("concept"), Definition: t("definition"), Unit: t("unit"),
		Classification: t("classification"), Producer: t("producer"), Frequency: t("frequency"), Formula: t("formula"),
		Source: t("source"), License: LicenseTitle, LicenseURL: LicenseURL, Reference: i18n.T(lang, "opendata_reference_codes")}
}

// ResourceID is the id of d's table as a CKAN resource: a UUID derived
// from its name, so it stays the same across servers and restarts (CKAN
// harvesters key on it). The name itself is accepted too, as CKAN accepts
// a resource's alias.
func (d *Dataset) ResourceID() string { return uuidOf("gerai:opendata:" + d.Name) }

// JSONResourceID is the id of d's JSON file as a CKAN resource (a file, not in the datastore).
func (d *Dataset) JSONResourceID() string { return uuidOf("gerai:opendata:" + d.Name + ".json") }

// PackageID is the id of d as a CKAN package (its name is accepted too).
func (d *Dataset) PackageID() string { return uuidOf("gerai:opendata:package:" + d.Name) }

// UUIDOf is a name-based UUID (version 5 layout over SHA-1): the same name, the same id.
func UUIDOf(name string) string { return uuidOf(name) }

func uuidOf(name string) string {
	h := sha1.Sum([]byte(name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Catalogue is the registry of datasets. Datasets are added once, at
// wiring (Register); a dataset from a roll-up (the B2C sales by seller
// province × buyer province per month) is one more Register with its
// Source.
type Catalogue struct {
	datasets []*Dataset
	// Now is the clock: the current year is published up to today.
	Now func() time.Time
	// MaxAge is how long a dataset's rows are served from memory before
	// they are computed again (0: every request computes them). Open data
	// is yearly; a few minutes' delay costs nobody anything, and it keeps
	// a harvester paging through datastore_search from running the
	// registry's GROUP BY once a page.
	MaxAge time.Duration

	mu    sync.Mutex
	cache map[string]*cachedRows
}

// cachedRows are one dataset's rows as computed at a time; its own lock
// makes concurrent readers of a stale entry wait for one computation.
type cachedRows struct {
	mu   sync.Mutex
	rows []Row
	at   time.Time
}

// New is a catalogue of datasets.
func New(datasets ...*Dataset) *Catalogue {
	c := &Catalogue{Now: time.Now, cache: map[string]*cachedRows{}}
	for _, d := range datasets {
		c.Register(d)
	}
	return c
}

// Register adds d to the catalogue; a second dataset of the same name
// is a programming error.
func (c *Catalogue) Register(d *Dataset) {
	if slices.ContainsFunc(c.datasets, func(x *Dataset) bool { return x.Name == d.Name }) {
		panic("opendata: dataset " + d.Name + " registered twice")
	}
	c.datasets = append(c.datasets, d)
}

// Datasets lists the catalogue in the order of registration.
func (c *Catalogue) Datasets() []*Dataset { return slices.Clone(c.datasets) }

// Dataset is the dataset named name.
func (c *Catalogue) Dataset(name string) (*Dataset, bool) {
	for _, d := range c.datasets {
		if d.Name == name {
			return d, true
		}
	}
	return nil, false
}

// ByResource is the dataset whose table is resource id (its ResourceID or its name).
func (c *Catalogue) ByResource(id string) (*Dataset, bool) {
	for _, d := range c.datasets {
		if d.ResourceID() == id || d.Name == id {
			return d, true
		}
	}
	return nil, false
}

// Rows are d's published rows, every block through Suppress, in order of
// year, period, area code and class; computed at most once in MaxAge.
// The slice is shared: callers must not change it.
func (c *Catalogue) Rows(ctx context.Context, d *Dataset) ([]Row, error) {
	if c.MaxAge <= 0 {
		return c.compute(ctx, d)
	}
	c.mu.Lock()
	e := c.cache[d.Name]
	if e == nil {
		e = &cachedRows{}
		c.cache[d.Name] = e
	}
	c.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	if e.rows != nil && now.Sub(e.at) < c.MaxAge {
		return e.rows, nil
	}
	rows, err := c.compute(ctx, d)
	if err != nil {
		return nil, err
	}
	e.rows, e.at = rows, now
	return rows, nil
}

func (c *Catalogue) compute(ctx context.Context, d *Dataset) ([]Row, error) {
	blocks, err := d.Source(ctx, c.Now())
	if err != nil {
		return nil, err
	}
	judul := d.Metadata(i18n.Default).Title
	unit := d.Metadata(i18n.Default).Unit
	rows := []Row{}
	for _, b := range blocks {
		out, err := publish(d, b, judul, unit)
		if err != nil {
			return nil, fmt.Errorf("dataset %s, %d %s: %w", d.Name, b.Year, b.Period, err)
		}
		rows = append(rows, out...)
	}
	sortRows(d, rows)
	return rows, nil
}
