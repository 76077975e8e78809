package iampolicy

import (
	"reflect"
	"testing"
)

func TestIsPublic(t *testing.T) {
	const head = `{"Version":"2012-10-17","Statement":[`
	tests := []struct {
		name   string
		policy string
		want   []int
	}{
		{"star principal", `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`, []int{0}},
		{"aws star principal", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}`, []int{0}},
		{"wildcard account", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:*"}`, []int{0}},
		{"fixed account", `{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*"}`, nil},
		{"fixed plus star is still public (principals are ORed)", `{"Effect":"Allow","Principal":{"AWS":["111111111111","*"]},"Action":"s3:*"}`, []int{0}},
		{"deny star is not a grant", `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`, nil},
		{"identity policy has no principal", `{"Effect":"Allow","Action":"*","Resource":"*"}`, nil},
		// aws-semantics §7.4/§10.2: Allow + NotPrincipal grants everyone else, anonymous included.
		{"not principal allow", `{"Effect":"Allow","NotPrincipal":{"AWS":"111111111111"},"Action":"s3:*"}`, []int{0}},
		// aws-semantics §10.2: fixed values of the listed keys make it non-public.
		{"source vpce fixed", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}`, nil},
		{"org id fixed", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`, nil},
		{"source arn arnlike fixed", `{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::b"}}}`, nil},
		{"source arn wildcard", `{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}}`, []int{0}},
		{"policy variable is not fixed", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"}}}`, []int{0}},
		{"negated operator does not fix", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}`, []int{0}},
		{"IfExists does not fix", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}`, []int{0}},
		{"ForAllValues does not fix", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"ForAllValues:StringEquals":{"aws:SourceVpce":"vpce-1"}}}`, []int{0}},
		{"unlisted key does not fix", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}`, []int{0}},
		{"userid role wildcard", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}}`, []int{0}},
		{"userid fixed", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:userid":"AIDAEXAMPLEID"}}}`, nil},
		{"source ip /24", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`, nil},
		{"source ip /8", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`, nil},
		{"source ip /7 too broad", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/7"}}}`, []int{0}},
		{"source ip everywhere", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/16","0.0.0.0/0"]}}}`, []int{0}},
		{"source ip v6 /32", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}}`, nil},
		{"source ip v6 /31", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"IpAddress":{"aws:SourceIp":"2001:db8::/31"}}}`, []int{0}},
		{"source ip not ip address", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(head + tt.policy + "]}")
			if !d.Valid() {
				t.Fatalf("problems: %+v", d.Problems)
			}
			got, idx := IsPublic(d)
			if got != (tt.want != nil) || !reflect.DeepEqual(idx, tt.want) {
				t.Errorf("IsPublic = %v, %v; want %v", got, idx, tt.want)
			}
		})
	}
}

func TestIsPublicMixedStatements(t *testing.T) {
	d := Parse(`{"Statement":[
	 {"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*"},
	 {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}},
	 {"Effect":"Allow","Principal":"*","Action":"s3:ListBucket"}]}`)
	if got, idx := IsPublic(d); !got || !reflect.DeepEqual(idx, []int{2}) {
		t.Errorf("IsPublic = %v, %v; want true, [2]", got, idx)
	}
}

func TestIsPublicFor(t *testing.T) {
	tests := []struct {
		name, service, statement string
		want                     bool
	}{
		{"kms caller account pins the caller", "kms", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111111111111","kms:ViaService":"ec2.us-east-1.amazonaws.com"}}}`, false},
		{"kms via service alone pins nobody", "kms", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ec2.us-east-1.amazonaws.com"}}}`, true},
		{"kms caller account means nothing to sqs", "sqs", `{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Condition":{"StringEquals":{"kms:CallerAccount":"111111111111"}}}`, true},
		{"principal account pins the caller", "sqs", `{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}`, false},
		{"principal arn wildcard account pins nobody", "sns", `{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}}`, true},
		{"source arn still pins", "lambda", `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction"}`, false},
		{"es public with ip condition", "es", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`, false},
		{"es open", "es", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(`{"Statement":[` + tt.statement + `]}`)
			if !d.Valid() {
				t.Fatalf("problems: %+v", d.Problems)
			}
			if got, _ := IsPublicFor(d, tt.service); got != tt.want {
				t.Errorf("IsPublicFor(%s) = %v, want %v", tt.service, got, tt.want)
			}
		})
	}
	// S3's own definition is unchanged: aws:PrincipalAccount does not fix.
	d := Parse(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}]}`)
	if got, _ := IsPublic(d); !got {
		t.Error("IsPublic with aws:PrincipalAccount = false, want true (S3 definition)")
	}
}
