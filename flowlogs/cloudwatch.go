package flowlogs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// readCloudWatch reads a CloudWatch Logs export: the JSON `aws logs
// filter-log-events` and `aws logs get-log-events` print, or several of
// them one after the other (paged output). Each event's message is a
// record in format; there is no header. The export is streamed event by
// event, never decoded whole. Positions number the events.
func (p *pipeline) readCloudWatch(name string, seq uint64, r io.Reader, format *Format) error {
	dec := json.NewDecoder(r)
	events := 0
	for docs := 0; ; docs++ {
		t, err := dec.Token()
		if errors.Is(err, io.EOF) && docs > 0 {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cloudwatch logs export: %w", err)
		}
		if d, ok := t.(json.Delim); !ok || d != '{' {
			return fmt.Errorf("cloudwatch logs export: document %d is not an object", docs+1)
		}
		if events, err = p.cloudWatchDoc(dec, name, seq, events, format); err != nil {
			return fmt.Errorf("cloudwatch logs export: document %d: %w", docs+1, err)
		}
	}
}

// cloudWatchDoc reads the members of one export document after its '{',
// returning the number of events read so far.
func (p *pipeline) cloudWatchDoc(dec *json.Decoder, name string, seq uint64, events int, format *Format) (int, error) {
	sawEvents := false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return events, err
		}
		if t != "events" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return events, err
			}
			continue
		}
		sawEvents = true
		if events, err = p.cloudWatchEvents(dec, name, seq, events, format); err != nil {
			return events, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return events, err
	}
	if !sawEvents {
		return events, errors.New(`no "events" member: not the output of filter-log-events or get-log-events`)
	}
	return events, nil
}

type cloudWatchEvent struct {
	Message *string `json:"message"`
}

func (p *pipeline) cloudWatchEvents(dec *json.Decoder, name string, seq uint64, events int, format *Format) (int, error) {
	if t, err := dec.Token(); err != nil {
		return events, err
	} else if d, ok := t.(json.Delim); !ok || d != '[' {
		return events, errors.New(`"events" is not an array`)
	}
	for dec.More() {
		var ev cloudWatchEvent
		if err := dec.Decode(&ev); err != nil {
			return events, err
		}
		events++
		if ev.Message == nil {
			p.own.malformedLine(Position{File: name, Line: events}, ordOf(seq, events), nil, "event without a message")
			continue
		}
		// A message is one record; a newline inside it would split it.
		msg := bytes.ReplaceAll([]byte(*ev.Message), []byte{'\n'}, []byte{' '})
		if err := p.emit(name, seq, events, format, msg); err != nil {
			return events, err
		}
	}
	_, err := dec.Token()
	return events, err
}
