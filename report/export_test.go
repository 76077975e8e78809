package report

// The browser test of the labs lives in report_test (it runs check, which
// imports report) and shares the headless Chromium helpers.
var (
	Chromium        = chromium
	RequireChromium = requireChromium
	DumpDOM         = dumpDOM
	CSPHash         = cspHash
)
