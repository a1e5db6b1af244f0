package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// register is the table of contents of the API.
func (h *handlers) register(api huma.API) {
	op := func(id, method, path, summary string, tags ...string) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Tags: tags}
	}
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	status := func(o huma.Operation, code int) huma.Operation { o.DefaultStatus = code; return o }
	// upload bounds an upload's body and asks may (on the path's {id})
	// before huma reads and parses it: authorise, then parse.
	upload := func(o huma.Operation, may func(ctx context.Context, id int64) error) huma.Operation {
		o.MaxBodyBytes = media.MaxUploadBytes + 64<<10
		o.Middlewares = append(o.Middlewares, h.authorizeFirst(api, may))
		return o
	}

	huma.Register(api, op("health", http.MethodGet, "/healthz", "Database answers", "system"), h.health)

	huma.Register(api, op("listProvinces", http.MethodGet, "/api/v1/regions/provinces", "All 38 provinces", "regions"), h.provinces)
	huma.Register(api, op("listRegencies", http.MethodGet, "/api/v1/regions/provinces/{code}/regencies", "Regencies and cities of a province", "regions"), h.regencies)

	huma.Register(api, status(op("createAccount", http.MethodPost, "/api/v1/accounts", "Register a buyer or seller", "accounts"), 201), h.createAccount)
	huma.Register(api, status(op("createSession", http.MethodPost, "/api/v1/sessions", "Log in: returns a bearer token", "accounts"), 201), h.createSession)
	huma.Register(api, status(secured(op("deleteSession", http.MethodDelete, "/api/v1/sessions", "Log out the bearer token", "accounts")), 204), h.deleteSession)
	huma.Register(api, secured(op("me", http.MethodGet, "/api/v1/me", "The logged-in account", "accounts")), h.me)

	huma.Register(api, status(secured(op("createUMKM", http.MethodPost, "/api/v1/umkm", "Register a UMKM (draft)", "umkm")), 201), h.createUMKM)
	huma.Register(api, op("listUMKM", http.MethodGet, "/api/v1/umkm", "List UMKM the caller may see", "umkm"), h.listUMKM)
	huma.Register(api, op("getUMKM", http.MethodGet, "/api/v1/umkm/{id}", "One UMKM", "umkm"), h.getUMKM)
	huma.Register(api, secured(op("updateUMKM", http.MethodPatch, "/api/v1/umkm/{id}", "Change a UMKM's profile", "umkm")), h.updateUMKM)
	huma.Register(api, secured(op("submitUMKM", http.MethodPost, "/api/v1/umkm/{id}/submit", "Send for verification", "umkm")), h.submitUMKM)
	huma.Register(api, secured(op("verifyUMKM", http.MethodPost, "/api/v1/umkm/{id}/verify", "Verify (agency of the province)", "umkm")), h.verifyUMKM)
	huma.Register(api, secured(op("rejectUMKM", http.MethodPost, "/api/v1/umkm/{id}/reject", "Reject with a reason (agency of the province)", "umkm")), h.rejectUMKM)
	huma.Register(api, secured(upload(op("uploadUMKMLogo", http.MethodPost, "/api/v1/umkm/{id}/logo", "Upload a logo (multipart field 'photo')", "umkm"), h.mayChangeUMKM)), h.uploadLogo)
	huma.Register(api, secured(op("umkmAudit", http.MethodGet, "/api/v1/umkm/{id}/audit", "Audit log of a UMKM", "umkm")), h.umkmAudit)

	huma.Register(api, status(secured(op("createProduct", http.MethodPost, "/api/v1/products", "Add a product to a UMKM", "products")), 201), h.createProduct)
	huma.Register(api, op("searchProducts", http.MethodGet, "/api/v1/products", "Search and browse listed products", "products"), h.searchProducts)
	huma.Register(api, op("getProduct", http.MethodGet, "/api/v1/products/{id}", "One product", "products"), h.getProduct)
	huma.Register(api, secured(op("updateProduct", http.MethodPatch, "/api/v1/products/{id}", "Change a product", "products")), h.updateProduct)
	huma.Register(api, secured(op("archiveProduct", http.MethodDelete, "/api/v1/products/{id}", "Archive a product (products are never erased: orders point at them)", "products")), h.archiveProduct)
	huma.Register(api, status(secured(upload(op("uploadProductPhoto", http.MethodPost, "/api/v1/products/{id}/photos", "Upload a photo (multipart field 'photo'; JPEG, PNG, GIF or WebP up to 10 MB)", "products"), h.Catalog.MayManage)), 201), h.uploadPhoto)
	huma.Register(api, secured(op("setProductTiers", http.MethodPut, "/api/v1/products/{id}/tiers", "Set wholesale prices (harga grosir) by quantity; an empty list removes them", "products")), h.setTiers)
	huma.Register(api, secured(op("deleteProductPhoto", http.MethodDelete, "/api/v1/products/{id}/photos/{photo_id}", "Remove a photo", "products")), h.deletePhoto)

	h.registerOrdering(api, op)
	h.registerGroupBuying(api, op)
	h.registerGroups(api, op)
	h.registerExpo(api, op)
	h.registerMall(api, op)
	h.registerMallReport(api, op)
	h.registerInsight(api, op)
	h.registerMallFees(api, op)
	h.registerMallSales(api, op)
	h.registerMallStandIns(api, op)
	h.registerPangan(api, op)
	h.registerPanganAid(api, op)
	h.registerPanganMedia(api, op)
	h.registerPartners(api, op)
	h.registerLoans(api, op)
}

type healthOut struct {
	Body struct {
		Status   string `json:"status" example:"ok"`
		Database string `json:"database" example:"postgres"`
		Role     string `json:"role" enum:"sqlite,primary,replica" doc:"What the database is: the embedded file, a PostgreSQL primary or a replica"`
		// A pointer: absent means no replication to tell of (SQLite, a primary without replicas), not zero lag.
		ReplicationLagSeconds *float64 `json:"replication_lag_seconds,omitempty" doc:"On a replica, how far its replay is behind; on a primary, its slowest replica's replay lag"`
	}
}

// health is HAProxy's check (every second, from every process's check):
// one round trip to the database.
func (h *handlers) health(ctx context.Context, _ *struct{}) (*healthOut, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	st, err := h.DB.Health(ctx)
	if err != nil {
		h.Log.Error("health check", "err", err)
		return nil, huma.Error503ServiceUnavailable("Basis data tidak menjawab")
	}
	out := &healthOut{}
	out.Body.Status, out.Body.Database = "ok", string(h.DB.Dialect)
	out.Body.Role, out.Body.ReplicationLagSeconds = st.Role, st.LagSeconds
	return out, nil
}

type regionsOut struct{ Body []RegionOut }

func (h *handlers) provinces(ctx context.Context, _ *struct{}) (*regionsOut, error) {
	out := &regionsOut{Body: []RegionOut{}}
	for _, p := range region.Provinces() {
		out.Body = append(out.Body, RegionOut{Code: p.Code, Name: p.Name})
	}
	return out, nil
}

func (h *handlers) regencies(ctx context.Context, in *struct {
	Code string `path:"code" example:"16"`
}) (*regionsOut, error) {
	if _, ok := region.ProvinceByCode(in.Code); !ok {
		return nil, huma.Error404NotFound("Provinsi " + in.Code + " tidak dikenal")
	}
	out := &regionsOut{Body: []RegionOut{}}
	for _, r := range region.Regencies(in.Code) {
		out.Body = append(out.Body, RegionOut{Code: r.Code, Name: r.Name})
	}
	return out, nil
}

type userOut struct{ Body UserOut }

func toUserOut(u account.User) UserOut {
	return UserOut{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), ProvinceCode: u.ProvinceCode}
}

func (h *handlers) createAccount(ctx context.Context, in *struct {
	Body struct {
		Email    string `json:"email" format:"email" maxLength:"254"`
		Password string `json:"password" minLength:"8" maxLength:"256"`
		Name     string `json:"name" maxLength:"200"`
		Role     string `json:"role" enum:"buyer,seller"`
	}
}) (*userOut, error) {
	u, err := h.Accounts.Register(ctx, account.NewUser{Email: in.Body.Email, Password: in.Body.Password,
		Name: in.Body.Name, Role: platform.Role(in.Body.Role)})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &userOut{Body: toUserOut(u)}, nil
}

type sessionOut struct {
	Body struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
		User      UserOut   `json:"user"`
	}
}

func (h *handlers) createSession(ctx context.Context, in *struct {
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"256"`
	}
}) (*sessionOut, error) {
	u, err := h.Accounts.Authenticate(ctx, in.Body.Email, in.Body.Password, h.clientAddress(ctx))
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	token, sess, err := h.Accounts.CreateSession(ctx, u.ID, "api")
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out := &sessionOut{}
	out.Body.Token, out.Body.ExpiresAt, out.Body.User = token, sess.ExpiresAt, toUserOut(u)
	return out, nil
}

// clientAddress is the address of the request being handled (httpx.ClientAddress).
func (h *handlers) clientAddress(ctx context.Context) string {
	if r, _ := ctx.Value(requestKey{}).(*http.Request); r != nil {
		return httpx.ClientAddress(r, h.TrustProxy)
	}
	return ""
}

func (h *handlers) deleteSession(ctx context.Context, in *struct {
	Authorization string `header:"Authorization"`
}) (*struct{}, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return nil, h.problem(ctx, platform.Unauthorized())
	}
	token, _ := strings.CutPrefix(in.Authorization, "Bearer ")
	return nil, h.problem(ctx, h.Accounts.DeleteSession(ctx, strings.TrimSpace(token)))
}

func (h *handlers) me(ctx context.Context, _ *struct{}) (*userOut, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, h.problem(ctx, platform.Unauthorized())
	}
	u, err := h.Accounts.User(ctx, a.UserID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &userOut{Body: toUserOut(u)}, nil
}

type umkmOut struct{ Body UMKMOut }

// AuditOut is one audit log entry.
type AuditOut struct {
	ID        int64     `json:"id"`
	ActorID   int64     `json:"actor_id"`
	Action    string    `json:"action"`
	Before    any       `json:"before,omitempty"`
	After     any       `json:"after,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func (h *handlers) umkmAudit(ctx context.Context, in *IDPath) (*auditOut, error) {
	entries, err := h.UMKM.AuditTrail(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out := &auditOut{Body: []AuditOut{}}
	for _, e := range entries {
		a := AuditOut{ID: e.ID, ActorID: e.ActorID, Action: e.Action, CreatedAt: e.CreatedAt}
		if e.Before != nil {
			a.Before = e.Before
		}
		if e.After != nil {
			a.After = e.After
		}
		out.Body = append(out.Body, a)
	}
	return out, nil
}

type productOut struct{ Body ProductOut }

func (h *handlers) productResult(ctx context.Context) func(catalog.Product, error) (*productOut, error) {
	return func(p catalog.Product, err error) (*productOut, error) {
		if err != nil {
			return nil, h.problem(ctx, err)
		}
		return &productOut{Body: h.productOut(p)}, nil
	}
}

func (h *handlers) createProduct(ctx context.Context, in *struct{ Body ProductIn }) (*productOut, error) {
	b := in.Body
	return h.productResult(ctx)(h.Catalog.Create(ctx, b.UMKMID, catalog.Fields{Name: b.Name, Description: b.Description,
		Category: b.Category, Price: b.Price, Stock: b.Stock, WeightGrams: b.WeightGrams, Halal: b.Halal, Status: catalog.Status(b.Status)}))
}

type productListOut struct {
	Body struct {
		Items      []ProductOut `json:"items"`
		NextCursor string       `json:"next_cursor" doc:"Continues after this page; empty on the last"`
		PrevCursor string       `json:"prev_cursor" doc:"The page before this one; empty on the first"`
		Count      int          `json:"count" doc:"Products found, at most 1000"`
		CountMore  bool         `json:"count_more" doc:"More than 1000 products were found (count is 1000)"`
		Suggestion string       `json:"suggestion,omitempty" doc:"A spelling of q that finds more ('pempek' for 'pmpek')"`
		Corrected  bool         `json:"corrected,omitempty" doc:"q found nothing: items are the suggestion's, and further pages are asked for with q=suggestion"`
	}
}

func (h *handlers) searchProducts(ctx context.Context, in *struct {
	Q        string `query:"q" maxLength:"200" doc:"Words in Indonesian; stemmed, so 'menenun' finds 'tenunan'"`
	Province string `query:"province"`
	Regency  string `query:"regency"`
	Category string `query:"category"`
	Halal    string `query:"halal" enum:"true,false," doc:"true or false"`
	MinPrice string `query:"min_price" doc:"Whole rupiah"`
	MaxPrice string `query:"max_price" doc:"Whole rupiah"`
	UMKM     int64  `query:"umkm_id"`
	Sort     string `query:"sort" enum:"relevance,newest,price_asc,price_desc," doc:"relevance (the default: every word in the name first, then the rest, each newest first), newest, price_asc or price_desc"`
	Limit    int    `query:"limit" minimum:"0" maximum:"100"`
	Cursor   string `query:"cursor" doc:"next_cursor or prev_cursor of a page of the same search and sort"`
}) (*productListOut, error) {
	q := catalog.Query{Text: in.Q, ProvinceCode: in.Province, RegencyCode: in.Regency, Category: in.Category,
		UMKMID: in.UMKM, Sort: in.Sort, Limit: in.Limit, Cursor: in.Cursor}
	var v platform.Validation
	if in.Halal != "" {
		b := in.Halal == "true"
		q.Halal = &b
	}
	parsePrice := func(field, s string) *int64 {
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			v.Add(field, "Harga harus bilangan bulat rupiah")
			return nil
		}
		return &n
	}
	q.MinPrice = parsePrice("min_price", in.MinPrice)
	q.MaxPrice = parsePrice("max_price", in.MaxPrice)
	if err := v.Err(); err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	page, err := h.Catalog.Search(ctx, q)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &productListOut{}
	out.Body.Items = []ProductOut{}
	for _, p := range page.Items {
		out.Body.Items = append(out.Body.Items, h.productOut(p))
	}
	out.Body.NextCursor, out.Body.PrevCursor = page.NextCursor, page.PrevCursor
	out.Body.Count, out.Body.CountMore = page.Count, page.CountMore
	out.Body.Suggestion, out.Body.Corrected = page.Suggestion, page.Corrected
	return out, nil
}

func (h *handlers) getProduct(ctx context.Context, in *IDPath) (*productOut, error) {
	return h.productResult(ctx)(h.Catalog.Get(ctx, in.ID))
}

func (h *handlers) updateProduct(ctx context.Context, in *struct {
	IDPath
	Body ProductPatch
}) (*productOut, error) {
	cur, err := h.Catalog.Get(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	f := cur.Fields()
	in.Body.apply(&f)
	return h.productResult(ctx)(h.Catalog.Update(ctx, in.ID, f))
}

func (h *handlers) archiveProduct(ctx context.Context, in *IDPath) (*productOut, error) {
	return h.productResult(ctx)(h.Catalog.Archive(ctx, in.ID))
}

func (h *handlers) setTiers(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Tiers []TierIn `json:"tiers" maxItems:"5" doc:"From min_quantity units in one order line, each costs price"`
	}
}) (*productOut, error) {
	tiers := make([]catalog.PriceTier, len(in.Body.Tiers))
	for i, t := range in.Body.Tiers {
		tiers[i] = catalog.PriceTier{MinQuantity: t.MinQuantity, Price: t.Price}
	}
	return h.productResult(ctx)(h.Catalog.SetTiers(ctx, in.ID, tiers))
}

func (h *handlers) uploadPhoto(ctx context.Context, in *uploadIn) (*productOut, error) {
	f := in.RawBody.Data().Photo
	defer f.Close()
	return h.productResult(ctx)(h.Catalog.AddPhoto(ctx, in.ID, f))
}

func (h *handlers) deletePhoto(ctx context.Context, in *struct {
	IDPath
	PhotoID int64 `path:"photo_id" minimum:"1"`
}) (*productOut, error) {
	return h.productResult(ctx)(h.Catalog.DeletePhoto(ctx, in.ID, in.PhotoID))
}
