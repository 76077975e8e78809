package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
	"github.com/vpclint/vpclint/topology"
)

//go:embed assets/explain.html.tmpl assets/explain.css
var explainAssets embed.FS

func explainAsset(name string) string {
	b, err := explainAssets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// explainCSS is the report's stylesheet, the topology picture's and the
// page's own: our embedded files, never data.
var explainCSS = template.CSS(baseCSS + mustAsset("assets/topology.css") + explainAsset("assets/explain.css")) //nolint:gosec // G203: our own embedded stylesheets

// explainTemplate renders `vpclint explain -f html`. It is a clone of the
// findings report's template set, so that the topology picture is drawn
// by the very same "picture" template; the page has no script, so its
// CSP admits none, and its one style element by hash.
var explainTemplate = template.Must(template.Must(htmlTemplate.Clone()).New("explain.html.tmpl").Funcs(template.FuncMap{
	"hop": hopRef,
}).Parse(strings.Replace(explainAsset("assets/explain.html.tmpl"), "'sha256-@style@'", cspHash(string(explainCSS)), 1)))

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
	Blocks  []explainBlock
	Unknown []explainBlock
	Picture *htmlPicture
	Drawn   []explainDrawn
}

type explainHop struct {
	N int
	reach.Hop
	// Blocks are the blocks made at this hop, Unknowns what could not be
	// decided there.
	Blocks, Unknowns []explainBlock
}

type explainBlock struct {
	reach.Block
	// Hop is the 1-based number of the hop the block was made at, 0 when
	// it names a component the path did not cross.
	Hop int
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
	for _, b := range v.Blocks {
		eb := explainBlock{Block: b, Hop: b.Hop}
		p.Blocks = append(p.Blocks, eb)
		if eb.Hop > 0 {
			p.Hops[eb.Hop-1].Blocks = append(p.Hops[eb.Hop-1].Blocks, eb)
		}
	}
	for _, u := range v.Unknowns {
		eb := explainBlock{Block: u, Hop: u.Hop}
		p.Unknown = append(p.Unknown, eb)
		if u.Hop > 0 {
			p.Hops[u.Hop-1].Unknowns = append(p.Hops[u.Hop-1].Unknowns, eb)
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
