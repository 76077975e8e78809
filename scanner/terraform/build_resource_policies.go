package terraform

import (
	"cmp"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// extras holds the entities of build_identity.go and this file.
type extras struct {
	users  map[string]*snapshot.User
	groups map[string]*snapshot.Group
	// rpols are resource policies by the entity id of their resource (a
	// Lambda permission by its own address).
	rpols map[string]*snapshot.ResourcePolicy
	// targets are the declared resources a policy resource may name.
	targets map[string]*instance
}

func newExtras() extras {
	return extras{users: newMap[snapshot.User](), groups: newMap[snapshot.Group](), rpols: newMap[snapshot.ResourcePolicy](), targets: map[string]*instance{}}
}

func (x *extras) put(s *snapshot.Snapshot) {
	s.Users, s.Groups, s.ResourcePolicies = values(x.users), values(x.groups), values(x.rpols)
}

// rpKind describes a resource that carries, or is given, a resource
// policy: its service and type, the attribute holding its name and, on
// the resources that set another one's policy, the attribute naming it.
type rpKind struct {
	service, rtype string
	// typ is the Terraform type of the resource the policy belongs to.
	typ        string
	nameAttr   string
	policyAttr string
	targetAttr string
}

// rpResources carry a policy of their own (or are only named by one).
var rpResources = map[string]rpKind{
	"aws_sqs_queue":             {service: "sqs", rtype: "queue", nameAttr: "name", policyAttr: "policy"},
	"aws_sns_topic":             {service: "sns", rtype: "topic", nameAttr: "name", policyAttr: "policy"},
	"aws_kms_key":               {service: "kms", rtype: "key", policyAttr: "policy"},
	"aws_secretsmanager_secret": {service: "secretsmanager", rtype: "secret", nameAttr: "name", policyAttr: "policy"},
	"aws_opensearch_domain":     {service: "es", rtype: "domain", nameAttr: "domain_name", policyAttr: "access_policies"},
	"aws_elasticsearch_domain":  {service: "es", rtype: "domain", nameAttr: "domain_name", policyAttr: "access_policies"},
	"aws_ecr_repository":        {service: "ecr", rtype: "repository", nameAttr: "name"},
	"aws_lambda_function":       {service: "lambda", rtype: "function", nameAttr: "function_name"},
}

// rpAttachments set the policy of another resource.
var rpAttachments = map[string]rpKind{
	"aws_sqs_queue_policy":             {typ: "aws_sqs_queue", targetAttr: "queue_url", policyAttr: "policy"},
	"aws_sns_topic_policy":             {typ: "aws_sns_topic", targetAttr: "arn", policyAttr: "policy"},
	"aws_kms_key_policy":               {typ: "aws_kms_key", targetAttr: "key_id", policyAttr: "policy"},
	"aws_ecr_repository_policy":        {typ: "aws_ecr_repository", targetAttr: "repository", policyAttr: "policy"},
	"aws_secretsmanager_secret_policy": {typ: "aws_secretsmanager_secret", targetAttr: "secret_arn", policyAttr: "policy"},
	"aws_opensearch_domain_policy":     {typ: "aws_opensearch_domain", targetAttr: "domain_name", policyAttr: "access_policies"},
	"aws_elasticsearch_domain_policy":  {typ: "aws_elasticsearch_domain", targetAttr: "domain_name", policyAttr: "access_policies"},
}

// policyResource records a resource that policy resources may name and
// makes the resource policy it writes itself.
func (b *builder) policyResource(in *instance) {
	id := b.alias[in.addr]
	b.targets[id] = in
	k := rpResources[in.typ]
	if k.policyAttr == "" {
		return
	}
	var unk fields
	doc, st := policyDoc(in.o, k.policyAttr, &unk, "policy")
	if st == absent {
		return
	}
	p := b.newResourcePolicy(in, k, id)
	p.Policy = doc
	p.Meta = b.meta(in, unk)
	p.Account = in.account
	b.rpols[id] = p
}

// resourcePolicyAttachment applies an aws_sqs_queue_policy and its kind:
// the policy of the resource it names, located at itself.
func (b *builder) resourcePolicyAttachment(in *instance) {
	a := rpAttachments[in.typ]
	id, ok := b.need(in, a.targetAttr, a.typ)
	if !ok {
		return
	}
	var unk fields
	doc, st := policyDoc(in.o, a.policyAttr, &unk, "policy")
	if st == absent {
		return
	}
	k := rpResources[a.typ]
	p := b.newResourcePolicy(b.targets[id], k, id)
	if p.Name == "" {
		p.Name = nameFromRef(id)
	}
	p.Policy = doc
	p.Meta = b.meta(in, unk)
	p.Account = in.account
	if t, ok := b.targets[id]; ok {
		liftIgnores(p.Source, t.src.Ignores)
	}
	b.rpols[id] = p
}

// newResourcePolicy names the policy of a resource of kind k, declared
// here as in (nil when it is not), whose entity id is id.
func (b *builder) newResourcePolicy(in *instance, k rpKind, id string) *snapshot.ResourcePolicy {
	p := &snapshot.ResourcePolicy{Service: k.service, ResourceType: k.rtype}
	if in != nil {
		if k.nameAttr != "" {
			p.Name, _ = str(in.o, k.nameAttr, nil, "")
		}
		if a, ok := computed(in)["arn"]; ok && a.IsKnown() {
			p.ARN = a.AsString()
		}
	} else if strings.HasPrefix(id, "arn:") {
		p.ARN = id
	}
	switch {
	case p.ARN != "":
		p.ID = p.ARN
	case p.Name != "":
		p.ID = k.service + "/" + p.Name
	default:
		p.ID = k.service + "/" + id
		p.Name = nameFromRef(id)
	}
	return p
}

// policyResourceComputed adds what vpclint can know of a resource that
// carries a resource policy: its name under "name" (so references by
// name resolve), and its ARN and id when its name, account and region are
// known.
func policyResourceComputed(in *instance, out map[string]cty.Value) {
	k, ok := rpResources[in.typ]
	if !ok || k.nameAttr == "" {
		return
	}
	name, st := asString(in.o.attrs[k.nameAttr])
	if st != known || name == "" {
		return
	}
	out["name"] = cty.StringVal(name)
	if in.account == "" || in.region == "" {
		return
	}
	head := "arn:aws:" + k.service + ":" + in.region + ":" + in.account + ":"
	arn := map[string]string{"queue": head + name, "topic": head + name, "repository": head + "repository/" + name, "function": head + "function:" + name, "domain": head + "domain/" + name}[k.rtype]
	if arn == "" {
		return // a secret's ARN ends in a random suffix
	}
	out["arn"] = cty.StringVal(arn)
	switch k.rtype {
	case "queue":
		out["id"] = cty.StringVal("https://sqs." + in.region + ".amazonaws.com/" + in.account + "/" + name)
	case "topic", "domain":
		out["id"] = out["arn"]
	default:
		out["id"] = cty.StringVal(name)
	}
}

// nameFromRef is the last part of a queue URL, an ARN or a name.
func nameFromRef(s string) string {
	return s[strings.LastIndexAny(s, "/:")+1:]
}

// lambdaPermission turns one aws_lambda_permission into the statement AWS
// adds to the function's policy, its own resource policy here so that a
// finding points at the permission.
func (b *builder) lambdaPermission(in *instance) {
	o := in.o
	fid, ok := b.need(in, "function_name", "aws_lambda_function")
	if !ok {
		return
	}
	var unk fields
	principal, pst := str(o, "principal", &unk, "policy")
	action, ast := str(o, "action", &unk, "policy")
	k := rpResources["aws_lambda_function"]
	p := b.newResourcePolicy(b.targets[fid], k, fid)
	sid, _ := str(o, "statement_id", nil, "")
	p.ID = p.ID + "#" + cmp.Or(sid, in.addr)
	if pst == known && ast == known {
		p.Policy = iampolicy.LambdaPermission{Sid: sid, Principal: principal, Action: action, Resource: cmp.Or(p.ARN, "*"), Conditions: lambdaConditions(o)}.Document()
	}
	p.Meta = b.meta(in, unk)
	p.Account = in.account
	b.rpols[in.addr] = p
}

// lambdaAttrs are the permission's arguments for AddPermission's condition
// parameters.
var lambdaAttrs = map[string]string{
	"SourceArn": "source_arn", "SourceAccount": "source_account", "PrincipalOrgID": "principal_org_id",
	"EventSourceToken": "event_source_token", "FunctionUrlAuthType": "function_url_auth_type",
}

// lambdaConditions are the condition parameters the permission sets. A
// value unknown until apply is still one fixed value (an ARN, an account),
// so it pins the key as the real one will.
func lambdaConditions(o *obj) map[string]string {
	cond := map[string]string{}
	for _, param := range iampolicy.LambdaConditionParams {
		v, st := asString(o.attrs[lambdaAttrs[param]])
		switch st {
		case known:
			cond[param] = v
		case unknown:
			cond[param] = "(known after apply)"
		case absent:
		}
	}
	return cond
}
