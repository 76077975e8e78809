package topology

import (
	"fmt"
	"math"
	"strings"
)

// Sizes of the picture, in SVG user units (CSS pixels at 100%).
const (
	Width        = 1200 // the picture's widest; it grows downwards
	margin       = 12
	groupHeader  = 28
	groupGap     = 20
	boxGap       = 28 // between VPC boxes in a row
	laneGap      = 42 // below each row: the lane peering lines run in, with their labels
	pad          = 10
	vpcHeader    = 42
	chipW, chipH = 128, 22
	chipGap      = 6
	cellW, cellH = 172, 64
	cellGap      = 6
	emptyH       = 20
	externalW    = 230
	externalH    = 62
	badgeR       = 9
	trackGap     = 18 // between the horizontal tracks of a VPC's paths
	maxTracks    = 8  // paths drawn per VPC; the rest are only listed
)

// Rect is a box in the picture.
type Rect struct{ X, Y, W, H int }

// Overlaps reports whether two boxes share interior area.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

// Contains reports whether o lies within r.
func (r Rect) Contains(o Rect) bool {
	return o.X >= r.X && o.Y >= r.Y && o.X+o.W <= r.X+r.W && o.Y+o.H <= r.Y+r.H
}

// Picture is a Map and its Overlay laid out: every element with its box,
// every edge as an SVG path, ready to render.
type Picture struct {
	Width, Height int
	Groups        []GroupBox
	VPCs          []VPCBox
	Subnets       []SubnetBox
	Gateways      []GatewayBox
	Peerings      []PeeringEdge
	Paths         []PathEdge
	// Badges are the finding counts drawn on elements, in drawing order.
	Badges []BadgeAt
	// Ends are the marked ends of an explained flow.
	Ends []EndMark
	// bands maps a VPC key to the top of its path band.
	bands map[string]int
}

// GroupBox is an account/region heading.
type GroupBox struct {
	Label string
	Rect
}

// VPCBox is a VPC and its box; Title and Line are its header text.
type VPCBox struct {
	VPC
	Rect
	Key, Title, Line string
}

// SubnetBox is a subnet's cell and its text lines.
type SubnetBox struct {
	Subnet
	Rect
	Key   string
	Lines []TextLine
}

// TextLine is a line of text and its offset from the top of its box.
type TextLine struct {
	Text string
	DY   int
}

// GatewayBox is a gateway chip.
type GatewayBox struct {
	Gateway
	Rect
	Key string
}

// PeeringEdge is a peering line between two VPC boxes.
type PeeringEdge struct {
	Peering
	Key string
	// D is the SVG path; LabelX/LabelY where its label sits.
	D              string
	LabelX, LabelY int
	Label, Note    string
}

// PathEdge is one drawn path: N is its number in the legend (1-based).
// It runs along its own horizontal track in its VPC's path band, so that
// labels of different paths never share a line.
type PathEdge struct {
	Path
	N   int
	Key string
	D   string
	// MarkX/MarkY is where its number sits; LabelX/LabelY its label
	// (the blocking component, or the traffic exposed), anchored at the
	// start or, when End, at the end.
	MarkX, MarkY   int
	CrossX, CrossY int
	LabelX, LabelY int
	Label          string
	End            bool
}

// EndMark is a marked end: a ring around its element's box, and its
// label inside the box's bottom right corner (text-anchor end).
type EndMark struct {
	End
	Rect
	LabelX, LabelY int
}

// BadgeAt is an element's finding count at a position.
type BadgeAt struct {
	Key      string
	X, Y     int
	Count    int
	Severity string
}

// Layout places a map's elements: account/region groups top to bottom,
// in each the VPC boxes packed left to right in rows (shelf packing, in
// id order so a VPC is easy to find), in each VPC its gateway chips and
// its subnets as a grid making the box about square. Sizes are fixed
// so that text stays readable however many VPCs there are: the picture
// grows downwards instead of shrinking.
func Layout(m *Map, o *Overlay) *Picture {
	p := &Picture{Width: Width}
	boxes := map[string]Rect{}
	tracks := map[string]int{} // VPC key -> paths drawn in it
	if o != nil {
		for _, pa := range o.Paths {
			if pa.Drawn && tracks[pa.VPC] < maxTracks {
				tracks[pa.VPC]++
			}
		}
	}
	p.bands = map[string]int{}
	// Rows get a lane below them for peering lines only when there are
	// peerings to draw.
	below := boxGap
	if len(m.Peerings) > 0 {
		below = laneGap
	}
	lanes := map[string]int{} // VPC key -> y of the lane below its row
	y := margin
	for gi := range m.Groups {
		g := &m.Groups[gi]
		p.Groups = append(p.Groups, GroupBox{Label: groupLabel(g), Rect: Rect{margin, y, Width - 2*margin, groupHeader}})
		y += groupHeader
		x, rowH := margin, 0
		var row []string
		endRow := func() {
			for _, k := range row {
				lanes[k] = y + rowH + below/2
			}
			y, row = y+rowH+below, nil
		}
		for vi := range g.VPCs {
			v := &g.VPCs[vi]
			w, h := vpcSize(v, tracks[v.Key()])
			if x > margin && x+w > Width-margin {
				endRow()
				x, rowH = margin, 0
			}
			p.placeVPC(v, Rect{x, y, w, h}, tracks[v.Key()], boxes)
			row = append(row, v.Key())
			x += w + boxGap
			rowH = max(rowH, h)
		}
		endRow()
		y += groupGap - below/2
	}
	p.Height = y
	p.shrinkWidth()
	if o != nil {
		p.placeBadges(o)
	}
	for i := range m.Peerings {
		if e, ok := peeringEdge(&m.Peerings[i], boxes, lanes); ok {
			p.Peerings = append(p.Peerings, e)
			if o != nil {
				p.badge(o, e.Key, e.LabelX+len(e.Label)*3+14, e.LabelY-8)
			}
		}
	}
	if o != nil {
		p.placePaths(o, boxes)
		p.placeEnds(o, boxes)
	}
	return p
}

func (p *Picture) placeEnds(o *Overlay, boxes map[string]Rect) {
	for _, e := range o.Ends {
		if r, ok := boxes[e.Key]; ok {
			p.Ends = append(p.Ends, EndMark{End: e, Rect: Rect{r.X - 3, r.Y - 3, r.W + 6, r.H + 6}, LabelX: r.X + r.W - 5, LabelY: r.Y + r.H - 5})
		}
	}
}

// shrinkWidth narrows the picture to what it uses, so that a small
// input is drawn at full size instead of scaled into a wide empty frame.
func (p *Picture) shrinkWidth() {
	used := 0
	for _, v := range p.VPCs {
		used = max(used, v.X+v.W)
	}
	for _, g := range p.Groups {
		used = max(used, g.X+len([]rune(g.Label))*8)
	}
	p.Width = min(Width, used+margin)
	for i := range p.Groups {
		p.Groups[i].W = p.Width - 2*margin
	}
}

func groupLabel(g *Group) string {
	acct, region := g.Account, g.Region
	if acct == "" {
		acct = "account not known"
	} else {
		acct = "account " + acct
	}
	if region == "" {
		region = "region not known"
	}
	return acct + " · " + region
}

// gridCols is the number of subnet columns of a VPC with n subnets.
func gridCols(n int) int {
	maxCols := (Width - 2*margin - 2*pad + cellGap) / (cellW + cellGap)
	// About square boxes (a cell is some 2.5 times wider than tall),
	// so that two or three VPCs of twenty subnets share a row.
	c := int(math.Ceil(math.Sqrt(float64(n) * (cellH + cellGap) / (cellW + cellGap))))
	return min(max(c, 2), maxCols)
}

func innerWidth(v *VPC) int {
	cols := gridCols(len(v.Subnets))
	return cols*(cellW+cellGap) - cellGap
}

func chipsPerRow(inner int) int { return max(1, (inner+chipGap)/(chipW+chipGap)) }

// bandHeight is the height of a VPC's path band for n paths.
func bandHeight(n int) int {
	if n == 0 {
		return 0
	}
	return n*trackGap + 8
}

func vpcSize(v *VPC, tracks int) (w, h int) {
	if v.External {
		return externalW, externalH
	}
	inner := innerWidth(v)
	h = pad + vpcHeader
	if n := len(v.Gateways); n > 0 {
		rows := (n + chipsPerRow(inner) - 1) / chipsPerRow(inner)
		h += rows * (chipH + chipGap)
	}
	h += bandHeight(tracks)
	if n := len(v.Subnets); n > 0 {
		rows := (n + gridCols(n) - 1) / gridCols(n)
		h += rows*(cellH+cellGap) - cellGap
	} else {
		h += emptyH
	}
	return inner + 2*pad, h + pad
}

func (p *Picture) placeVPC(v *VPC, r Rect, tracks int, boxes map[string]Rect) {
	box := VPCBox{VPC: *v, Rect: r, Key: v.Key()}
	box.Gateways, box.Subnets = nil, nil
	boxes[box.Key] = r
	chars := (r.W - 2*pad - 2*badgeR) / 7
	if v.External {
		box.Title = trunc("VPC "+v.ID, chars)
		box.Line = "peer not in this input"
		p.VPCs = append(p.VPCs, box)
		return
	}
	title := "VPC " + v.ID
	if v.Name != "" {
		title += " · " + v.Name
	}
	box.Title = trunc(title, chars)
	line := v.CIDRs
	if v.Default {
		line += " · default VPC"
	}
	box.Line = trunc(line, chars)
	p.VPCs = append(p.VPCs, box)
	inner := r.W - 2*pad
	y := r.Y + pad + vpcHeader
	perRow := chipsPerRow(inner)
	for i, g := range v.Gateways {
		cr := Rect{r.X + pad + (i%perRow)*(chipW+chipGap), y + (i/perRow)*(chipH+chipGap), chipW, chipH}
		gb := GatewayBox{Gateway: g, Rect: cr, Key: g.Key()}
		gb.Label = trunc(g.Label, (chipW-8)/6)
		p.Gateways = append(p.Gateways, gb)
		boxes[gb.Key] = cr
	}
	if n := len(v.Gateways); n > 0 {
		y += ((n + perRow - 1) / perRow) * (chipH + chipGap)
	}
	p.bands[box.Key] = y
	y += bandHeight(tracks)
	cols := gridCols(len(v.Subnets))
	for i := range v.Subnets {
		s := &v.Subnets[i]
		cr := Rect{r.X + pad + (i%cols)*(cellW+cellGap), y + (i/cols)*(cellH+cellGap), cellW, cellH}
		sb := SubnetBox{Subnet: *s, Rect: cr, Key: s.Key(), Lines: subnetLines(s)}
		p.Subnets = append(p.Subnets, sb)
		boxes[sb.Key] = cr
	}
}

// subnetLines are a cell's text: id, kind and name, CIDR and zone,
// contents.
func subnetLines(s *Subnet) []TextLine {
	const chars = (cellW - 12) / 6
	kind := "private"
	if s.Public {
		kind = "public"
	}
	where := s.CIDR
	if s.AZ != "" {
		where += " · " + s.AZ
	}
	lines := []string{
		s.ID,
		kind + cond(s.Name != "", " · "+s.Name),
		where,
		fmt.Sprintf("%d instance%s · %d ENI%s", s.Instances, plural(s.Instances), s.Interfaces, plural(s.Interfaces)),
	}
	out := make([]TextLine, len(lines))
	for i, l := range lines {
		out[i] = TextLine{Text: trunc(l, chars), DY: 15 + 14*i}
	}
	return out
}

func cond(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

func plural(n int) string { return cond(n != 1, "s") }

// trunc shortens s to n runes, marking the cut with an ellipsis.
func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (p *Picture) placeBadges(o *Overlay) {
	for _, v := range p.VPCs {
		p.badge(o, v.Key, v.X+v.W-badgeR-4, v.Y+badgeR+4)
	}
	for _, g := range p.Gateways {
		p.badge(o, g.Key, g.X+g.W-2, g.Y+2)
	}
	for _, s := range p.Subnets {
		p.badge(o, s.Key, s.X+s.W-3, s.Y+3)
	}
}

func (p *Picture) badge(o *Overlay, key string, x, y int) {
	if b, ok := o.Badges[key]; ok {
		p.Badges = append(p.Badges, BadgeAt{Key: key, X: x, Y: y, Count: b.Count, Severity: b.Worst.String()})
	}
}

// peeringEdge joins two VPC boxes through the lane below the upper one's
// row: down from the upper box, along the lane, then up (same row) or
// down (a lower row) into the other, so that the line and its label stay
// off the boxes of its own rows.
func peeringEdge(pe *Peering, boxes map[string]Rect, lanes map[string]int) (PeeringEdge, bool) {
	ka, kb := "vpc/"+pe.Requester, "vpc/"+pe.Accepter
	a, okA := boxes[ka]
	b, okB := boxes[kb]
	if !okA || !okB {
		return PeeringEdge{}, false
	}
	lane := lanes[ka]
	if b.Y < a.Y {
		lane = lanes[kb]
	}
	end := func(r Rect) int {
		if r.Y > lane {
			return r.Y
		}
		return r.Y + r.H
	}
	ax, bx := a.X+a.W/2, b.X+b.W/2
	if ax == bx {
		bx += 24
	}
	e := PeeringEdge{
		Peering: *pe, Key: pe.Key(),
		D: fmt.Sprintf("M%d %dV%dH%dV%d", ax, end(a), lane, bx, end(b)),
	}
	e.LabelX, e.LabelY = (ax+bx)/2, lane
	e.Label = "peering " + pe.ID
	routes := pe.Routes()
	switch routes {
	case "both":
		e.Note = pe.Status + " · routes both sides"
	case "none":
		e.Note = pe.Status + " · no routes"
	default:
		e.Note = pe.Status + " · route on " + routes + " side only"
	}
	return e, true
}

// attach is where a path meets an element: the point on it, and the
// route from there to the x of the vertical segment joining the track
// (pre, a path fragment of absolute moves, may be empty).
type attach struct {
	x, y, vx int
	pre      string
}

// placePaths draws each path of a VPC on its own track in the VPC's path
// band, between the gateway bar and the subnet grid: from its source to
// the track, along it, and into its target. Subnets are entered (and left)
// through their top edge, a lower row's cells through the gap left of
// them; the internet end is the VPC's internet gateway (or the VPC box's
// right edge when it has none). Labels start right of every vertical of
// their VPC so that no later path crosses them. Paths past maxTracks in
// one VPC are only listed.
func (p *Picture) placePaths(o *Overlay, boxes map[string]Rect) {
	igw := map[string]Rect{}
	for _, g := range p.Gateways {
		for _, v := range p.VPCs {
			if _, ok := igw[v.Key]; !ok && g.Kind == KindIGW && v.Contains(g.Rect) {
				igw[v.Key] = g.Rect
			}
		}
	}
	used := map[string]int{}      // VPC key -> tracks used
	fan := map[string]int{}       // element key -> paths attached
	rightmost := map[string]int{} // VPC key -> x of its rightmost vertical
	first := len(p.Paths)
	for i := range o.Paths {
		pa := &o.Paths[i]
		t := used[pa.VPC]
		if !pa.Drawn || t >= maxTracks {
			continue
		}
		box := boxes[pa.VPC]
		track := p.bands[pa.VPC] + 8 + t*trackGap + trackGap/2
		at := func(k string) (attach, bool) {
			n := fan[k]
			fan[k]++
			if k == Internet {
				if g, ok := igw[pa.VPC]; ok {
					x := g.X + 14 + (n%8)*10
					return attach{x: x, y: g.Y + g.H, vx: x}, true
				}
				return attach{x: box.X + box.W, y: track, vx: box.X + box.W}, true
			}
			r, ok := boxes[k]
			x := r.X + 14 + (n%10)*12
			if r.Y+r.H <= track { // a gateway chip above the band: from its bottom edge
				return attach{x: x, y: r.Y + r.H, vx: x}, ok
			}
			if r.Y-track < cellH { // the first row: straight up
				return attach{x: x, y: r.Y, vx: x}, ok
			}
			gx := r.X - cellGap/2
			return attach{x: x, y: r.Y, vx: gx, pre: fmt.Sprintf("V%dH%d", r.Y-cellGap/2, gx)}, ok
		}
		from, ok1 := at(pa.From)
		to, ok2 := at(pa.To)
		// Leave room between the number and the cross (or the arrow of
		// a path into the element it leaves).
		for i := 0; ok2 && (pa.Kind == PathBlocked || pa.From == pa.To) && abs(to.vx-from.vx) < 24 && i < 4; i++ {
			to, ok2 = at(pa.To)
		}
		if !ok1 || !ok2 {
			continue
		}
		used[pa.VPC]++
		d := fmt.Sprintf("M%d %d", from.x, from.y)
		if from.pre != "" {
			d += from.pre
		}
		d += fmt.Sprintf("V%dH%d", track, to.vx)
		if to.pre != "" {
			d += fmt.Sprintf("V%dH%d", to.y-cellGap/2, to.x)
		}
		d += fmt.Sprintf("V%d", to.y)
		if to.y == track { // the box edge: the track runs into it
			d += fmt.Sprintf("H%d", to.x)
		}
		e := PathEdge{Path: *pa, N: i + 1, Key: PathKey(i), D: d, Label: pathLabel(pa)}
		e.MarkX, e.MarkY = from.vx, track
		e.CrossX, e.CrossY = to.vx, track
		e.LabelY = track - 4
		rightmost[pa.VPC] = max(rightmost[pa.VPC], from.vx, to.vx)
		p.Paths = append(p.Paths, e)
	}
	for i := first; i < len(p.Paths); i++ {
		e := &p.Paths[i]
		box := boxes[e.VPC]
		e.LabelX = rightmost[e.VPC] + 12
		if e.LabelX+len([]rune(e.Label))*6 > box.X+box.W-4 {
			e.LabelX, e.End = box.X+box.W-6, true
		}
	}
}

func abs(n int) int { return max(n, -n) }

// pathLabel is the short text on a path: what blocks it, or what is
// exposed.
func pathLabel(pa *Path) string {
	if pa.Label != "" {
		return trunc(pa.Label, 40)
	}
	if pa.Kind == PathBlocked {
		_, id, _ := strings.Cut(pa.Blocker, " ")
		return trunc(cond(id != "", id)+cond(id == "", pa.Blocker)+" "+pa.Traffic, 40)
	}
	return trunc(pa.Traffic+" open", 40)
}
