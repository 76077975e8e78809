package topology

import (
	"fmt"
	"math"
)

// Sizes of the picture, in SVG user units (CSS pixels at 100%).
const (
	Width        = 1200 // the picture's width; it grows downwards
	margin       = 12
	groupHeader  = 28
	groupGap     = 20
	boxGap       = 28 // room between VPC boxes for peering lines
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
	Lines []string
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
type PathEdge struct {
	Path
	N            int
	Key          string
	D            string
	MarkX, MarkY int
	// CrossX/CrossY is where a blocked path's cross is drawn.
	CrossX, CrossY int
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
// its subnets as a grid about 1.5 times wider than tall. Sizes are fixed
// so that text stays readable however many VPCs there are: the picture
// grows downwards instead of shrinking.
func Layout(m *Map, o *Overlay) *Picture {
	p := &Picture{Width: Width}
	boxes := map[string]Rect{}
	y := margin
	for gi := range m.Groups {
		g := &m.Groups[gi]
		p.Groups = append(p.Groups, GroupBox{Label: groupLabel(g), Rect: Rect{margin, y, Width - 2*margin, groupHeader}})
		y += groupHeader
		x, rowH := margin, 0
		for vi := range g.VPCs {
			v := &g.VPCs[vi]
			w, h := vpcSize(v)
			if x > margin && x+w > Width-margin {
				x, y, rowH = margin, y+rowH+boxGap, 0
			}
			r := Rect{x, y, w, h}
			p.placeVPC(v, r, boxes)
			x += w + boxGap
			rowH = max(rowH, h)
		}
		y += rowH + groupGap
	}
	p.Height = y
	if o != nil {
		p.placeBadges(o)
	}
	for i := range m.Peerings {
		if e, ok := peeringEdge(&m.Peerings[i], boxes); ok {
			p.Peerings = append(p.Peerings, e)
			if o != nil {
				p.badge(o, e.Key, e.LabelX+60, e.LabelY-12)
			}
		}
	}
	if o != nil {
		p.placePaths(o, boxes)
	}
	return p
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
	c := int(math.Ceil(math.Sqrt(float64(n) * 1.5)))
	return min(max(c, 2), maxCols)
}

func innerWidth(v *VPC) int {
	cols := gridCols(len(v.Subnets))
	return cols*(cellW+cellGap) - cellGap
}

func chipsPerRow(inner int) int { return max(1, (inner+chipGap)/(chipW+chipGap)) }

func vpcSize(v *VPC) (w, h int) {
	if v.External {
		return externalW, externalH
	}
	inner := innerWidth(v)
	h = pad + vpcHeader
	if n := len(v.Gateways); n > 0 {
		rows := (n + chipsPerRow(inner) - 1) / chipsPerRow(inner)
		h += rows * (chipH + chipGap)
	}
	if n := len(v.Subnets); n > 0 {
		rows := (n + gridCols(n) - 1) / gridCols(n)
		h += rows*(cellH+cellGap) - cellGap
	} else {
		h += emptyH
	}
	return inner + 2*pad, h + pad
}

func (p *Picture) placeVPC(v *VPC, r Rect, boxes map[string]Rect) {
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
	cols := gridCols(len(v.Subnets))
	for i := range v.Subnets {
		s := &v.Subnets[i]
		cr := Rect{r.X + pad + (i%cols)*(cellW+cellGap), y + (i/cols)*(cellH+cellGap), cellW, cellH}
		sb := SubnetBox{Subnet: *s, Rect: cr, Key: s.Key(), Lines: subnetLines(s)}
		p.Subnets = append(p.Subnets, sb)
		boxes[sb.Key] = cr
	}
}

// subnetLines are a cell's text: id, name, CIDR and zone, contents.
func subnetLines(s *Subnet) []string {
	const chars = (cellW - 12) / 6
	kind := "private"
	if s.Public {
		kind = "public"
	}
	where := s.CIDR
	if s.AZ != "" {
		where += " · " + s.AZ
	}
	return []string{
		trunc(s.ID, chars),
		trunc(kind+cond(s.Name != "", " · "+s.Name), chars),
		trunc(where, chars),
		trunc(fmt.Sprintf("%d instance%s · %d ENI%s", s.Instances, plural(s.Instances), s.Interfaces, plural(s.Interfaces)), chars),
	}
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
		p.badge(o, s.Key, s.X+s.W-badgeR-3, s.Y+badgeR+3)
	}
}

func (p *Picture) badge(o *Overlay, key string, x, y int) {
	if b, ok := o.Badges[key]; ok {
		p.Badges = append(p.Badges, BadgeAt{Key: key, X: x, Y: y, Count: b.Count, Severity: b.Worst.String()})
	}
}

// peeringEdge joins two VPC boxes from facing sides: left/right when the
// boxes share a row, else bottom of the upper to top of the lower.
func peeringEdge(pe *Peering, boxes map[string]Rect) (PeeringEdge, bool) {
	a, okA := boxes["vpc/"+pe.Requester]
	b, okB := boxes["vpc/"+pe.Accepter]
	if !okA || !okB {
		return PeeringEdge{}, false
	}
	x1, y1, x2, y2 := facing(a, b)
	e := PeeringEdge{Peering: *pe, Key: pe.Key(), D: curve(x1, y1, x2, y2)}
	e.LabelX, e.LabelY = (x1+x2)/2, (y1+y2)/2
	e.Label = trunc("peering "+pe.ID, 30)
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

func facing(a, b Rect) (x1, y1, x2, y2 int) {
	ac, bc := center(a), center(b)
	sameRow := a.Y < b.Y+b.H && b.Y < a.Y+a.H
	switch {
	case sameRow && ac[0] <= bc[0]:
		return a.X + a.W, a.Y + 24, b.X, b.Y + 24
	case sameRow:
		return a.X, a.Y + 24, b.X + b.W, b.Y + 24
	case ac[1] <= bc[1]:
		return ac[0], a.Y + a.H, bc[0], b.Y
	default:
		return ac[0], a.Y, bc[0], b.Y + b.H
	}
}

func center(r Rect) [2]int { return [2]int{r.X + r.W/2, r.Y + r.H/2} }

// curve is a cubic Bézier between two points, bent along the longer axis.
func curve(x1, y1, x2, y2 int) string {
	if abs(x2-x1) >= abs(y2-y1) {
		mx := (x1 + x2) / 2
		return fmt.Sprintf("M%d %dC%d %d %d %d %d %d", x1, y1, mx, y1, mx, y2, x2, y2)
	}
	my := (y1 + y2) / 2
	return fmt.Sprintf("M%d %dC%d %d %d %d %d %d", x1, y1, x1, my, x2, my, x2, y2)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// placePaths draws each drawable path inside its VPC: the internet end
// enters at the VPC's internet gateway (or its top edge when it has
// none); several paths ending on one element fan out along its top edge.
func (p *Picture) placePaths(o *Overlay, boxes map[string]Rect) {
	igw := map[string]string{}
	for _, g := range p.Gateways {
		if g.Kind == KindIGW {
			for _, v := range p.VPCs {
				if v.Contains(g.Rect) && igw[v.Key] == "" {
					igw[v.Key] = g.Key
				}
			}
		}
	}
	fan := map[string]int{}
	for i := range o.Paths {
		pa := &o.Paths[i]
		if !pa.Drawn {
			continue
		}
		end := func(k string) (Rect, bool) {
			if k == Internet {
				if g := igw[pa.VPC]; g != "" {
					return boxes[g], true
				}
				v := boxes[pa.VPC]
				return Rect{v.X + v.W/2 - 20, v.Y - 4, 40, 4}, true
			}
			r, ok := boxes[k]
			return r, ok
		}
		from, ok1 := end(pa.From)
		to, ok2 := end(pa.To)
		if !ok1 || !ok2 {
			continue
		}
		e := PathEdge{Path: *pa, N: i + 1, Key: PathKey(i)}
		off := fan[pa.To] * 14
		fan[pa.To]++
		if pa.From == pa.To {
			e.D, e.MarkX, e.MarkY = loop(to, off)
			e.CrossX, e.CrossY = to.X+to.W-4, to.Y+to.H-14-off/2
		} else {
			x1, y1 := from.X+from.W/2, from.Y+from.H
			x2, y2 := to.X+18+off%max(to.W-36, 1), to.Y
			if y2 < y1 { // the target sits above: leave from the top
				y1, y2 = from.Y, to.Y+to.H
			}
			e.D = curve(x1, y1, x2, y2)
			e.MarkX, e.MarkY = (x1+x2)/2, (y1+y2)/2
			e.CrossX, e.CrossY = x2, y2-10
		}
		p.Paths = append(p.Paths, e)
	}
}

// loop is a path from a cell back to itself, bulging out of its right
// edge; it returns the path and where its number goes.
func loop(r Rect, off int) (string, int, int) {
	x := r.X + r.W - 6
	y1, y2 := r.Y+12+off/2, r.Y+r.H-12-off/2
	bulge := r.X + r.W + 26 + off/2
	return fmt.Sprintf("M%d %dC%d %d %d %d %d %d", x, y1, bulge, y1-8, bulge, y2+8, x, y2), bulge - 6, (y1 + y2) / 2
}
