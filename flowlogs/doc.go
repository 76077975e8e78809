// Package flowlogs owns VPC Flow Log records: it stream-parses every form
// AWS delivers (the default version 2 text format, custom formats with any
// field subset and order, gzip and plain files, directories, stdin,
// CloudWatch Logs exports and Parquet), aggregates them into groups whose
// number grows with distinct flows and never with records, explains each
// REJECT group with package reach against a configuration, replays
// ACCEPTed flows against a planned snapshot, and writes the Athena SQL that
// runs the same aggregation at organisation scale (aws-semantics §8).
package flowlogs
