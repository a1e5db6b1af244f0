package pangan

// The saving's bin rule, for the external tests.
var (
	SavingBin    = savingBin
	SavingBinSQL = savingBinSQL
)
