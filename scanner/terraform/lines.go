package terraform

import (
	"maps"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/snapshot"
)

// fieldLines maps, per resource type, the attributes (or block.attribute)
// a finding can be about to the snapshot field they set: their lines go
// into Source.Lines so such a finding points at the attribute.
var fieldLines = map[string]map[string]string{
	"aws_subnet": {"map_public_ip_on_launch": "map_public_ip_on_launch", "assign_ipv6_address_on_creation": "assign_ipv6_address_on_creation"},
	"aws_vpc":    {"enable_dns_support": "enable_dns_support", "enable_dns_hostnames": "enable_dns_hostnames"},
	"aws_instance": {
		"metadata_options": "http_tokens", "metadata_options.http_tokens": "http_tokens",
		"associate_public_ip_address": "public_ip", "iam_instance_profile": "instance_profile_id",
	},
	"aws_iam_role":               {"assume_role_policy": "trust_policy", "managed_policy_arns": "attached_policy_arns"},
	"aws_vpc_endpoint":           {"policy": "policy", "private_dns_enabled": "private_dns_enabled", "route_table_ids": "route_table_ids"},
	"aws_vpc_peering_connection": {"auto_accept": "status"},
	"aws_flow_log":               {"iam_role_arn": "deliver_logs_role_arn", "traffic_type": "traffic_type"},
}

// lines records in src the lines of the fields of fieldLines an instance
// writes; a block.attribute entry wins over its block.
func lines(in *instance, src *snapshot.Source) {
	table := fieldLines[in.typ]
	if len(table) == 0 || src == nil {
		return
	}
	out := map[string]int{}
	set := func(path, field string) {
		block, attr, nestedAttr := strings.Cut(path, ".")
		line := 0
		switch bs := in.o.blocks[block]; {
		case !nestedAttr:
			if r, ok := in.o.ranges[path]; ok {
				line = r.Start.Line
			} else if len(bs) > 0 {
				line = bs[0].rng.Start.Line
			}
		case len(bs) > 0:
			if r, ok := bs[0].ranges[attr]; ok {
				line = r.Start.Line
			}
		}
		if line > 0 && (out[field] == 0 || nestedAttr) {
			out[field] = line
		}
	}
	// "a" sorts before "a.b": a block's line first, its attribute's after.
	for _, path := range slices.Sorted(maps.Keys(table)) {
		set(path, table[path])
	}
	if len(out) > 0 {
		src.Lines = out
	}
}

// docSource is where the policy document of attr is written when it is an
// aws_iam_policy_document data source, the data source's block; nil
// otherwise.
func (b *builder) docSource(o *obj, attr string) *snapshot.Source {
	addr, ok := originAt(o.marks[attr], nil)
	if !ok {
		return nil
	}
	return b.l.docs[addr]
}

// markDocument marks the text of an aws_iam_policy_document with its
// address, so a policy that reads it can say where it is written.
func markDocument(addr string, v cty.Value) cty.Value {
	if !v.Type().IsObjectType() || !v.IsKnown() {
		return v
	}
	attrs := v.AsValueMap()
	for _, a := range []string{"json", "minified_json"} {
		if x, ok := attrs[a]; ok {
			attrs[a] = x.Mark(origin{addr})
		}
	}
	return cty.ObjectVal(attrs)
}
