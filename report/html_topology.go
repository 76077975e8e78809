package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/snapshot"
	"github.com/vpclint/vpclint/topology"
)

// CheckedSnapshot is one snapshot a run checked, for the HTML report's
// topology picture.
type CheckedSnapshot struct {
	// Input names where the snapshot came from (a path, or "" for a live
	// scan).
	Input    string
	Snapshot *snapshot.Snapshot
	// Fingerprints are those of the findings made on this snapshot, so
	// that each picture carries its own findings when several inputs
	// describe the same resources.
	Fingerprints []string
}

// htmlPicture is one snapshot's topology as the template draws it. Element
// keys in the page are Prefix:key and SVG ids Prefix-name, so that several
// pictures never share one.
type htmlPicture struct {
	Prefix, Input, Kind string
	Pic                 *topology.Picture
	Paths               []htmlPath
	VPCs, Subnets       int
	Unplaced            int
	// Static drops the paths' filter buttons: for a page without the
	// findings table and its script (vpclint explain).
	Static bool
}

// htmlPath is a legend entry for one exposure or blocked path.
type htmlPath struct {
	N                                 int
	Key, Kind, From, To, Traffic, Via string
	Blocker, Rules                    string
	Drawn                             bool
}

// buildPictures lays out every checked snapshot and returns the pictures
// and, per finding fingerprint, the page's element keys it is drawn on.
func buildPictures(in *Input) ([]htmlPicture, map[string][]string) {
	elements := map[string][]string{}
	var out []htmlPicture
	for i, cs := range in.Snapshots {
		if cs.Snapshot == nil {
			continue
		}
		mine := map[string]bool{}
		for _, fp := range cs.Fingerprints {
			mine[fp] = true
		}
		fs := slices.DeleteFunc(slices.Clone(in.Findings), func(f finding.Finding) bool { return !mine[f.Fingerprint] })
		m := topology.FromSnapshot(cs.Snapshot)
		o := m.Attach(fs)
		hp := newPicture("t"+strconv.Itoa(i), cs.Input, cs.Snapshot, m, &o)
		drawn := map[int]bool{}
		for _, e := range hp.Pic.Paths {
			drawn[e.N] = true
		}
		for n, p := range o.Paths {
			hp.Paths = append(hp.Paths, htmlPath{
				N: n + 1, Key: topology.PathKey(n), Kind: p.Kind, From: pathEnd(p.FromLabel), To: pathEnd(p.ToLabel),
				Traffic: p.Traffic, Via: strings.Join(p.Via, " → "), Blocker: p.Blocker,
				Rules: strings.Join(p.Rules, ", "), Drawn: drawn[n+1],
			})
		}
		for fp, keys := range o.Elements {
			for _, k := range keys {
				elements[fp] = append(elements[fp], hp.Prefix+":"+k)
			}
		}
		out = append(out, hp)
	}
	return out, elements
}

// newPicture lays out one snapshot's map with its overlay, for the
// "picture" template both the report and the explain page render.
func newPicture(prefix, input string, s *snapshot.Snapshot, m *topology.Map, o *topology.Overlay) htmlPicture {
	hp := htmlPicture{
		Prefix: prefix, Input: cmp.Or(input, "live scan"), Kind: s.Origin.Kind,
		Pic: topology.Layout(m, o), Unplaced: o.Unplaced,
	}
	hp.VPCs, hp.Subnets = countBoxes(hp.Pic)
	return hp
}

func countBoxes(p *topology.Picture) (vpcs, subnets int) {
	for _, v := range p.VPCs {
		if !v.External {
			vpcs++
		}
	}
	return vpcs, len(p.Subnets)
}

func pathEnd(s string) string { return cmp.Or(s, "?") }
