module github.com/gerai-id/gerai

go 1.26
