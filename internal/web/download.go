package web

import (
	"mime"
	"net/http"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// downloadTypes are the media types of the files the pages offer.
var downloadTypes = map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": xlsxType, "json": "application/json; charset=utf-8"}

// attachment makes the response a download of name.format ("csv", "xlsx"
// or "json"): its media type and its file name, quoted (a name may carry a
// query's text).
func attachment(w http.ResponseWriter, name, format string) {
	w.Header().Set("Content-Type", downloadTypes[format])
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + "." + format}))
}
