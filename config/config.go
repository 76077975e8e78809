package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/finding"
)

// DefaultFile is the config file name looked up in the working directory.
const DefaultFile = ".vpclint.yaml"

// MaxSize is the largest config file Load reads: reading stops there
// (a device or a FIFO named as the config ends too), and a larger file
// is an error rather than a config cut short.
const MaxSize = 16 << 20

// SchemaJSON is the published JSON Schema of .vpclint.yaml.
//
//go:embed schema/vpclint-config.v1.json
var SchemaJSON []byte

// Config is a parsed .vpclint.yaml.
type Config struct {
	// FailOn is the exit-code threshold (info..critical, or never); ""
	// means the CLI default. ParseFailOn reads it.
	FailOn string `yaml:"fail_on"`
	Rules  Rules  `yaml:"rules"`
	// Waivers mute findings for a reason, until an expiry date.
	Waivers []finding.Waiver `yaml:"waivers"`
	// Intents and Personas are read and validated now; the reachability
	// engine evaluates them.
	Intents  []Intent  `yaml:"intents"`
	Personas []Persona `yaml:"personas"`

	// File is where the config was read from.
	File string `yaml:"-"`
}

// Rules selects rules and adds custom rule directories.
type Rules struct {
	Enable  []string `yaml:"enable"`
	Disable []string `yaml:"disable"`
	// Dirs are extra Rego rule directories, relative to the config file.
	Dirs []string `yaml:"dirs"`
}

// Selector picks endpoints of an intent.
type Selector struct {
	Instance string            `yaml:"instance,omitempty"`
	ENI      string            `yaml:"eni,omitempty"`
	SG       string            `yaml:"sg,omitempty"`
	Subnet   string            `yaml:"subnet,omitempty"`
	VPC      string            `yaml:"vpc,omitempty"`
	CIDR     string            `yaml:"cidr,omitempty"`
	Tag      map[string]string `yaml:"tag,omitempty"`
	Internet bool              `yaml:"internet,omitempty"`
}

// Intent says what must or must not be reachable.
type Intent struct {
	Name    string   `yaml:"name"`
	From    Selector `yaml:"from"`
	To      Selector `yaml:"to"`
	Traffic string   `yaml:"traffic"`
	Expect  string   `yaml:"expect"`
	// Ephemeral is the clients' source port range, e.g. 1024-65535.
	Ephemeral string `yaml:"ephemeral"`
	// Line is where the intent starts in the config file.
	Line int `yaml:"-"`
}

// Persona is a caller the access-lockout checks evaluate policies for.
type Persona struct {
	Name      string              `yaml:"name"`
	Principal string              `yaml:"principal"`
	Context   map[string][]string `yaml:"context,omitempty"`
}

// Load reads a config file. A missing file named explicitly is an error;
// Find handles the optional default file.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("read config %s: larger than %d MiB; a config holds settings, waivers and intents, so this is not one", path, MaxSize>>20)
	}
	return Parse(data, path)
}

// Find loads ./.vpclint.yaml when it exists, else returns an empty config.
func Find() (*Config, error) {
	if _, err := os.Stat(DefaultFile); errors.Is(err, os.ErrNotExist) {
		return &Config{}, nil
	}
	return Load(DefaultFile)
}

// Parse decodes and validates config YAML; name is used in errors.
func Parse(data []byte, name string) (*Config, error) {
	c := &Config{File: name}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := oneDocument(dec, name); err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return c, nil
	}
	lines := itemLines(root.Content[0])
	if c.FailOn != "" {
		if _, _, err := ParseFailOn(c.FailOn); err != nil {
			return nil, fmt.Errorf("%s:%d: fail_on: %w", name, lines["fail_on"], err)
		}
	}
	for i := range c.Waivers {
		w := &c.Waivers[i]
		line := lines[fmt.Sprintf("waivers/%d", i)]
		w.Source = fmt.Sprintf("%s:%d", name, line)
		if err := w.Validate(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	for i := range c.Intents {
		in := &c.Intents[i]
		in.Line = lines[fmt.Sprintf("intents/%d", i)]
		if err := in.validate(); err != nil {
			return nil, fmt.Errorf("%s:%d: intent %q: %w", name, in.Line, in.Name, err)
		}
	}
	for i, p := range c.Personas {
		if p.Name == "" || p.Principal == "" {
			return nil, fmt.Errorf("%s:%d: persona needs a name and a principal (an ARN, \"anonymous\" or a service principal)", name, lines[fmt.Sprintf("personas/%d", i)])
		}
	}
	return c, nil
}

// oneDocument rejects a second, non-empty YAML document: the decoder
// reads only the first, so waivers after a `---` would vanish.
func oneDocument(dec *yaml.Decoder, name string) error {
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("%s: %w", name, err)
		case len(next.Content) > 0 && next.Content[0].Tag != "!!null":
			return fmt.Errorf("%s:%d: a second YAML document; a config is one document, and the rest would be ignored", name, next.Line)
		}
	}
}

func (in *Intent) validate() error {
	if strings.TrimSpace(in.Name) == "" {
		return errors.New("needs a name")
	}
	if in.Expect != "allow" && in.Expect != "deny" {
		return fmt.Errorf("expect %q (want allow or deny)", in.Expect)
	}
	if in.From.empty() || in.To.empty() {
		return errors.New("from and to must each select something (instance, eni, sg, subnet, vpc, cidr, tag or internet)")
	}
	if in.Traffic == "" {
		in.Traffic = "all"
	}
	return nil
}

func (s Selector) empty() bool {
	return s.Instance == "" && s.ENI == "" && s.SG == "" && s.Subnet == "" && s.VPC == "" && s.CIDR == "" && len(s.Tag) == 0 && !s.Internet
}

// itemLines maps top-level keys and "list/index" items to their lines.
func itemLines(doc *yaml.Node) map[string]int {
	out := map[string]int{}
	if doc.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		out[k.Value] = k.Line
		if v.Kind == yaml.SequenceNode {
			for j, item := range v.Content {
				out[fmt.Sprintf("%s/%d", k.Value, j)] = item.Line
			}
		}
	}
	return out
}

// ParseFailOn reads an exit-code threshold as both fail_on and the CLI's
// --fail-on take it: a severity name, or "never" (findings never fail the
// run), case-insensitively. For never the severity is Critical, the
// threshold nothing passes once never is honoured.
func ParseFailOn(name string) (sev finding.Severity, never bool, err error) {
	if strings.EqualFold(name, "never") {
		return finding.Critical, true, nil
	}
	if sev, err = finding.ParseSeverity(name); err != nil {
		return 0, false, fmt.Errorf("%w or never", err)
	}
	return sev, false, nil
}
