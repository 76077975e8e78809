package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/config"
	"github.com/vpclint/vpclint/engine"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/report"
	scanaws "github.com/vpclint/vpclint/scanner/aws"
)

// usageError is a bad flag or argument: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

type cli struct {
	exit    int
	verbose bool
	quiet   bool
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

func (c *cli) root() *cobra.Command {
	root := &cobra.Command{
		Use:           "vpclint",
		Short:         "Predict what will break and what is too open in AWS networking and access policy",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{msg: err.Error()} })
	root.PersistentFlags().BoolVarP(&c.verbose, "verbose", "v", false, "print detected inputs and progress to stderr")
	root.PersistentFlags().BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but results and errors")
	root.AddCommand(c.checkCmd(), c.scanCmd(), c.rulesCmd(), c.versionCmd(), c.explainCmd(), c.diffCmd(), c.matrixCmd(), c.flowsCmd())
	return root
}

func (c *cli) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the vpclint version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(c.stdout, "vpclint %s\n", version)
			return nil
		},
	}
}

type checkFlags struct {
	formats, outputs, rulesDirs, enable, disable   []string
	compliance                                     []string // framework names for the per-control view
	failOn, severity, configFile, baseline, before string
	allowPartial, noInlineIgnores, showPassed      bool
	load                                           input.Options
	live                                           bool            // scan the live account first (scan.go)
	scan                                           scanaws.Options // the scan flags, for --live
	flows                                          []string        // flow-log files for FLOW001-FLOW003 and CHG003
	logFormat                                      string
	ruleTimeout                                    time.Duration
}

func (c *cli) checkCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check snapshots, Terraform, plans or CloudFormation (files or directories) and report findings",
		Long: `Check loads each PATH (a vpclint snapshot, a Terraform directory or .tf file,
a Terraform plan from terraform show -json, a CloudFormation template, or a
directory holding them), runs every rule, and writes the findings. A
directory that holds no input itself is searched for inputs in its
subdirectories (skipping .git, node_modules, .terraform and hidden ones).

Each --output's format is its --format; without any --format it comes from
the file name: .sarif, .json, .ocsf.json (OCSF), .html, .xml (JUnit), .txt
or - (text).

--compliance NAME adds the framework's per-control view to the text and
JSON outputs: each control fails (an open finding of a mapped rule), is
muted (all such findings suppressed), passes (mapped rules found nothing),
or is not checked or manual (no rule maps to it).

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage or input error; 3 incomplete coverage (unless --allow-partial).`,
		Example: `  vpclint check examples/default-vpc-lab
  vpclint check examples
  vpclint check snapshot.json -o vpclint.sarif
  vpclint check snapshot.json -o - -o report.html -o findings.ocsf.json
  vpclint check snapshot.json --severity medium --fail-on never
  vpclint check snapshot.json --compliance cis-aws-v3.0`,
		RunE: func(cmd *cobra.Command, args []string) error { return c.runCheck(cmd, args, &f) },
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.formats, "format", "f", nil, "output format: "+strings.Join(report.Formats(), "|")+" (repeatable, paired with --output)")
	fl.StringArrayVarP(&f.outputs, "output", "o", nil, "output file, - for stdout (repeatable, one per --format; without --format, the format comes from the extension)")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 if an unsuppressed finding is at or above this severity: info|low|medium|high|critical, or never (default high)")
	fl.StringVar(&f.severity, "severity", "", "report only findings at or above this severity: info|low|medium|high|critical (the rest are counted, and still judged by --fail-on)")
	fl.StringVar(&f.configFile, "config", "", "config file (default ./.vpclint.yaml when present)")
	fl.StringArrayVar(&f.rulesDirs, "rules", nil, "extra Rego rule directory (repeatable)")
	fl.StringSliceVar(&f.enable, "enable", nil, "run only these rules (ids or names, comma-separated)")
	fl.StringSliceVar(&f.disable, "disable", nil, "do not run these rules (ids or names, comma-separated)")
	fl.StringVar(&f.baseline, "baseline", "", "previous JSON or SARIF output: report only findings that are new")
	fl.BoolVar(&f.allowPartial, "allow-partial", false, "do not exit 3 when the snapshot has coverage gaps")
	fl.StringVar(&f.before, "before", "", "an earlier snapshot (or plan, template, Terraform dir): report traffic lost (CHG001) and gained (CHG002)")
	fl.StringSliceVar(&f.compliance, "compliance", nil, "add the per-control view of these frameworks to text and JSON output: "+strings.Join(compliance.Names(), ", ")+" (comma-separated or repeated)")
	fl.BoolVar(&f.showPassed, "show-passed", false, "also list the rules that passed, with the resources they checked (text and JSON; HTML always does)")
	fl.BoolVar(&f.noInlineIgnores, "no-inline-ignores", false, "ignore inline suppressions in IaC (for audits)")
	fl.BoolVar(&f.live, "live", false, "scan the live account first (with the scan flags: --region, --profile, ...) and check it too")
	fl.DurationVar(&f.ruleTimeout, "rule-timeout", engine.DefaultRuleTimeout, "time budget for each rule's evaluation; a rule past it (or past the memory guard) is reported as an error naming it, exit 2, and every other rule's findings still come out")
	fl.StringArrayVar(&f.flows, "flows", nil, "VPC flow-log files or directories: explain their REJECTs (FLOW001), judge SG rules by the traffic they admitted (FLOW002, FLOW003) and, with a before state, replay accepted flows (CHG003)")
	fl.StringVar(&f.logFormat, "log-format", "", "with --flows: the records' format where a file has no header line ('${version} ...')")
	registerScanFlags(fl, &f.scan)
	registerLoadFlags(fl, &f.load)
	return cmd
}

type output struct{ format, path string }

// pairOutputs pairs --format and --output flags, each format one of
// allowed. Without any --format, each output's format comes from its file
// name (report.FormatForFile); a name that does not say is a usage error
// rather than a guess.
func pairOutputs(formats, files, allowed []string) ([]output, error) {
	if len(formats) == 0 {
		if len(files) == 0 {
			files = []string{"-"}
		}
		for _, p := range files {
			f := report.FormatForFile(p)
			if !slices.Contains(allowed, f) {
				return nil, &usageError{msg: fmt.Sprintf("--output %s: cannot tell the format from the file name; give --format (%s)", p, strings.Join(allowed, ", "))}
			}
			formats = append(formats, f)
		}
	}
	for _, f := range formats {
		if !slices.Contains(allowed, f) {
			return nil, &usageError{msg: fmt.Sprintf("unknown format %q (want %s)", f, strings.Join(allowed, ", "))}
		}
	}
	switch {
	case len(files) == 0 && len(formats) == 1:
		return []output{{formats[0], "-"}}, nil
	case len(files) != len(formats):
		return nil, &usageError{msg: fmt.Sprintf("%d --format and %d --output flags: give one --output per --format", len(formats), len(files))}
	}
	out := make([]output, len(formats))
	stdout := 0
	for i := range formats {
		out[i] = output{formats[i], files[i]}
		if files[i] == "-" {
			stdout++
		}
	}
	if stdout > 1 {
		return nil, &usageError{msg: "only one --output may be - (stdout)"}
	}
	return out, nil
}

// gateFlags reads --fail-on (a severity or never; the config file's, then
// high, when not given) and --severity.
func gateFlags(f *checkFlags, cfg *config.Config) (failOn finding.Severity, never bool, minSev finding.Severity, err error) {
	if failOn, never, err = config.ParseFailOn(cmp.Or(f.failOn, cfg.FailOn, "high")); err != nil {
		return 0, false, 0, &usageError{msg: "--fail-on: " + err.Error()}
	}
	if f.severity != "" {
		if minSev, err = finding.ParseSeverity(f.severity); err != nil {
			return 0, false, 0, &usageError{msg: "--severity: " + err.Error()}
		}
	}
	return failOn, never, minSev, nil
}

// complianceFlag resolves --compliance names, each once, in the order
// given; an unknown name is a usage error that lists the known ones.
func complianceFlag(names []string) ([]compliance.Framework, error) {
	var out []compliance.Framework
	for _, name := range names {
		fw, err := compliance.Lookup(strings.TrimSpace(name))
		if err != nil {
			return nil, &usageError{msg: "--compliance: " + err.Error()}
		}
		if !slices.ContainsFunc(out, func(f compliance.Framework) bool { return f.Name == fw.Name }) {
			out = append(out, fw)
		}
	}
	return out, nil
}

// sourceDate is SOURCE_DATE_EPOCH (reproducible-builds.org), the time the
// outputs that need one state; zero when unset.
func sourceDate() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, &usageError{msg: fmt.Sprintf("SOURCE_DATE_EPOCH=%q: want seconds since the Unix epoch", v)}
	}
	return time.Unix(n, 0).UTC(), nil
}

func (c *cli) runCheck(cmd *cobra.Command, args []string, f *checkFlags) error {
	outs, err := pairOutputs(f.formats, f.outputs, report.Formats())
	if err != nil {
		return err
	}
	cfg, err := loadConfig(f.configFile)
	if err != nil {
		return &check.InputError{Err: err}
	}
	sev, never, minSev, err := gateFlags(f, cfg)
	if err != nil {
		return err
	}
	when, err := sourceDate()
	if err != nil {
		return err
	}
	frameworks, err := complianceFlag(f.compliance)
	if err != nil {
		return err
	}
	eng, err := check.EngineOptions(cfg, engine.Options{RuleDirs: f.rulesDirs, Enable: f.enable, Disable: f.disable, RuleTimeout: f.ruleTimeout})
	if err != nil {
		return err
	}
	if f.before != "" {
		if eng.Facts.Before, err = input.LoadOne(cmd.Context(), f.before, f.load); err != nil {
			return err
		}
	}
	if len(f.flows) > 0 {
		sum, err := input.FlowLogs(cmd.Context(), input.FlowOptions{Paths: f.flows, Format: f.logFormat, Stdin: c.stdin})
		if err != nil {
			return err
		}
		for _, e := range sum.Errors {
			return &check.InputError{Err: fmt.Errorf("--flows %s: %s", e.Input, e.Error)}
		}
		// Malformed records are never fatal, and never silent: the rules
		// see only what parsed.
		if sum.MalformedCount > 0 {
			m := sum.Malformed[0]
			fmt.Fprintf(c.stderr, "vpclint: --flows: %d of %d records malformed and left out, the first at %s:%d: %s\n",
				sum.MalformedCount, sum.Records, m.File, m.Line, m.Reason)
		}
		eng.Facts.Flows = sum
	}
	opt := check.Options{
		Paths:           args,
		FailOn:          sev,
		FailNever:       never,
		MinSeverity:     minSev,
		Engine:          eng,
		Waivers:         cfg.Waivers,
		BaselineFile:    f.baseline,
		AllowPartial:    f.allowPartial,
		NoInlineIgnores: f.noInlineIgnores,
		Load:            f.load,
		Compliance:      frameworks,
	}
	if c.verbose {
		opt.Log = c.stderr
	}
	if f.live {
		snap, err := c.liveScan(cmd.Context(), f.scan)
		if err != nil {
			return err
		}
		opt.Snapshots = append(opt.Snapshots, snap)
	}
	res, err := check.Run(cmd.Context(), opt)
	if err != nil {
		return err
	}
	for _, p := range res.Problems {
		fmt.Fprintln(c.stderr, "vpclint:", p)
	}
	res.Report.Tool = report.Tool{Name: "vpclint", Version: version, InformationURI: "https://github.com/vpclint/vpclint"}
	// Snapshots do not record when they were captured yet, so the one
	// time a report can state reproducibly is SOURCE_DATE_EPOCH.
	res.Report.Time = when
	res.Report.Context.Generated = when
	res.Report.ShowPassed = f.showPassed
	root, _ := os.Getwd()
	for _, o := range outs {
		if err := c.write(o, &res.Report, root); err != nil {
			return err
		}
	}
	c.exit = res.ExitCode
	return nil
}

func loadConfig(file string) (*config.Config, error) {
	if file != "" {
		return config.Load(file)
	}
	return config.Find()
}

// write renders one output whole before writing it, so that a failed run
// never leaves a truncated report behind, not even on stdout.
func (c *cli) write(o output, in *report.Input, root string) error {
	var buf bytes.Buffer
	color := false
	if o.path == "-" {
		if f, ok := c.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" {
			color = true
		}
	}
	if err := report.Write(&buf, o.format, in, report.Options{Color: color, RepoRoot: root}); err != nil {
		return err
	}
	return c.emit(o.path, o.format+" report", func(w io.Writer) error {
		_, err := buf.WriteTo(w)
		return err
	})
}

// emit writes to stdout ("-") or to a file, whole or not at all
// (report.WriteFile), through a buffer rather than building the output in
// memory (a large account's matrix runs to hundreds of megabytes), and
// says where the file went unless -q.
func (c *cli) emit(path, what string, write func(io.Writer) error) error {
	if path == "-" {
		bw := bufio.NewWriterSize(c.stdout, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := report.WriteFile(path, write); err != nil {
		return err
	}
	if !c.quiet {
		fmt.Fprintf(c.stderr, "vpclint: wrote %s to %s\n", what, path)
	}
	return nil
}

func (c *cli) rulesCmd() *cobra.Command {
	var format string
	var dirs []string
	cmd := &cobra.Command{Use: "rules", Short: "List or show the rules"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List every rule: id, severity, category, name and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := catalog(cmd, dirs)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(c.stdout, cat)
			}
			for _, r := range cat {
				fmt.Fprintf(c.stdout, "%-8s %-8s %-9s %-40s %s\n", r.ID, r.Severity, r.Category, r.Name, r.Title)
			}
			return nil
		},
	}
	show := &cobra.Command{
		Use:   "show ID|NAME",
		Short: "Show a rule's full documentation",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := catalog(cmd, dirs)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(cat, func(r finding.Rule) bool {
				return strings.EqualFold(r.ID, args[0]) || strings.EqualFold(r.Name, args[0])
			})
			if i < 0 {
				return &usageError{msg: fmt.Sprintf("no rule %q (see vpclint rules list)", args[0])}
			}
			if format == "json" {
				return writeJSON(c.stdout, cat[i])
			}
			showRule(c.stdout, cat[i])
			return nil
		},
	}
	for _, sub := range []*cobra.Command{list, show} {
		sub.Flags().StringVarP(&format, "format", "f", "text", "text or json")
		sub.Flags().StringArrayVar(&dirs, "rules", nil, "extra Rego rule directory (repeatable)")
	}
	cmd.AddCommand(list, show)
	return cmd
}

func catalog(cmd *cobra.Command, dirs []string) ([]finding.Rule, error) {
	e, err := engine.New(cmd.Context(), engine.Options{RuleDirs: dirs})
	if err != nil {
		return nil, &check.InputError{Err: err}
	}
	return e.Catalog(), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func showRule(w io.Writer, r finding.Rule) {
	fmt.Fprintf(w, "%s  %s\n%s\n\n", r.ID, r.Name, r.Title)
	fmt.Fprintf(w, "Severity:  %s\nCategory:  %s\n", r.Severity, r.Category)
	if len(r.Tags) > 0 {
		fmt.Fprintf(w, "Tags:      %s\n", strings.Join(r.Tags, ", "))
	}
	showFrameworks(w, r.Frameworks)
	fmt.Fprintf(w, "\n%s\n\nRemediation:\n  %s\n", strings.TrimSpace(r.Description), r.Remediation)
	if len(r.References) > 0 {
		fmt.Fprintln(w, "\nReferences:")
		for _, ref := range r.References {
			fmt.Fprintf(w, "  %s\n", ref)
		}
	}
	fmt.Fprintf(w, "\nSource: %s (package %s)\nSuppress: # vpclint:ignore %s <reason>, tag vpclint:ignore=%s, or a .vpclint.yaml waiver\n", r.File, r.Package, r.ID, r.ID)
}

// showFrameworks lists a rule's compliance controls with their titles,
// frameworks by name and controls in order.
func showFrameworks(w io.Writer, fws map[string][]string) {
	for _, name := range slices.Sorted(maps.Keys(fws)) {
		fw, err := compliance.Lookup(name)
		title := name
		if err == nil {
			title = fw.Title + " (" + name + ")"
		}
		fmt.Fprintf(w, "Compliance: %s\n", title)
		for _, id := range fws[name] {
			c, _ := fw.Control(id)
			fmt.Fprintf(w, "  %-7s %s\n", id, c.Title)
		}
	}
}
