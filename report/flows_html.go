package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/vpclint/vpclint/flowlogs"
)

// flowsCSS is the report's stylesheet and the charts' own: our embedded
// files, never data.
var flowsCSS = template.CSS(baseCSS + mustAsset("assets/flows.css")) //nolint:gosec // G203: our own embedded stylesheets

// flowsTemplate renders `vpclint flows -f html`: one self-contained file
// with inline SVG charts and no script at all, so its CSP allows no
// script, and its one style element by hash as the findings report does.
var flowsTemplate = template.Must(template.New("flows.html.tmpl").Funcs(template.FuncMap{
	"proto": protocolName, "port": portText, "count": count, "dir": directionText, "traffic": trafficText,
	"window": windowText, "verdicts": verdictText,
	"upper": func(v flowlogs.Verdict) string { return string(v) },
}).Parse(strings.Replace(mustAsset("assets/flows.html.tmpl"), "'sha256-@style@'", cspHash(string(flowsCSS)), 1)))

type flowsPage struct {
	*flowsView
	CSS      template.CSS
	Timeline svgTimeline
	Rejects  svgBars
	Talkers  svgBars
}

// svgTimeline is the accepted/rejected stacked bar chart over time.
type svgTimeline struct {
	Width, Height int
	Bars          []svgStack
	Max           int64
	From, To      string
}

type svgStack struct {
	X, W, AcceptY, AcceptH, RejectY, RejectH float64
	Title                                    string
}

// svgBars is a horizontal bar chart, one labelled bar a row.
type svgBars struct {
	Width, Height int
	Rows          []svgBar
}

type svgBar struct {
	Y, W      float64
	Label     string
	Value     string
	TextY     float64
	LabelText string
}

const (
	chartWidth  = 760
	chartHeight = 180
	barRow      = 22
	labelWidth  = 260
)

func timeline(v *flowsView) svgTimeline {
	t := svgTimeline{Width: chartWidth, Height: chartHeight}
	n := len(v.Histogram)
	if n == 0 {
		return t
	}
	for _, b := range v.Histogram {
		t.Max = max(t.Max, b.Accepted+b.Rejected)
	}
	if t.Max == 0 {
		return t
	}
	w := float64(chartWidth) / float64(n)
	scale := float64(chartHeight-20) / float64(t.Max)
	for i, b := range v.Histogram {
		ah, rh := float64(b.Accepted)*scale, float64(b.Rejected)*scale
		base := float64(chartHeight - 20)
		at := time.Unix(b.Start, 0).UTC().Format("2006-01-02 15:04")
		t.Bars = append(t.Bars, svgStack{
			X: float64(i) * w, W: max(w-1, 1),
			RejectY: base - rh, RejectH: rh, AcceptY: base - rh - ah, AcceptH: ah,
			Title: fmt.Sprintf("%s UTC: %d accepted, %d rejected records", at, b.Accepted, b.Rejected),
		})
	}
	t.From = time.Unix(v.Histogram[0].Start, 0).UTC().Format("15:04")
	t.To = time.Unix(v.Histogram[n-1].Start+v.BucketSeconds, 0).UTC().Format("15:04")
	return t
}

func bars(labels, values []string, amounts []int64) svgBars {
	c := svgBars{Width: chartWidth, Height: barRow*len(labels) + 4}
	var top int64
	for _, a := range amounts {
		top = max(top, a)
	}
	for i := range labels {
		w := 0.0
		if top > 0 {
			w = float64(chartWidth-labelWidth-90) * float64(amounts[i]) / float64(top)
		}
		y := float64(i * barRow)
		c.Rows = append(c.Rows, svgBar{Y: y + 3, W: max(w, 1), Label: labels[i], Value: values[i], TextY: y + 16})
	}
	return c
}

// WriteFlowsHTML writes the summary as one self-contained HTML page:
// accepted and rejected records over time, REJECT by protocol and port,
// top talkers (inline SVG), the tables, and every explained REJECT.
// Everything that came from the records or the configuration is escaped
// by html/template.
func WriteFlowsHTML(w io.Writer, f *Flows) error {
	v, err := newFlowsView(f)
	if err != nil {
		return err
	}
	p := flowsPage{flowsView: v, CSS: flowsCSS, Timeline: timeline(v)}
	var labels, values []string
	var amounts []int64
	for _, r := range v.RejectsByPort {
		label := protocolName(r.Protocol)
		if port := portText(r.Protocol, r.Port); port != "-" {
			label += "/" + port
		}
		labels = append(labels, label)
		values = append(values, count(r.Records)+" records")
		amounts = append(amounts, r.Records)
	}
	p.Rejects = bars(labels, values, amounts)
	labels, values, amounts = nil, nil, nil
	for _, t := range v.TopByBytes {
		labels = append(labels, t.Src.String()+" → "+t.Dst.String())
		values = append(values, count(t.Bytes)+" bytes")
		amounts = append(amounts, t.Bytes)
	}
	p.Talkers = bars(labels, values, amounts)
	return flowsTemplate.Execute(w, p)
}
