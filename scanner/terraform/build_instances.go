package terraform

import (
	"slices"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) launchTemplate(in *instance) {
	b.lts[b.alias[in.addr]] = in.o
}

func (b *builder) instance(in *instance) {
	o := in.o
	var unk fields
	i := &snapshot.Instance{ID: b.alias[in.addr], State: "running"}
	i.SubnetID, _ = b.ref(o, "subnet_id", &unk, "subnet_id")
	i.SecurityGroupIDs = b.refs(o, "vpc_security_group_ids", &unk, "security_group_ids")
	for _, name := range b.refs(o, "security_groups", &unk, "security_group_ids") {
		i.SecurityGroupIDs = append(i.SecurityGroupIDs, b.sgByName(name))
	}
	i.PrivateIP, _ = str(o, "private_ip", &unk, "private_ip")
	profile, _ := b.ref(o, "iam_instance_profile", &unk, "instance_profile_id", "aws_iam_instance_profile")
	var lt *obj
	for _, c := range o.blocks["launch_template"] {
		id, st := b.ref(c, "id", nil, "")
		if st != known {
			id, st = b.ref(c, "name", nil, "")
		}
		if st == known {
			lt = b.lts[id]
		}
		if lt == nil {
			unk.add("security_group_ids")
			unk.add("metadata_options")
		}
	}
	public, pst := asBool(o.attrs["associate_public_ip_address"])
	if pst == unknown {
		unk.add("public_ip")
	}
	var mo *obj
	if ms := o.blocks["metadata_options"]; len(ms) > 0 {
		mo = ms[0]
	}
	if lt != nil {
		if len(i.SecurityGroupIDs) == 0 {
			i.SecurityGroupIDs = b.refs(lt, "vpc_security_group_ids", &unk, "security_group_ids")
		}
		for _, ni := range lt.blocks["network_interfaces"] {
			if len(i.SecurityGroupIDs) == 0 {
				i.SecurityGroupIDs = b.refs(ni, "security_groups", &unk, "security_group_ids")
			}
			if i.SubnetID == "" {
				i.SubnetID, _ = b.ref(ni, "subnet_id", &unk, "subnet_id")
			}
			if pst == absent {
				public, pst = asBool(ni.attrs["associate_public_ip_address"])
			}
		}
		if mo == nil && len(lt.blocks["metadata_options"]) > 0 {
			mo = lt.blocks["metadata_options"][0]
		}
		if profile == "" {
			for _, p := range lt.blocks["iam_instance_profile"] {
				if v, st := b.ref(p, "name", &unk, "instance_profile_id", "aws_iam_instance_profile"); st == known {
					profile = v
				} else if v, st := b.ref(p, "arn", &unk, "instance_profile_id", "aws_iam_instance_profile"); st == known {
					profile = v
				}
			}
		}
	}
	i.InstanceProfileID = profile
	switch {
	case pst == known && public:
		unk.add("public_ip")
	case pst == absent:
		b.publicByDefault[i.ID] = true
	}
	if b.publicByDefault["eip:"+in.addr] || b.publicByDefault["eip:"+i.ID] {
		unk.add("public_ip")
	}
	if mo != nil {
		m := &snapshot.MetadataOptions{HTTPEndpoint: "enabled"}
		m.HTTPTokens, _ = str(mo, "http_tokens", &unk, "metadata_options")
		if v, st := str(mo, "http_endpoint", &unk, "metadata_options"); st == known {
			m.HTTPEndpoint = v
		}
		m.HTTPPutResponseHopLimit, _ = asInt(mo.attrs["http_put_response_hop_limit"])
		i.MetadataOptions = m
	}
	for _, c := range o.blocks["network_interface"] {
		nid, st := b.ref(c, "network_interface_id", &unk, "network_interface_ids")
		if st != known {
			continue
		}
		i.NetworkInterfaceIDs = append(i.NetworkInterfaceIDs, nid)
		idx, _ := asInt(c.attrs["device_index"])
		if n, ok := b.enis[nid]; ok {
			n.Attachment = &snapshot.ENIAttachment{InstanceID: i.ID, DeviceIndex: idx, Status: "attached"}
			if i.SubnetID == "" {
				i.SubnetID = n.SubnetID
			}
			if idx == 0 && len(i.SecurityGroupIDs) == 0 {
				i.SecurityGroupIDs = slices.Clone(n.SecurityGroupIDs)
			}
		}
	}
	if len(i.SecurityGroupIDs) == 0 && !slices.Contains(unk, "security_group_ids") {
		b.defaultSG["instance:"+i.ID] = true
	}
	// State and plan values carry the address AWS assigned: a known
	// public_ip replaces "known after apply".
	var scratch fields
	if ip, st := str(o, "public_ip", &scratch, "public_ip"); st == known && ip != "" {
		i.PublicIP = ip
		unk = slices.DeleteFunc(unk, func(f string) bool { return f == "public_ip" })
		delete(b.publicByDefault, i.ID)
	}
	i.Meta = b.meta(in, unk)
	b.instances[i.ID] = i
}

func (b *builder) sgByName(name string) string {
	for id, sg := range b.sgs {
		if sg.Name == name {
			return id
		}
	}
	return name
}
