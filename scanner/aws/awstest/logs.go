package awstest

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vpclint/vpclint/snapshot"
)

// LogEvent is one CloudWatch Logs event: for flow logs, one record.
type LogEvent struct {
	Stream    string
	Timestamp time.Time
	Message   string
}

// logs answers CloudWatch Logs FilterLogEvents in JSON 1.1: the group's
// events with timestamps in [startTime, endTime] (both inclusive, in
// milliseconds, as AWS documents), in timestamp order, paged by limit and
// PageSize with nextToken.
func (s *Server) logs(w http.ResponseWriter, req *request) {
	if req.op != "FilterLogEvents" {
		writeError(w, req, http.StatusBadRequest, "UnknownOperationException", req.op)
		return
	}
	var in struct {
		LogGroupName       string `json:"logGroupName"`
		LogGroupIdentifier string `json:"logGroupIdentifier"`
		StartTime          *int64 `json:"startTime"`
		EndTime            *int64 `json:"endTime"`
		NextToken          string `json:"nextToken"`
		Limit              int    `json:"limit"`
	}
	if err := json.Unmarshal(req.body, &in); err != nil {
		writeError(w, req, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	group := cmp.Or(in.LogGroupName, logGroupOfARN(in.LogGroupIdentifier))
	events, ok := s.LogEvents[group]
	if !ok {
		writeError(w, req, http.StatusBadRequest, "ResourceNotFoundException", "The specified log group does not exist.")
		return
	}
	events = slices.Clone(events)
	slices.SortStableFunc(events, func(a, b LogEvent) int { return a.Timestamp.Compare(b.Timestamp) })
	var items []string
	for i, e := range events {
		ms := e.Timestamp.UnixMilli()
		if in.StartTime != nil && ms < *in.StartTime || in.EndTime != nil && ms > *in.EndTime {
			continue
		}
		b, err := json.Marshal(map[string]any{
			"logStreamName": e.Stream, "timestamp": ms, "ingestionTime": ms + 1000, "message": e.Message, "eventId": strconv.Itoa(i),
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		items = append(items, string(b))
	}
	pg, next := s.page(items, in.NextToken, cmp.Or(in.Limit, 10000))
	out := `{"events":[` + strings.Join(pg, ",") + `],"searchedLogStreams":[]`
	if next != "" {
		out += `,"nextToken":"` + next + `"`
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_, _ = w.Write([]byte(out + "}"))
}

// logGroupOfARN reads the group name from a log group ARN
// (arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]); a name is itself.
func logGroupOfARN(s string) string {
	if _, name, ok := strings.Cut(s, ":log-group:"); ok {
		return strings.TrimSuffix(name, ":*")
	}
	return s
}

// flowLogGroup is the log group a flow log delivers to, or "".
func flowLogGroup(f snapshot.FlowLog) string {
	if f.DestinationType != "cloud-watch-logs" {
		return ""
	}
	return logGroupOfARN(f.Destination)
}

// filterValues returns the values of the EC2 Query filter name
// (Filter.N.Name, Filter.N.Value.M), or nil when the request has none.
func filterValues(p url.Values, name string) []string {
	var out []string
	for i := 1; p.Has("Filter." + strconv.Itoa(i) + ".Name"); i++ {
		f := "Filter." + strconv.Itoa(i)
		if p.Get(f+".Name") != name {
			continue
		}
		for j := 1; p.Has(f + ".Value." + strconv.Itoa(j)); j++ {
			out = append(out, p.Get(f+".Value."+strconv.Itoa(j)))
		}
	}
	return out
}

// s3Objects answers ListObjectsV2 (prefix, delimiter, max-keys and
// continuation-token, keys and common prefixes in one lexical order as S3
// pages them) and GetObject over Objects.
func (s *Server) s3Objects(w http.ResponseWriter, req *request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(req.r.URL.Path, "/"), "/")
	objects, ok := s.Objects[bucket]
	if !ok {
		writeError(w, req, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	if req.op == "GetObject" {
		body, ok := objects[key]
		if !ok {
			writeError(w, req, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
		w.Header().Set("ETag", `"`+strconv.Itoa(len(body))+`"`)
		// S3 sends the object's checksum; the SDK validates it.
		sum := crc32.NewIEEE()
		_, _ = sum.Write(body)
		w.Header().Set("X-Amz-Checksum-Crc32", base64.StdEncoding.EncodeToString(sum.Sum(nil)))
		_, _ = w.Write(body)
		return
	}
	q := req.params
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	entries := map[string]string{} // name → rendered, "C" content or "P" common prefix first
	for k, body := range objects {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		if i := strings.Index(rest, delim); delim != "" && i >= 0 {
			p := prefix + rest[:i+len(delim)]
			entries[p] = "P" + el("CommonPrefixes", leaf("Prefix", p))
			continue
		}
		entries[k] = "C" + el("Contents", leaf("Key", k)+leaf("LastModified", "2024-01-01T00:00:00.000Z")+
			leaf("ETag", `"`+strconv.Itoa(len(body))+`"`)+el("Size", strconv.Itoa(len(body)))+leaf("StorageClass", "STANDARD"))
	}
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	slices.Sort(names)
	pg, next := s.page(renderAll(names, func(n string) string { return entries[n] }), q.Get("continuation-token"), intParam(q, "max-keys"))
	var contents, prefixes strings.Builder
	for _, it := range pg {
		if it[0] == 'C' {
			contents.WriteString(it[1:])
		} else {
			prefixes.WriteString(it[1:])
		}
	}
	writeXML(w, `<ListBucketResult `+s3NS+`>`+leaf("Name", bucket)+el("Prefix", esc(prefix))+leaf("Delimiter", delim)+
		el("KeyCount", strconv.Itoa(len(pg)))+el("MaxKeys", strconv.Itoa(cmp.Or(intParam(q, "max-keys"), 1000)))+
		boolLeaf("IsTruncated", next != "")+contents.String()+prefixes.String()+
		leaf("ContinuationToken", q.Get("continuation-token"))+leaf("NextContinuationToken", next)+`</ListBucketResult>`)
}
