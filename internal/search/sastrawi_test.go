package search

import (
	"strings"
	"testing"
)

// The cases in this file are ported from the reference implementation's
// test suites (sastrawi/sastrawi tests/SastrawiFunctionalTest and
// tests/SastrawiIntegrationTest, MIT). The functional suite runs against its
// own small dictionary, so it tests the algorithm independently of the
// word list.

// sastrawiFunctionalDict is the dictionary of the reference functional test.
const sastrawiFunctionalDict = `
hancur benar apa siapa jubah baju beli
celana hantu jual buku milik kulit sakit kasih buang suap
nilai beri rambut adu suara daerah ajar kerja ternak
asing raup gerak puruk terbang lipat ringkas warna yakin
bangun fitnah vonis
baru ajar
tangkap kupas
minum pukul
cinta dua dahulu jauh jarah ziarah
nuklir nasihat gila hajar qasar udara
populer warna yoga adil rumah muka labuh tarung
tebar indah daya untung sepuluh ekonomi makmur telah serta
percaya pengaruh kritik seko sekolah tahan capa capai
mula mulai petan tani aba abai balas balik
peran medan syukur syarat bom promosi proteksi prediksi kaji
sembunyi langgan laku baik terang iman bisik taat puas makan
nyala nyanyi nyata nyawa rata lembut ligas
budaya karya ideal final
taat tiru sepak kuasa malaikat nikmat stabil transkripsi
lewat nganga allah
`

var sastrawiFunctionalCases = []struct{ word, want string }{
	// don't stem short words
	{"mei", "mei"},
	{"bui", "bui"},
	// look up the dictionary to prevent overstemming: don't stem nilai to nila
	{"nilai", "nilai"},
	// lah|kah|tah|pun
	{"hancurlah", "hancur"},
	{"benarkah", "benar"},
	{"apatah", "apa"},
	{"siapapun", "siapa"},
	// ku|mu|nya
	{"jubahku", "jubah"},
	{"bajumu", "baju"},
	{"celananya", "celana"},
	// i|kan|an
	{"hantui", "hantu"},
	{"belikan", "beli"},
	{"jualan", "jual"},
	// combination of suffixes
	{"bukumukah", "buku"},
	{"miliknyalah", "milik"},
	{"kulitkupun", "kulit"},
	{"berikanku", "beri"},
	{"sakitimu", "sakit"},
	{"beriannya", "beri"},
	{"kasihilah", "kasih"},
	// plain prefix
	{"dibuang", "buang"},
	{"kesakitan", "sakit"},
	{"sesuap", "suap"},
	// derivational prefix rules (disambiguation)
	{"beradu", "adu"},            // 1a berV -> ber-V
	{"berambut", "rambut"},       // 1b berV -> be-rV
	{"bersuara", "suara"},        // 2 berCAP -> ber-CAP
	{"berdaerah", "daerah"},      // 3 berCAerV -> ber-CAerV
	{"belajar", "ajar"},          // 4 belajar -> bel-ajar
	{"bekerja", "kerja"},         // 5 beC1erC2 -> be-C1erC2
	{"beternak", "ternak"},       // 5
	{"terasing", "asing"},        // 6a terV -> ter-V
	{"teraup", "raup"},           // 6b terV -> te-rV
	{"tergerak", "gerak"},        // 7 terCerV -> ter-CerV
	{"terpuruk", "puruk"},        // 8 terCP -> ter-CP
	{"teterbang", "terbang"},     // 9 teC1erC2 -> te-C1erC2
	{"melipat", "lipat"},         // 10 me{l|r|w|y}V
	{"meringkas", "ringkas"},     // 10
	{"mewarnai", "warna"},        // 10
	{"meyakinkan", "yakin"},      // 10
	{"membangun", "bangun"},      // 11 mem{b|f|v}
	{"memfitnah", "fitnah"},      // 11
	{"memvonis", "vonis"},        // 11
	{"memperbarui", "baru"},      // 12 mempe -> mem-pe
	{"mempelajari", "ajar"},      // 12
	{"meminum", "minum"},         // 13a mem{rV|V} -> me-m{rV|V}
	{"memukul", "pukul"},         // 13b mem{rV|V} -> me-p{rV|V}
	{"mencinta", "cinta"},        // 14 men{c|d|j|s|t|z}
	{"mendua", "dua"},            // 14
	{"menjauh", "jauh"},          // 14
	{"menziarah", "ziarah"},      // 14
	{"menuklir", "nuklir"},       // 15a menV -> me-nV
	{"menangkap", "tangkap"},     // 15b menV -> me-tV
	{"menggila", "gila"},         // 16 meng{g|h|q|k}
	{"menghajar", "hajar"},       // 16
	{"mengqasar", "qasar"},       // 16
	{"mengudara", "udara"},       // 17a mengV -> meng-V
	{"mengupas", "kupas"},        // 17b mengV -> meng-kV
	{"menyuarakan", "suara"},     // 18 menyV -> meny-sV
	{"mempopulerkan", "populer"}, // 19 mempV -> mem-pV
	{"pewarna", "warna"},         // 20 pe{w|y}V
	{"peyoga", "yoga"},           // 20
	{"peradilan", "adil"},        // 21a perV -> per-V
	{"perumahan", "rumah"},       // 21b perV -> pe-rV
	{"permuka", "muka"},          // 23 perCAP -> per-CAP
	{"perdaerah", "daerah"},      // 24 perCAerV -> per-CAerV
	{"pembangun", "bangun"},      // 25 pem{b|f|v}
	{"pemfitnah", "fitnah"},      // 25
	{"pemvonis", "vonis"},        // 25
	{"peminum", "minum"},         // 26a pem{rV|V} -> pe-m{rV|V}
	{"pemukul", "pukul"},         // 26b pem{rV|V} -> pe-p{rV|V}
	{"pencinta", "cinta"},        // 27 pen{c|d|j|s|t|z}
	{"pendahulu", "dahulu"},      // 27
	{"penjarah", "jarah"},        // 27
	{"penziarah", "ziarah"},      // 27
	{"penasihat", "nasihat"},     // 28a penV -> pe-nV
	{"penangkap", "tangkap"},     // 28b penV -> pe-tV
	{"penggila", "gila"},         // 29 pengC -> peng-C
	{"penghajar", "hajar"},       // 29
	{"pengqasar", "qasar"},       // 29
	{"pengudara", "udara"},       // 30a pengV -> peng-V
	{"pengupas", "kupas"},        // 30b pengV -> peng-kV
	{"penyuara", "suara"},        // 31 penyV -> peny-sV
	{"pelajar", "ajar"},          // 32 pelV -> pe-lV except pelajar
	{"pelabuhan", "labuh"},       // 32
	{"petarung", "tarung"},       // 34 peCP -> pe-CP
	{"terpercaya", "percaya"},    // 35 terC1erC2 -> ter-C1erC2
	{"pekerja", "kerja"},         // 36 peC1erC2 -> pe-C1erC2
	{"peserta", "serta"},         // 36
	{"mempengaruhi", "pengaruh"}, // CS modified rule 12
	{"mengkritik", "kritik"},     // CS modified rule 16
	// CS adjusting rule precedence
	{"bersekolah", "sekolah"},
	{"bertahan", "tahan"},
	{"mencapai", "capai"},
	{"dimulai", "mulai"},
	{"petani", "tani"},
	{"terabai", "abai"},
	// ECS
	{"mensyaratkan", "syarat"},
	{"mensyukuri", "syukur"},
	{"mengebom", "bom"},
	{"mempromosikan", "promosi"},
	{"memproteksi", "proteksi"},
	{"memprediksi", "prediksi"},
	{"pengkajian", "kaji"},
	{"pengebom", "bom"},
	// ECS loop pengembalian akhiran
	{"bersembunyi", "sembunyi"},
	{"bersembunyilah", "sembunyi"},
	{"pelanggan", "langgan"},
	{"pelaku", "laku"},
	{"pelangganmukah", "langgan"},
	{"pelakunyalah", "laku"},
	{"perbaikan", "baik"},
	{"kebaikannya", "baik"},
	{"bisikan", "bisik"},
	{"menerangi", "terang"},
	{"berimanlah", "iman"},
	{"memuaskan", "puas"},
	{"berpelanggan", "langgan"},
	{"bermakanan", "makan"},
	// CC (modified ECS)
	{"menyala", "nyala"},
	{"menyanyikan", "nyanyi"},
	{"menyatakannya", "nyata"},
	{"penyanyi", "nyanyi"},
	{"penyawaan", "nyawa"},
	// CC infix
	{"rerata", "rata"},
	{"lelembut", "lembut"},
	{"lemigas", "ligas"},
	{"kinerja", "kerja"},
	// plurals
	{"buku-buku", "buku"},
	{"berbalas-balasan", "balas"},
	{"bolak-balik", "bolak-balik"},
	// prefix + suffix
	{"bertebaran", "tebar"},
	{"terasingkan", "asing"},
	{"membangunkan", "bangun"},
	{"mencintai", "cinta"},
	{"menduakan", "dua"},
	{"menjauhi", "jauh"},
	{"menggilai", "gila"},
	{"pembangunan", "bangun"},
	// return the word if not found in the dictionary
	{"marwan", "marwan"},
	{"subarkah", "subarkah"},
	// recursively remove prefixes
	{"memberdayakan", "daya"},
	{"persemakmuran", "makmur"},
	{"keberuntunganmu", "untung"},
	{"kesepersepuluhnya", "sepuluh"},
	// issues
	{"Perekonomian", "ekonomi"},
	{"menahan", "tahan"},
	// failed on other algorithms, Sastrawi succeeds
	{"peranan", "peran"},
	{"memberikan", "beri"},
	{"medannya", "medan"},
	// adopted foreign suffixes
	{"idealis", "ideal"},
	{"idealisme", "ideal"},
	{"finalisasi", "final"},
	// Sastrawi additional rules
	{"penstabilan", "stabil"},
	{"pentranskripsi", "transkripsi"},
	{"mentaati", "taat"},
	{"meniru-nirukan", "tiru"},
	{"menyepak-nyepak", "sepak"},
	{"melewati", "lewat"},
	{"menganga", "nganga"},
	{"kupukul", "pukul"},
	{"kauhajar", "hajar"},
	{"kuasa-Mu", "kuasa"},
	{"malaikat-malaikat-Nya", "malaikat"},
	{"nikmat-Ku", "nikmat"},
	{"allah-lah", "allah"},
	// sentences (the reference's stem() on text; no stop-word removal)
	{"siapakah memberdayakan pembangunan", "siapa daya bangun"},
	{"Cinta telah bertebaran.Keduanya saling mencintai.", "cinta telah tebar dua saling cinta"},
	{"(Cinta telah bertebaran)\n\n\n\nKeduanya saling mencintai.", "cinta telah tebar dua saling cinta"},
}

func TestSastrawiFunctional(t *testing.T) {
	words := strings.Join(strings.Fields(sastrawiFunctionalDict), "\n")
	dict, err := LoadDictionary(strings.NewReader(words))
	if err != nil {
		t.Fatal(err)
	}
	s := NewStemmer(dict)
	for _, tc := range sastrawiFunctionalCases {
		if got := s.Stem(tc.word); got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// The reference integration suite runs against the full kata-dasar.txt.
var sastrawiIntegrationCases = []struct{ word, want string }{
	{"kebijakan", "bijak"},
	// Not ported: karyawan -> karya and karyawati -> karya. They come from
	// an old revision of the suite; current Sastrawi has no -wan/-wati rule
	// (the functional suite lists budayawan/karyawati as TODO) and
	// kata-dasar.txt has no "karyawan", so both are returned unchanged.
	{"kinerja", "kerja"},
	{"mengandung", "kandung"},
	{"memakan", "makan"},
	{"asean", "asean"},
	{"pemandu", "pandu"},
	{"mengurangi", "kurang"},
	{"pemerintah", "perintah"},
	{"mengabulkan", "kabul"},
	{"mengupas", "kupas"},
	{"keterpurukan", "puruk"},
	{"ditemukan", "temu"},
	{"mengerti", "erti"},
	{"kebon", "kebon"},
	{"terdepan", "depan"},
	{"mengikis", "kikis"},
	{"kedudukan", "duduk"},
	{"menekan", "tekan"},
	{"perusakan", "rusa"}, // overstemming, as in the reference ("better than perusa")
	{"ditemui", "temu"},
	{"di", "di"},
	{"mengalahkan", "kalah"},
}

func TestSastrawiIntegration(t *testing.T) {
	dict, err := LoadDictionary(strings.NewReader(string(kataDasar)))
	if err != nil {
		t.Fatal(err)
	}
	s := NewStemmer(dict)
	for _, tc := range sastrawiIntegrationCases {
		if got := s.Stem(tc.word); got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
