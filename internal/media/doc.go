// Package media handles user-uploaded images (product photos, shop logos):
// validation, EXIF orientation, resizing to light JPEG variants, storage and
// HTTP serving.
//
// Upload handlers call Save with a caller-chosen prefix, e.g.
//
//	keys, err := media.Save(ctx, st, "products/42/"+media.NewKey(), file, media.MaxUploadBytes)
//
// and map ErrTooLarge, ErrNotImage and ErrImageDimensions to user messages.
// Stored variants are served by Handler, mounted as
//
//	mux.Handle("GET /media/{key...}", media.Handler(st, "private/"))
//
// Keys under a private prefix are not served there: their owner serves them
// through a route that checks the reader, with Serve.
package media

import "errors"

// MaxUploadBytes is the default upload limit (10 MiB).
const MaxUploadBytes = 10 << 20

// Errors returned by Process and Save that callers map to user messages.
var (
	// ErrTooLarge means the upload is over the byte limit.
	ErrTooLarge = errors.New("media: upload too large")
	// ErrNotImage means the upload is not a decodable JPEG, PNG, GIF or WebP image.
	ErrNotImage = errors.New("media: not a supported image")
	// ErrImageDimensions means the image is too small or absurdly large.
	ErrImageDimensions = errors.New("media: unsupported image dimensions")
)

// ErrInvalidKey is returned by storage operations for keys that fail validation.
var ErrInvalidKey = errors.New("media: invalid storage key")
