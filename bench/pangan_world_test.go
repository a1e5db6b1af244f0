package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// Helpers of the food programme's benchmarks (issue 12): Gerakan Sumsel
// Mandiri Pangan created through the service, its households and visits
// written straight into the tables (the setup is not what is measured).

// foodTargets are GSMP's targets per regency: the three largest and
// total (81,000), the rest split as the demo splits them (internal/seed).
var foodTargets = map[string]int{
	"16.01": 4600, "16.02": 7200, "16.03": 5800, "16.04": 9450, "16.05": 4700, "16.06": 6700, "16.07": 7625, "16.08": 7800,
	"16.09": 4300, "16.10": 4800, "16.11": 3300, "16.12": 2400, "16.13": 2600, "16.71": 4425, "16.72": 1400, "16.73": 2100, "16.74": 1800,
}

// foodCommodities are GSMP's, with their reference prices.
var foodCommodities = []pangan.Commodity{
	{Code: "cabai", Name: "Cabai", Unit: "kg", Price: 42000}, {Code: "tomat", Name: "Tomat", Unit: "kg", Price: 12000},
	{Code: "kangkung", Name: "Kangkung", Unit: "kg", Price: 8000}, {Code: "bawang_merah", Name: "Bawang merah", Unit: "kg", Price: 35000},
	{Code: "terong", Name: "Terong", Unit: "kg", Price: 10000}, {Code: "jeruk", Name: "Jeruk", Unit: "kg", Price: 18000},
	{Code: "pepaya", Name: "Pepaya", Unit: "kg", Price: 7000}, {Code: "ayam_kampung", Name: "Ayam kampung", Unit: "ekor", Price: 75000},
	{Code: "telur", Name: "Telur ayam", Unit: "butir", Price: 2000, MaxPerM2: 40}, {Code: "lele", Name: "Lele", Unit: "kg", Price: 24000},
	{Code: "nila", Name: "Nila", Unit: "kg", Price: 32000},
}

// newFoodProgramme starts a server and has a Sumsel agency account create
// GSMP with its 17 targets; it returns the server, the agency's context and the programme.
func newFoodProgramme(b *testing.B, d sqldb.Dialect) (*testutil.Server, context.Context, pangan.Programme) {
	b.Helper()
	s := testutil.NewServer(b, d)
	agency, _ := mustActor(b, s.App.Accounts, "dinas16@bench.id", platform.RoleAgency, "16")
	var targets []pangan.Target
	for _, r := range region.Regencies("16") {
		targets = append(targets, pangan.Target{RegencyCode: r.Code, Households: int64(foodTargets[r.Code])})
	}
	p, err := s.App.Pangan.CreateProgramme(agency, pangan.ProgrammeFields{Name: "Gerakan Sumsel Mandiri Pangan", ProvinceCode: "16",
		StartYear: 2021, Commodities: append([]pangan.Commodity(nil), foodCommodities...), Targets: targets,
		Prices: []pangan.Price{{Commodity: "cabai", RegencyCode: "16.71", Price: 50000}}})
	if err != nil {
		b.Fatal(err)
	}
	return s, agency, p
}

// villagesOf lists the villages of a regency, in code order.
func villagesOf(regency string) []string {
	var out []string
	for _, d := range region.Districts(regency) {
		for _, v := range region.Villages(d.Code) {
			out = append(out, v.Code)
		}
	}
	return out
}

var householdCols = []string{"id", "programme_id", "head_name", "nik", "nik_district", "village_code", "district_code", "regency_code",
	"province_code", "members", "poverty_status", "sticker_code", "version", "reached_at", "last_visit_at", "created_by", "created_at", "updated_at"}

// householdRow is a household of village as pangan_households holds it:
// a NIK unique by id (its district's six digits and the id), its version
// and first and last visit as given (nil: not visited).
func householdRow(id, programme, by int64, village string, version int64, reached, last any, now time.Time) []any {
	district, regency := village[:8], village[:5]
	return []any{id, programme, fmt.Sprintf("Kepala Keluarga %d", id), strings.ReplaceAll(district, ".", "") + fmt.Sprintf("%010d", id),
		district, village, district, regency, "16", 4, "miskin", fmt.Sprintf("bench%d", id), version, reached, last, by, now, now}
}

var visitCols = []string{"id", "programme_id", "household_id", "officer_id", "visited_at", "base_version", "flagged", "synced_at"}

var productionCols = []string{"visit_id", "programme_id", "household_id", "commodity_code", "quantity_milli", "use", "value",
	"village_code", "month", "flagged"}

// benchVisitID is a visit's UUID, unique by household and month.
func benchVisitID(household int64, month int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", household, month)
}
