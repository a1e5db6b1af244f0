package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// AddPhoto resizes an uploaded image and adds it to the product's photos.
func (s *Service) AddPhoto(ctx context.Context, productID int64, r io.Reader) (Product, error) {
	return s.AddPhotos(ctx, productID, r)
}

// AddPhotos resizes several uploaded images (one upload of several files)
// and adds them to the product's photos, all or none: a file that is not an
// image, or more files than MaxPhotos leaves room for, adds nothing. The
// images are processed one after the other, so one request holds at most
// one decoded image (media's limits apply to each).
func (s *Service) AddPhotos(ctx context.Context, productID int64, files ...io.Reader) (Product, error) {
	p, err := s.Get(ctx, productID)
	if err != nil {
		return Product{}, err
	}
	if _, err := s.manageable(ctx, p.UMKMID); err != nil {
		return Product{}, err
	}
	if err := roomForPhotos(len(p.Photos), len(files)); err != nil {
		return Product{}, err
	}
	var keys []string
	forget := func() {
		for _, k := range keys {
			s.media.Delete(context.WithoutCancel(ctx), k)
		}
	}
	var rows [][2]string // large, thumb
	for i, f := range files {
		saved, err := media.Save(ctx, s.media, fmt.Sprintf("products/%d/%s", productID, media.NewKey()), f, media.MaxUploadBytes)
		if err != nil {
			forget()
			return Product{}, nthPhoto(media.UserError(err), i, len(files))
		}
		keys = append(keys, saved["large"], saved["thumb"])
		rows = append(rows, [2]string{saved["large"], saved["thumb"]})
	}
	var after Product
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, u, err := s.loadManaged(ctx, tx, productID)
		if err != nil {
			return err
		}
		if err := roomForPhotos(len(before.Photos), len(rows)); err != nil { // another upload may have come first
			return err
		}
		for i, k := range rows {
			if _, err := tx.Exec(ctx, `INSERT INTO product_photos (product_id, large_key, thumb_key, position, created_at) VALUES (?, ?, ?, ?, ?)`,
				productID, k[0], k[1], len(before.Photos)+i, s.now().UTC()); err != nil {
				return err
			}
		}
		if after, err = s.load(ctx, tx, productID); err != nil {
			return err
		}
		return s.changed(ctx, tx, "add_photo", &before, after, u)
	})
	if err != nil {
		forget()
	}
	return after, err
}

// roomForPhotos refuses adding n photos to a product that has have.
func roomForPhotos(have, n int) error {
	switch {
	case n == 0:
		return platform.Invalid("photo", "Pilih berkas gambar (JPEG, PNG, GIF atau WebP, maksimal 10 MB)")
	case have+n > MaxPhotos:
		field := platform.Field("photo", "Sudah ada %d foto", have)
		if have < MaxPhotos {
			field = platform.Field("photo", "Sudah ada %d foto; pilih paling banyak %d lagi", have, MaxPhotos-have)
		}
		e := platform.Newf(platform.KindInvalid, "Maksimal %d foto per produk", MaxPhotos)
		e.Fields = []platform.FieldError{field}
		return e
	}
	return nil
}

// nthPhoto names which of several files an upload error is about (the
// error's own message, translated with it, after "Foto ke-2: ").
func nthPhoto(err error, i, n int) error {
	var e *platform.Error
	if n < 2 || !errors.As(err, &e) || e.Key == "" {
		return err
	}
	named := platform.Newf(e.Kind, "Foto ke-%d: %s", i+1, platform.Textf(e.Key, e.Args...))
	named.Err = err
	for _, f := range e.Fields {
		if f.Key != "" {
			named.Fields = append(named.Fields, platform.Field(f.Field, "Foto ke-%d: %s", i+1, platform.Textf(f.Key, f.Args...)))
		}
	}
	return named
}

// DeletePhoto removes one photo of a product.
func (s *Service) DeletePhoto(ctx context.Context, productID, photoID int64) (Product, error) {
	var after Product
	var removed Photo
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, u, err := s.loadManaged(ctx, tx, productID)
		if err != nil {
			return err
		}
		found := false
		for _, ph := range before.Photos {
			if ph.ID == photoID {
				removed, found = ph, true
			}
		}
		if !found {
			return platform.NotFound("Foto")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM product_photos WHERE id = ?`, photoID); err != nil {
			return err
		}
		if after, err = s.load(ctx, tx, productID); err != nil {
			return err
		}
		return s.changed(ctx, tx, "delete_photo", &before, after, u)
	})
	if err == nil {
		s.media.Delete(ctx, removed.LargeKey)
		s.media.Delete(ctx, removed.ThumbKey)
	}
	return after, err
}
