package api

import (
	"context"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/umkm"
)

// RegionOut is a province or regency.
type RegionOut struct {
	Code string `json:"code" example:"16"`
	Name string `json:"name" example:"Sumatera Selatan"`
}

// UserOut is an account as the API shows it.
type UserOut struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Role         string `json:"role" enum:"buyer,seller,agency,admin"`
	ProvinceCode string `json:"province_code,omitempty"`
}

// UMKMOut is a UMKM as the API shows it.
type UMKMOut struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	OwnerName    string     `json:"owner_name"`
	NIB          string     `json:"nib"`
	KBLI         string     `json:"kbli"`
	ProvinceCode string     `json:"province_code"`
	RegencyCode  string     `json:"regency_code"`
	Address      string     `json:"address"`
	WhatsApp     string     `json:"whatsapp" doc:"E.164; masked in lists"`
	Category     string     `json:"category" enum:"kuliner,fesyen,kriya,pertanian,jasa,lainnya"`
	Description  string     `json:"description"`
	Capital      *int64     `json:"capital,omitempty" doc:"Modal usaha, rupiah; only for the owner, the province's agency and admins"`
	Turnover     *int64     `json:"turnover,omitempty" doc:"Omzet tahunan, rupiah; only for the owner, the province's agency and admins"`
	Scale        string     `json:"scale" enum:"mikro,kecil,menengah" doc:"Computed from capital and turnover (PP 7/2021)"`
	HalalCert    string     `json:"halal_cert"`
	PIRT         string     `json:"pirt"`
	BPOM         string     `json:"bpom"`
	LogoURL      string     `json:"logo_url,omitempty"`
	Status       string     `json:"status" enum:"draft,submitted,verified,rejected"`
	RejectReason string     `json:"reject_reason,omitempty"`
	VerifiedAt   *time.Time `json:"verified_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// umkmOut shows u to the actor of ctx: capital and turnover only when the
// policy lets the actor read u's private data.
func (h *handlers) umkmOut(ctx context.Context, u umkm.UMKM, inList bool) UMKMOut {
	o := UMKMOut{ID: u.ID, Name: u.Name, OwnerName: u.OwnerName, NIB: u.NIB, KBLI: u.KBLI, ProvinceCode: u.ProvinceCode,
		RegencyCode: u.RegencyCode, Address: u.Address, WhatsApp: u.WhatsApp, Category: u.Category, Description: u.Description,
		Scale: string(u.Scale), HalalCert: u.HalalCert, PIRT: u.PIRT, BPOM: u.BPOM,
		Status: string(u.Status), RejectReason: u.RejectReason, VerifiedAt: u.VerifiedAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if umkm.CanReadPrivate(ctx, u) == nil {
		o.Capital, o.Turnover = &u.Capital, &u.Turnover
	}
	if u.LogoKey != "" {
		o.LogoURL = h.MediaURL(u.LogoKey)
	}
	if inList && o.WhatsApp != "" {
		o.WhatsApp = idn.MaskPhone(o.WhatsApp)
	}
	return o
}

// UMKMIn is the body that creates a UMKM.
type UMKMIn struct {
	Name         string `json:"name" maxLength:"150"`
	OwnerName    string `json:"owner_name" maxLength:"150"`
	NIB          string `json:"nib" doc:"Nomor Induk Berusaha from OSS, 13 digits" example:"1234567890123"`
	KBLI         string `json:"kbli,omitempty" doc:"5-digit KBLI code"`
	ProvinceCode string `json:"province_code,omitempty" doc:"Optional; must match the regency when given"`
	RegencyCode  string `json:"regency_code" example:"16.71"`
	Address      string `json:"address,omitempty"`
	WhatsApp     string `json:"whatsapp,omitempty" example:"0812-3456-7890"`
	Category     string `json:"category" enum:"kuliner,fesyen,kriya,pertanian,jasa,lainnya"`
	Description  string `json:"description,omitempty"`
	Capital      int64  `json:"capital,omitempty" minimum:"0"`
	Turnover     int64  `json:"turnover,omitempty" minimum:"0"`
	HalalCert    string `json:"halal_cert,omitempty"`
	PIRT         string `json:"pirt,omitempty"`
	BPOM         string `json:"bpom,omitempty"`
}

func (in UMKMIn) fields() umkm.Fields {
	return umkm.Fields{Name: in.Name, OwnerName: in.OwnerName, NIB: in.NIB, KBLI: in.KBLI, RegencyCode: in.RegencyCode,
		Address: in.Address, WhatsApp: in.WhatsApp, Category: in.Category, Description: in.Description,
		Capital: in.Capital, Turnover: in.Turnover, HalalCert: in.HalalCert, PIRT: in.PIRT, BPOM: in.BPOM}
}

// UMKMPatch changes some fields of a UMKM; absent fields stay as they are.
type UMKMPatch struct {
	Name        *string `json:"name,omitempty"`
	OwnerName   *string `json:"owner_name,omitempty"`
	NIB         *string `json:"nib,omitempty"`
	KBLI        *string `json:"kbli,omitempty"`
	RegencyCode *string `json:"regency_code,omitempty"`
	Address     *string `json:"address,omitempty"`
	WhatsApp    *string `json:"whatsapp,omitempty"`
	Category    *string `json:"category,omitempty" enum:"kuliner,fesyen,kriya,pertanian,jasa,lainnya"`
	Description *string `json:"description,omitempty"`
	Capital     *int64  `json:"capital,omitempty" minimum:"0"`
	Turnover    *int64  `json:"turnover,omitempty" minimum:"0"`
	HalalCert   *string `json:"halal_cert,omitempty"`
	PIRT        *string `json:"pirt,omitempty"`
	BPOM        *string `json:"bpom,omitempty"`
}

func (p UMKMPatch) apply(f *umkm.Fields) {
	set(&f.Name, p.Name)
	set(&f.OwnerName, p.OwnerName)
	set(&f.NIB, p.NIB)
	set(&f.KBLI, p.KBLI)
	set(&f.RegencyCode, p.RegencyCode)
	set(&f.Address, p.Address)
	set(&f.WhatsApp, p.WhatsApp)
	set(&f.Category, p.Category)
	set(&f.Description, p.Description)
	set(&f.Capital, p.Capital)
	set(&f.Turnover, p.Turnover)
	set(&f.HalalCert, p.HalalCert)
	set(&f.PIRT, p.PIRT)
	set(&f.BPOM, p.BPOM)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// PhotoOut is one product photo.
type PhotoOut struct {
	ID       int64  `json:"id,omitempty"`
	ThumbURL string `json:"thumb_url"`
	LargeURL string `json:"large_url"`
}

// ProductUMKM is the seller of a product.
type ProductUMKM struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
	RegencyCode  string `json:"regency_code"`
}

// ProductOut is a product as the API shows it.
type ProductOut struct {
	ID          int64               `json:"id"`
	UMKMID      int64               `json:"umkm_id"`
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Category    string              `json:"category"`
	Price       int64               `json:"price" doc:"Whole rupiah"`
	Stock       int64               `json:"stock"`
	WeightGrams int64               `json:"weight_grams"`
	Halal       bool                `json:"halal"`
	Status      string              `json:"status" enum:"draft,active,archived"`
	Listed      bool                `json:"listed" doc:"Visible to buyers: active and its UMKM verified"`
	UMKM        ProductUMKM         `json:"umkm"`
	Photos      []PhotoOut          `json:"photos"`
	Tiers       []catalog.PriceTier `json:"tiers" doc:"Wholesale prices (harga grosir): from min_quantity units, each costs price"`
	CreatedAt   time.Time           `json:"created_at"`
	UpdatedAt   time.Time           `json:"updated_at"`
}

func (h *handlers) productOut(p catalog.Product) ProductOut {
	o := ProductOut{ID: p.ID, UMKMID: p.UMKMID, Name: p.Name, Description: p.Description, Category: p.Category,
		Price: p.Price, Stock: p.Stock, WeightGrams: p.WeightGrams, Halal: p.Halal, Status: string(p.Status), Listed: p.Listed,
		UMKM:   ProductUMKM{ID: p.UMKM.ID, Name: p.UMKM.Name, ProvinceCode: p.UMKM.ProvinceCode, RegencyCode: p.UMKM.RegencyCode},
		Photos: []PhotoOut{}, Tiers: p.Tiers,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if o.Tiers == nil {
		o.Tiers = []catalog.PriceTier{}
	}
	for _, ph := range p.Photos {
		o.Photos = append(o.Photos, PhotoOut{ID: ph.ID, ThumbURL: h.MediaURL(ph.ThumbKey), LargeURL: h.MediaURL(ph.LargeKey)})
	}
	return o
}

// ProductIn is the body that creates a product.
type ProductIn struct {
	UMKMID      int64  `json:"umkm_id"`
	Name        string `json:"name" maxLength:"150"`
	Description string `json:"description,omitempty"`
	Category    string `json:"category" enum:"kuliner,fesyen,kriya,pertanian,jasa,lainnya"`
	Price       int64  `json:"price" minimum:"0" doc:"Whole rupiah"`
	Stock       int64  `json:"stock" minimum:"0"`
	WeightGrams int64  `json:"weight_grams" minimum:"0"`
	Halal       bool   `json:"halal,omitempty"`
	Status      string `json:"status,omitempty" enum:"draft,active,archived" doc:"Default active"`
}

// ProductPatch changes some fields of a product.
type ProductPatch struct {
	Name        *string `json:"name,omitempty" maxLength:"150"`
	Description *string `json:"description,omitempty"`
	Category    *string `json:"category,omitempty" enum:"kuliner,fesyen,kriya,pertanian,jasa,lainnya"`
	Price       *int64  `json:"price,omitempty" minimum:"0"`
	Stock       *int64  `json:"stock,omitempty" minimum:"0"`
	WeightGrams *int64  `json:"weight_grams,omitempty" minimum:"0"`
	Halal       *bool   `json:"halal,omitempty"`
	Status      *string `json:"status,omitempty" enum:"draft,active,archived"`
}

func (p ProductPatch) apply(f *catalog.Fields) {
	set(&f.Name, p.Name)
	set(&f.Description, p.Description)
	set(&f.Category, p.Category)
	set(&f.Price, p.Price)
	set(&f.Stock, p.Stock)
	set(&f.WeightGrams, p.WeightGrams)
	set(&f.Halal, p.Halal)
	if p.Status != nil {
		f.Status = catalog.Status(*p.Status)
	}
}
