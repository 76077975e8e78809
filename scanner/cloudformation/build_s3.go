package cloudformation

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/snapshot"
)

// bucketACL reads an AWS::S3::Bucket's OwnershipControls and its canned
// AccessControl (CloudFormation has no explicit grant list for buckets).
func (b *builder) bucketACL(r *resource, f fields, bk *snapshot.Bucket) {
	switch oc := f.sub("OwnershipControls"); {
	case oc != nil:
		of := fields{t: b.t, o: oc, what: r.id + " OwnershipControls", unknown: f.unknown}
		for _, rule := range of.objs("Rules", "object_ownership") {
			rf := fields{t: b.t, o: rule, what: of.what + " rule", unknown: f.unknown}
			if v := rf.str("ObjectOwnership", "object_ownership"); v != "" {
				bk.ObjectOwnership = v
			}
		}
	case f.has("OwnershipControls"):
		f.markUnknown("object_ownership")
	default:
		// Since April 2023 new buckets have ACLs disabled.
		bk.ObjectOwnership = snapshot.OwnershipEnforced
	}
	if !f.has("AccessControl") {
		return
	}
	key := keyNode(f.o, "AccessControl")
	name := f.str("AccessControl", "acl")
	if _, ok := snapshot.CannedACL(name); name != "" && !ok {
		b.invalid(key, "%s: AccessControl %q is not a canned ACL S3 accepts", r.id, name)
		name = ""
	}
	if name == "" {
		if bk.ObjectOwnership != snapshot.OwnershipEnforced {
			b.t.gap(r.id+" AccessControl", fmt.Sprintf("line %d: the bucket's canned ACL is unknown: whether it is public was not checked", key.Line))
		}
		return
	}
	acl, _ := snapshot.CannedACL(name)
	acl.Source = &snapshot.Source{File: b.t.file, StartLine: key.Line, EndLine: key.Line, Address: r.id}
	bk.ACL = acl
}

// keyNode is the key node of a property in a mapping, or the mapping's
// own node when it cannot be found.
func keyNode(o *obj, key string) *yaml.Node {
	if o.node != nil && o.node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(o.node.Content); i += 2 {
			if o.node.Content[i].Value == key {
				return o.node.Content[i]
			}
		}
	}
	return o.node
}
