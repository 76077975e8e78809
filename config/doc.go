// Package config owns .vpclint.yaml: rule selection, the failure
// threshold, waivers (rule, resource glob, reason, expiry, owner), and the
// intents and personas the reachability checks will evaluate. Parsing is
// strict: an unknown key or a malformed value is an error naming the file
// and line.
package config
