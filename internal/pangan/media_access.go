package pangan

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// MediaPrefix starts every stored key of the programme's photos (plots,
// a handover's photo, the recipient's signature, the signed BAST): they
// show a family, its house and its hand, so the public media handler does
// not serve them (app.Handler) and OpenDeliveryProof / OpenPlotPhoto do,
// to those who work on the record's village.
const MediaPrefix = "pangan/"

// Kinds of a delivery's stored proof.
const (
	ProofPhoto     = "photo"
	ProofSignature = "signature"
	ProofBAST      = "bast"
)

// ProofKinds are the kinds of stored proof, in the order a page shows them.
var ProofKinds = []string{ProofPhoto, ProofSignature, ProofBAST}

// MayWorkOnHousehold authorises recording for a household (its plots, the
// aid it is given): the agency, an admin, or an officer of its village; a
// household that is not the programme's is not found to those who work in
// it. Handlers ask it before reading an upload's body.
func (s *Service) MayWorkOnHousehold(ctx context.Context, programmeID, householdID int64) error {
	_, err := s.householdOpen(ctx, programmeID, householdID)
	return err
}

// OpenDeliveryProof opens a delivery's stored proof of kind (photo,
// signature, bast), its thumbnail when thumb: to the programme's agency,
// an admin and the officers of the delivery's village; not to a sponsor's
// staff (they see whether proof exists, never the family) nor anyone else.
// A kind the delivery has no proof of is not found. The caller closes it.
func (s *Service) OpenDeliveryProof(ctx context.Context, programmeID, deliveryID int64, kind string, thumb bool) (io.ReadCloser, error) {
	if _, err := s.MayProveDelivery(ctx, programmeID, deliveryID); err != nil {
		return nil, err
	}
	d, err := s.delivery(ctx, s.db.Reader(), programmeID, deliveryID)
	if err != nil {
		return nil, err
	}
	key := map[string]string{ProofPhoto: d.PhotoKey, ProofSignature: d.SignatureKey, ProofBAST: d.BASTKey}[kind]
	return s.openStored(ctx, key, thumb, "Bukti penyerahan")
}

// OpenPlotPhoto opens a plot's photo (its thumbnail when thumb): to the
// programme's agency, an admin and the officers of the plot's village.
// The caller closes it.
func (s *Service) OpenPlotPhoto(ctx context.Context, programmeID, plotID int64, thumb bool) (io.ReadCloser, error) {
	if _, err := s.MayChangePlot(ctx, programmeID, plotID); err != nil {
		return nil, err
	}
	pl, err := s.plot(ctx, s.db.Reader(), programmeID, plotID)
	if err != nil {
		return nil, err
	}
	return s.openStored(ctx, pl.PhotoKey, thumb, "Foto lahan")
}

// openStored opens a stored large variant's key, or its thumbnail beside
// it; none stored, or the file gone, is what's not found.
func (s *Service) openStored(ctx context.Context, largeKey string, thumb bool, what string) (io.ReadCloser, error) {
	if largeKey == "" || s.Media == nil || !strings.HasPrefix(largeKey, MediaPrefix) {
		return nil, platform.NotFound(what)
	}
	key := largeKey
	if thumb {
		key = strings.TrimSuffix(largeKey, "large.jpg") + "thumb.jpg"
	}
	rc, err := s.Media.Open(ctx, key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, platform.NotFound(what)
	}
	return rc, err
}
