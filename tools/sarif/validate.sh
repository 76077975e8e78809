#!/usr/bin/env bash
# Validate SARIF files the way GitHub code scanning ingests them, with
# Microsoft's SARIF Multitool and the GitHub (Ghas) rule kinds enabled.
#
# Usage: tools/sarif/validate.sh FILE...
#
# The Multitool exits 0 even when it finds errors, so this script counts the
# error-level results itself and exits 1 if there are any.
set -euo pipefail

MULTITOOL_VERSION=5.7.0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
config="$here/github.config.xml"
tools_dir="${VPCLINT_TOOLS_DIR:-$HOME/.cache/vpclint-tools}/sarif-multitool"

if [ "$#" -eq 0 ]; then
	echo "usage: $0 FILE..." >&2
	exit 2
fi
for cmd in node npm; do
	command -v "$cmd" >/dev/null || { echo "sarif: $cmd is required" >&2; exit 2; }
done

install_multitool() {
	if [ -f "$tools_dir/node_modules/@microsoft/sarif-multitool/package.json" ] &&
		grep -q "\"version\": \"$MULTITOOL_VERSION\"" "$tools_dir/node_modules/@microsoft/sarif-multitool/package.json"; then
		return
	fi
	mkdir -p "$tools_dir"
	echo "sarif: installing @microsoft/sarif-multitool@$MULTITOOL_VERSION into $tools_dir" >&2
	(cd "$tools_dir" && npm install --no-audit --no-fund --no-save --silent \
		"@microsoft/sarif-multitool@$MULTITOOL_VERSION" >&2)
}

install_multitool
# Call the native binary directly: the npx shim runs it through a shell, where
# the ';' in --rule-kind "Sarif;Ghas" would split the command.
multitool=$(cd "$tools_dir" && node -p "require('@microsoft/sarif-multitool')")
[ -x "$multitool" ] || { echo "sarif: multitool binary not found at $multitool" >&2; exit 2; }

out_dir=$(mktemp -d)
trap 'rm -rf "$out_dir"' EXIT

status=0
for file in "$@"; do
	[ -f "$file" ] || { echo "sarif: $file: no such file" >&2; status=1; continue; }
	out="$out_dir/$(basename "$file").validation.sarif"
	"$multitool" validate "$file" --rule-kind "Sarif;Ghas" --config "$config" \
		--output "$out" --log ForceOverwrite >"$out_dir/log.txt" 2>&1 || {
		cat "$out_dir/log.txt" >&2
		echo "sarif: $file: multitool failed" >&2
		status=1
		continue
	}
	# jq may be absent; node is already required.
	if ! node - "$file" "$out" <<'JS'; then
const fs = require("fs");
const [file, out] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(out, "utf8"));
const text = (r) => (r.message && (r.message.text || (r.message.arguments || []).join(" "))) || "";
const where = (r) => {
  const l = (r.locations || [])[0];
  const reg = l && l.physicalLocation && l.physicalLocation.region;
  return reg && reg.startLine ? `:${reg.startLine}` : "";
};
// A result without a level takes its rule's default level, and SARIF's
// default is "warning" (SARIF 2.1.0 section 3.27.10).
const levelOf = (run, r) => {
  if (r.level) return r.level;
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  const rule = (r.ruleIndex !== undefined && rules[r.ruleIndex]) || rules.find((d) => d.id === r.ruleId);
  return (rule && rule.defaultConfiguration && rule.defaultConfiguration.level) || "warning";
};
const leveled = (log.runs || []).flatMap((run) => (run.results || []).map((r) => ({ ...r, level: levelOf(run, r) })));
const errors = leveled.filter((r) => r.level === "error");
const warnings = leveled.filter((r) => r.level === "warning");
for (const r of [...errors, ...warnings]) {
  console.error(`${r.level}: ${file}${where(r)}: ${r.ruleId}: ${text(r)}`);
}
if (errors.length > 0) {
  console.error(`sarif: ${file}: ${errors.length} errors, ${warnings.length} warnings`);
  process.exit(1);
}
console.log(`sarif: ${file}: 0 errors, ${warnings.length} warnings`);
JS
		status=1
	fi
done
exit "$status"
