package report

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// fixtureWithTopology is fixture() with a snapshot holding the resources
// its findings are about, named with the hostile payloads.
func fixtureWithTopology(t *testing.T) *Input {
	t.Helper()
	in := fixture()
	s := &snapshot.Snapshot{
		Schema: snapshot.SchemaV1, Origin: snapshot.Origin{Kind: "terraform"},
		VPCs: []snapshot.VPC{
			{ID: "vpc-0def", Meta: snapshot.Meta{Account: "111122223333", Region: "us-east-1", Tags: map[string]string{"Name": tagPayload}}, CIDRBlocks: []string{"10.0.0.0/16"}},
			{ID: "vpc-0peer", Meta: snapshot.Meta{Account: "111122223333", Region: "us-east-1"}, CIDRBlocks: []string{"10.1.0.0/16"}},
		},
		Subnets: []snapshot.Subnet{
			{ID: "subnet-pub", Meta: snapshot.Meta{Tags: map[string]string{"Name": msgPayload}}, VPCID: "vpc-0def", CIDRBlock: "10.0.1.0/24", RouteTableID: "rtb-pub", NetworkACLID: "acl-0abc"},
			{ID: "subnet-priv", VPCID: "vpc-0def", CIDRBlock: "10.0.2.0/24", RouteTableID: "rtb-main", NetworkACLID: "acl-default"},
		},
		RouteTables: []snapshot.RouteTable{
			{ID: "rtb-pub", VPCID: "vpc-0def", Routes: []snapshot.Route{
				{DestinationCIDR: "0.0.0.0/0", TargetType: snapshot.TargetInternetGateway, TargetID: "igw-1", State: "active"},
				{DestinationCIDR: "10.1.0.0/16", TargetType: snapshot.TargetPeeringConnection, TargetID: "pcx-1", State: "active"},
			}},
			{ID: "rtb-main", VPCID: "vpc-0def", Main: true},
		},
		InternetGateways: []snapshot.InternetGateway{{ID: "igw-1", Attachments: []snapshot.Attachment{{VPCID: "vpc-0def", State: "available"}}}},
		SecurityGroups:   []snapshot.SecurityGroup{{ID: "sg-0123", VPCID: "vpc-0def", Ingress: []snapshot.SGRule{{RuleID: "sgr-1", Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRIPv4: "0.0.0.0/0"}}}},
		NetworkACLs:      []snapshot.NetworkACL{{ID: "acl-0abc", VPCID: "vpc-0def", SubnetIDs: []string{"subnet-pub"}}},
		PeeringConnections: []snapshot.PeeringConnection{{
			ID: "pcx-1", Status: "active" + tagPayload,
			Requester: snapshot.PeeringSide{VPCID: "vpc-0def"}, Accepter: snapshot.PeeringSide{VPCID: "vpc-0peer"},
		}},
	}
	var fps []string
	for _, f := range in.Findings {
		fps = append(fps, f.Fingerprint)
	}
	in.Snapshots = []CheckedSnapshot{{Input: "infra " + tagPayload, Snapshot: s, Fingerprints: fps}}
	return in
}

func TestHTMLTopology(t *testing.T) {
	out := string(render(t, "html", fixtureWithTopology(t), Options{}))
	if n := strings.Count(out, `<g class="vpc`); n != 2 {
		t.Errorf("%d VPC boxes, want 2", n)
	}
	if n := strings.Count(out, `<g class="subnet `); n != 2 {
		t.Errorf("%d subnet cells, want 2", n)
	}
	for _, want := range []string{
		`<g class="subnet public"`, `<g class="subnet private"`, // by the route to the IGW
		`routes-requester`,                   // the peer VPC has no route back
		`marker-end="url(#t0-arrow)"`,        // drawn one-way
		`route on requester side only`,       // and said so
		`class="gw gw-igw"`,                  // the internet gateway
		`data-el="t0:vpc/vpc-0def"`,          // the SG finding's row
		`data-filter="t0:vpc/vpc-0def"`,      // and its badge
		"&lt;img src=x onerror=alert(1)&gt;", // the VPC name, escaped
	} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	// Every badge filters to rows that exist (open findings only).
	rows := regexp.MustCompile(`data-el="([^"]*)"`).FindAllStringSubmatch(out, -1)
	for _, m := range regexp.MustCompile(`<g class="badge sev-[a-z]+" data-filter="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		found := false
		for _, r := range rows {
			found = found || strings.Contains(" "+r[1]+" ", " "+m[1]+" ")
		}
		if !found {
			t.Errorf("badge %s filters to no row", m[1])
		}
	}
	if len(rows) == 0 {
		t.Error("no row carries topology keys")
	}
	// The SVG takes no style attribute (the CSP would drop it) and names
	// no URL but its own markers.
	svg := out[strings.Index(out, "<svg"):strings.Index(out, "</svg>")]
	if strings.Contains(svg, "style=") || regexp.MustCompile(`(?i)https?:|href`).MatchString(svg) {
		t.Error("the SVG has a style attribute or a URL")
	}
}

// The picture's text is escaped wherever it lands: element text, <title>
// (RCDATA to the template), attributes.
func TestHTMLTopologyEscapes(t *testing.T) {
	out := string(render(t, "html", fixtureWithTopology(t), Options{}))
	for _, raw := range []string{"<img src=x onerror", "</script><script>alert", "<script>alert"} {
		if strings.Contains(out, raw) {
			t.Errorf("html contains unescaped %q", raw)
		}
	}
	if n := strings.Count(out, "<script"); n != 2 {
		t.Errorf("%d <script elements, want 2", n)
	}
}

func TestEvidenceView(t *testing.T) {
	raw := json.RawMessage(`{"exposure":{"eni":"eni-1","ports":[[22,22],[80,443]]},"rules":[{"rule_number":100,"action":"allow"},{"rule_number":200,"action":"deny","cidrs":["a","b"]}],"statement":{"Effect":"Allow","Action":["s3:*"]},"ports":[22,3389],"note":null}`)
	v := evidenceView(raw)
	if v == nil || len(v.Rows) != 5 {
		t.Fatalf("view = %+v, want five rows", v)
	}
	byKey := map[string]evNode{}
	for _, r := range v.Rows {
		byKey[r.Key] = r.Value
	}
	if got := byKey["exposure"].Rows[1].Value.List; strings.Join(got, " ") != "22 80-443" {
		t.Errorf("exposure ports = %v, want the ranges 22 and 80-443", got)
	}
	if tb := byKey["rules"].Table; tb == nil || strings.Join(tb.Cols, ",") != "rule_number,action,cidrs" || tb.Rows[1][2] != "a, b" || tb.Rows[0][2] != "" {
		t.Errorf("rules table = %+v, want the rule number first", tb)
	}
	blocks := evidenceView(json.RawMessage(`{"blocks":[{"code":"ENI_SG_RULES_MISMATCH","component":{"id":"sg-1","type":"security-group"}}]}`))
	if tb := blocks.Rows[0].Value.Table; tb == nil || strings.Join(tb.Rows[0], "|") != "ENI_SG_RULES_MISMATCH|type: security-group, id: sg-1" {
		t.Errorf("blocks table = %+v, want the component in one cell", tb)
	}
	if !strings.Contains(byKey["statement"].Code, "\"Effect\": \"Allow\"") {
		t.Errorf("statement = %+v, want indented JSON", byKey["statement"])
	}
	if got := byKey["ports"].List; strings.Join(got, " ") != "22 3389" {
		t.Errorf("ports = %v, want two ports, not a range", got)
	}
	if byKey["note"].Text != "—" {
		t.Errorf("null = %q", byKey["note"].Text)
	}
	if evidenceView(json.RawMessage(`not json`)) != nil {
		t.Error("invalid evidence got a view")
	}
}

func TestHTMLEvidenceTables(t *testing.T) {
	out := string(render(t, "html", fixture(), Options{}))
	for _, want := range []string{
		`<table class="ev"><tr><th scope="row">cidr</th><td>0.0.0.0/0</td></tr>`,
		`<details class="raw"><summary>raw JSON</summary>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

func TestHTMLCompliance(t *testing.T) {
	in := fixture()
	for i := range in.Findings {
		in.Findings[i].Frameworks = nil
		if in.Findings[i].RuleID == "SG001" {
			in.Findings[i].Frameworks = map[string][]string{"cis-aws-v3.0": {"5.2"}, "aws-fsbp": {"EC2.13"}}
		}
	}
	out := string(render(t, "html", in, Options{}))
	for _, want := range []string{
		`<select id="filter-framework"><option value="">all</option><option value="aws-fsbp">aws-fsbp</option><option value="cis-aws-v3.0">cis-aws-v3.0</option></select>`,
		`data-frameworks="aws-fsbp cis-aws-v3.0"`,
		`<span class="fw">cis-aws-v3.0</span> <code>5.2</code>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for i := range in.Findings {
		in.Findings[i].Frameworks = nil
	}
	if strings.Contains(render2(t, in), `id="filter-framework"`) {
		t.Error("a compliance filter without any mapped finding")
	}
}

func TestHTMLFailNever(t *testing.T) {
	in := fixture()
	in.FailNever = true
	if out := render2(t, in); !strings.Contains(out, "gate <strong>never</strong>: findings do not fail the run") {
		t.Error("the summary does not say the gate is never")
	}
}

func render2(t *testing.T, in *Input) string {
	t.Helper()
	return string(render(t, "html", in, Options{}))
}
