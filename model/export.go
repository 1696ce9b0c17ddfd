package model

import "strconv"

// ExportHeader names the columns of ExportRows.
var ExportHeader = []string{"bucket", "label", "path", "upload_id", "remote_path", "warning_count", "message", "reason"}

// ExportRows lists every failed and then every skipped entry of the batch as
// CSV fields, in ExportHeader's order. Null fields are empty.
func ExportRows(b *Batch) [][]string {
	if !b.HasFileDetail() {
		return nil
	}
	var rows [][]string
	for _, bk := range []Bucket{Failed, Skipped} {
		es := b.Result.Entries(bk)
		for i := range es {
			e := &es[i]
			rows = append(rows, []string{bk.Name(), e.Label, e.Path.String, e.UploadID.String, e.RemotePath.String,
				strconv.Itoa(e.WarningCount), e.Message, Reason(e.Message)})
		}
	}
	return rows
}
