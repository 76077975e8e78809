package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
	"github.com/vpclint/vpclint/topology"
)

// explainCSS is the report's stylesheet, the topology picture's and the
// page's own: our embedded files, never data.
var explainCSS = template.CSS(baseCSS + mustAsset("assets/topology.css") + mustAsset("assets/explain.css")) //nolint:gosec // G203: our own embedded stylesheets

// explainTemplate renders `vpclint explain -f html`. It is a clone of the
// findings report's template set, so that the topology picture is drawn
// by the very same "picture" template; the page has no script, so its
// CSP admits none, and its one style element by hash.
var explainTemplate = template.Must(template.Must(htmlTemplate.Clone()).New("explain.html.tmpl").Funcs(template.FuncMap{
	"hop": hopRef,
}).Parse(strings.Replace(mustAsset("assets/explain.html.tmpl"), "'sha256-@style@'", cspHash(string(explainCSS)), 1)))

// Explain is one answered `vpclint explain` question, for WriteExplainHTML.
type Explain struct {
	Tool Tool
	// Input is INPUT as given; Snapshot what it loaded to.
	Input    string
	Snapshot *snapshot.Snapshot
	// Traffic is --traffic as given (the verdict states it canonically).
	Traffic string
	Verdict reach.Verdict
}

type explainPage struct {
	*Explain
	CSS     template.CSS
	Result  string
	Hops    []explainHop
	Blocks  []reach.Block
	Unknown []reach.Block
	Picture *htmlPicture
	Drawn   []explainDrawn
}

type explainHop struct {
	N int
	reach.Hop
	// Blocks are the blocks made at this hop, Unknowns what could not be
	// decided there (reach.Block.Hop places them).
	Blocks, Unknowns []reach.Block
}

// explainDrawn says what the picture draws of one path of the verdict.
type explainDrawn struct {
	N       int
	Kind    string
	Blocker string
	Drawn   bool
}

// WriteExplainHTML writes one explained flow as a self-contained HTML
// page: the question and the verdict, every hop with the blocks made
// there, every block and undecided component with its exact rule, entry
// or route, and the input's topology with the flow's path drawn and its
// ends marked. Everything from the input is escaped by html/template; the
// same input always gives the same bytes (no time is printed).
func WriteExplainHTML(w io.Writer, e *Explain) error {
	v := &e.Verdict
	p := explainPage{Explain: e, CSS: explainCSS, Result: strings.ToUpper(string(v.Result))}
	for i, h := range v.Hops {
		p.Hops = append(p.Hops, explainHop{N: i + 1, Hop: h})
	}
	p.Blocks, p.Unknown = v.Blocks, v.Unknowns
	for _, b := range v.Blocks {
		if b.Hop > 0 {
			p.Hops[b.Hop-1].Blocks = append(p.Hops[b.Hop-1].Blocks, b)
		}
	}
	for _, u := range v.Unknowns {
		if u.Hop > 0 {
			p.Hops[u.Hop-1].Unknowns = append(p.Hops[u.Hop-1].Unknowns, u)
		}
	}
	if e.Snapshot != nil {
		m := topology.FromSnapshot(e.Snapshot)
		o := m.Explain(v)
		hp := newPicture("t0", e.Input, e.Snapshot, m, &o)
		hp.Static = true
		p.Picture = &hp
		drawn := map[int]bool{}
		for _, d := range hp.Pic.Paths {
			drawn[d.N] = true
		}
		for i, pa := range o.Paths {
			p.Drawn = append(p.Drawn, explainDrawn{N: i + 1, Kind: pa.Kind, Blocker: pa.Blocker, Drawn: drawn[i+1]})
		}
	}
	var buf bytes.Buffer
	if err := explainTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("write explain html: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("write explain html: %w", err)
	}
	return nil
}

// hopRef is how the tables refer to a hop.
func hopRef(n int) string {
	if n == 0 {
		return "not crossed"
	}
	return "hop " + strconv.Itoa(n)
}
