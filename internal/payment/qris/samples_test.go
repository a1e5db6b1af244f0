package qris

// Published payloads used by the tests. Each one's CRC was checked with
// CRC16 of this package; only those that verify and are QRIS are positive
// cases.

// sampleNobuGranool: static QRIS (acquirer Bank Nobu), published as the base
// QRIS string in a public GitHub markdown file "Dynamic QRIS Implementation
// Guide" (found by the code search index; the same string also appears in
// that project's env setup / testing guides). CRC 7127 verifies.
const sampleNobuGranool = "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127"

// sampleTelkomBiolbe: static QRIS (acquirer Telkom / LinkAja) with tip
// indicator 55=01, the usage example in the README of the npm package
// @terryds/qris-decoder (https://npmjs.com/package/@terryds/qris-decoder).
// CRC 04CB verifies.
const sampleTelkomBiolbe = "00020101021126680016ID.CO.TELKOM.WWW011893600898026635207502150001952663520750303UMI51440014ID.CO.QRIS.WWW0215ID10211254059720303UMI5204549953033605502015802ID5906BIOLBE6011KAB. MALANG610565168622005091147938120703A03630404CB"

// sampleShopeeGulu: static QRIS (acquirer ShopeePay), the qrContent of the
// example payload on Netzme's "QRIS Payment Notification" API page
// (https://apidocs.netzme.id/api-reference/netzme/payment-qris-notification).
// Name and city are exactly at their 25 and 15 character limits. CRC 94FA
// verifies.
const sampleShopeeGulu = "00020101021126570016ID.CO.SHOPEE.WWW0118936009180000001402020413500303UME51440014ID.CO.QRIS.WWW0215ID10190045322970303UME5204581253033605802ID5925Gulu Gulu Mall Ambassador6015Jakarta Selatan61051294062070703A01630494FA"

// sampleNobuYanamiku: static QRIS (acquirer Bank Nobu), the codeqr of the
// example request in the README of github.com/YanaMiku-BOTz/api-qris-statis-ke-dinamis.
// CRC F0A6 verifies.
const sampleNobuYanamiku = "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214107456374359710303UMI51440014ID.CO.QRIS.WWW0215ID20232494105490303UMI5204511153033605802ID5912YANAMIKUBOTZ6005TEGAL61055211162070703A016304F0A6"

// Published payloads that are NOT valid QRIS, used only as negative cases.

// nonQRISExample2: the test vector of service/qris/qris_mpm_parse_test.go in
// github.com/2ndsilencerz/fatalisa-public-api. Its CRC 0BE8 verifies, but it
// has no template 51 (no NMID), so it is an EMVCo code, not QRIS.
const nonQRISExample2 = "00020101021126670018ID.CO.EXAMPLE2.WWW01159360056701234560215MIDCONTOH1234560303UMI5204123453033605502015802ID5914NamaMerchantC76009NamaKota16110123456789062070703K1963040BE8"

// nonQRISPhilippines: the QR Ph example on PayMongo's "QR Transfer Resource"
// page (https://developers.paymongo.com/reference/qr-transfer-resource). CRC
// ED03 verifies; it is EMVCo MPM but PHP/PH, not QRIS.
const nonQRISPhilippines = "00020101021227770012com.p2pqrpay0111PAEYPHM2XXX02089996440304129858893861530514+63-99137298615204601653036085406123.455802PH5913ENG-19818-ged6006Manila62980012com.p2pqrpay0103***0214+63-99137298620303***0408LOYALTY10506test120605cust10708123456780803***6304ED03"

// brokenPublished are strings published as QRIS examples whose CRC does NOT
// verify (and whose TLV structure is broken too); they must be rejected.
var brokenPublished = map[string]string{
	// A seed SQL dump in a public GitHub repository (campaign_qris_static):
	// "0215ID10200213192" declares 15 characters but carries 13.
	"seed-sql-campaign": "00020101021226660014ID.CO.QRIS.WWW01189360091530000020215ID102002131920315ID102002131925204481053033605802ID5902ID6015BANDUNG SELATAN61054023262070703A0163046C49",
	// A POS settings file in a public GitHub repository (qrisCodeText):
	// template 26 lengths do not add up.
	"pos-settings-linkaja": "00020101021226590014ID.LINKAJA.WWW011893600911002234010202150000000000000005204581253033605802ID5914KOMA MINIMAL6007JAKARTA61051219062070703A01630454D1",
	// A hand-made "sample" in a public GitHub test script, CRC literally 1234.
	"test-script-es-teh": "00020126580014ID.CO.QRIS.WWW0118ID10233046725960215ID.LINKAJA.WWW02150363050300000271630303UME51440014ID.CO.QRIS.WWW0118ID10233046725960208QRIS12345204512353033605802ID5918ES TEH WARGA BANTEN6007JAKARTA610561234462070703A0163041234",
	// The example static QRIS of @januarfonti/qris-dynamic-conversion
	// (examples/basic-usage): no 6304 at all, ends in "ABC1".
	"januarfonti-example": "00020101021126370016ID.CO.TELKOM.WWW011893600898021234567802150000000000000000303UME51440014ID.CO.QRIS.WWW0215ID20200185853940303UME5204549953033605802ID5303360ABC1",
}

var publishedQRIS = []string{sampleNobuGranool, sampleTelkomBiolbe, sampleShopeeGulu, sampleNobuYanamiku}
