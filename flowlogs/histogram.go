package flowlogs

// histogram counts ACCEPT and REJECT records per interval of start time.
// Its size is bounded by the time span, and the interval widens (each
// width a multiple of the previous, so counts re-bucket exactly) when the
// span needs more than a few times MaxBuckets.
type histogram struct {
	width    int64
	explicit bool
	counts   map[int64]*[2]int64
	lastKey  int64
	last     *[2]int64
}

// autoWidths are the intervals an automatic histogram steps through,
// each dividing the next; past a day it doubles.
var autoWidths = []int64{60, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400}

func newHistogram(width int64) histogram {
	h := histogram{width: width, explicit: width > 0, counts: make(map[int64]*[2]int64)}
	if !h.explicit {
		h.width = autoWidths[0]
	}
	return h
}

func (h *histogram) wider(w int64) int64 {
	if !h.explicit {
		for _, a := range autoWidths {
			if a > w {
				return a
			}
		}
	}
	return w * 2
}

func (h *histogram) add(t int64, a Action) {
	i := 0
	switch a {
	case Accept:
	case Reject:
		i = 1
	case ActionNone:
		return
	}
	k := t - t%h.width
	if h.last == nil || k != h.lastKey {
		c := h.counts[k]
		if c == nil {
			if len(h.counts) >= 4*MaxBuckets {
				h.rebucket(h.wider(h.width))
				h.add(t, a)
				return
			}
			c = new([2]int64)
			h.counts[k] = c
		}
		h.lastKey, h.last = k, c
	}
	h.last[i]++
}

// rebucket moves every count to width w, a multiple of the current one.
func (h *histogram) rebucket(w int64) {
	if w == h.width {
		return
	}
	old := h.counts
	h.counts = make(map[int64]*[2]int64, len(old))
	h.width, h.last = w, nil
	for k, c := range old {
		nk := k - k%w
		if d := h.counts[nk]; d != nil {
			d[0] += c[0]
			d[1] += c[1]
		} else {
			h.counts[nk] = c
		}
	}
}

func (h *histogram) merge(o *histogram) {
	w := max(h.width, o.width)
	h.rebucket(w)
	o.rebucket(w)
	for k, c := range o.counts {
		if d := h.counts[k]; d != nil {
			d[0] += c[0]
			d[1] += c[1]
		} else {
			h.counts[k] = c
		}
	}
	h.last = nil
}

// buckets returns the interval and the dense histogram from the first to
// the last non-empty bucket, widened to at most MaxBuckets.
func (h *histogram) buckets() (int64, []Bucket) {
	if len(h.counts) == 0 {
		return h.width, nil
	}
	lo, hi := int64(-1), int64(0)
	for k := range h.counts {
		if lo < 0 || k < lo {
			lo = k
		}
		hi = max(hi, k)
	}
	w := h.width
	for (hi-hi%w-(lo-lo%w))/w >= MaxBuckets {
		w = h.wider(w)
	}
	h.rebucket(w)
	lo -= lo % w
	out := make([]Bucket, (hi-hi%w-lo)/w+1)
	for i := range out {
		out[i].Start = lo + int64(i)*w
	}
	for k, c := range h.counts {
		b := &out[(k-lo)/w]
		b.Accepted += c[0]
		b.Rejected += c[1]
	}
	return w, out
}
