package api

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"vfbatch/model"
)

// errBail sends a body to encoding/json: the fast decoder gives up on
// anything it is not certain to read exactly as encoding/json would (escaped
// or case-folded keys, numbers that are not plain integers, type mismatches,
// malformed JSON). encoding/json then decides, and words the error.
var errBail = errors.New("fast decoder: fall back")

// fastDecode reads a batch body in one pass, without reflection. Strings that
// need no unescaping are slices of the body, so a 100,000-file batch costs a
// handful of allocations in all. Strings are sanitised as they
// are read: plain ASCII is safe as it is.
//
// sizes, when known from the previous batch, are the buckets' lengths: the
// entry slices are made that large at once instead of growing by doubling,
// which would copy (and have the collector re-scan) every entry many times.
func fastDecode(body string, sizes [5]int) (model.Batch, error) {
	d := &decoder{s: body, sizes: sizes}
	var b model.Batch
	if err := d.batch(&b); err != nil {
		return model.Batch{}, err
	}
	d.ws()
	if d.i != len(d.s) {
		return model.Batch{}, errBail
	}
	return b, nil
}

type decoder struct {
	s     string // the body; unescaped strings are slices of it
	i     int
	sizes [5]int // expected length of each bucket, by model.Bucket
}

func (d *decoder) ws() {
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return // one comparison for any byte but a space or a control
		}
		d.i++
	}
}

// peek returns the next non-space byte without consuming it, 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.i >= len(d.s) {
		return 0
	}
	return d.s[d.i]
}

func (d *decoder) consume(c byte) bool {
	if d.peek() != c {
		return false
	}
	d.i++
	return true
}

// null consumes a null literal when one is next.
func (d *decoder) null() bool {
	if d.peek() == 'n' && strings.HasPrefix(d.s[d.i:], "null") {
		d.i += 4
		return true
	}
	return false
}

// object calls field for each key of an object (or nothing for null). A key
// that matches a known one only when case is folded, or that carries an
// escape, bails: encoding/json would match it. quick, when not nil,
// recognises a key spelled as usual with its colon at the start of rest
// and returns it with the bytes it took, or 0 to leave it to the general
// way.
func (d *decoder) object(known []string, quick func(rest string) (string, int), field func(key string) error) error {
	if d.null() {
		return nil
	}
	if !d.consume('{') {
		return errBail
	}
	if d.consume('}') {
		return nil
	}
	for {
		if d.peek() != '"' {
			return errBail
		}
		var key string
		n := 0
		if quick != nil {
			key, n = quick(d.s[d.i:])
			d.i += n
		}
		if n == 0 {
			var ok bool
			if key, ok = d.key(); !ok || !d.consume(':') {
				return errBail
			}
		}
		if err := d.dispatch(key, known, field); err != nil {
			return err
		}
		if d.consume(',') {
			continue
		}
		if d.consume('}') {
			return nil
		}
		return errBail
	}
}

// errUnknown is what a field function returns for a key it does not know.
var errUnknown = errors.New("unknown key")

// dispatch hands key to field; a key field does not know is skipped, unless
// it matches a known one when case is folded, which encoding/json would
// take for that one.
func (d *decoder) dispatch(key string, known []string, field func(string) error) error {
	if field != nil {
		if err := field(key); err != errUnknown {
			return err
		}
	}
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return errBail
		}
	}
	return d.skip()
}

// key reads an object key at d.i: short, so a byte at a time. Anything but
// printable ASCII bails (escapes could spell a known key).
func (d *decoder) key() (string, bool) {
	start := d.i + 1
	for j := start; j < len(d.s); j++ {
		c := d.s[j]
		if byteClass[c] == printable {
			continue
		}
		if c == '"' {
			d.i = j + 1
			return d.s[start:j], true
		}
		return "", false
	}
	return "", false
}

// rawString reads a string token at d.i. plain reports that it holds only
// printable ASCII and no escapes, so that it is already terminal-safe.
func (d *decoder) rawString() (s string, plain bool, err error) {
	start := d.i + 1
	plain = true
	data := d.s
	j := start
	for {
		// eight bytes at a time while none needs a look
		for j+8 <= len(data) {
			x := load64(data, j)
			m := hasZero(x^(ones*'"')) | hasZero(x^(ones*'\\')) | hasLess(x, 0x20)
			if plain {
				m |= x&highs | hasZero(x^(ones*0x7f))
			}
			if m != 0 {
				break
			}
			j += 8
		}
		if j >= len(data) {
			return "", false, errBail
		}
		for end := min(j+8, len(data)); j < end; j++ {
			c := data[j]
			if byteClass[c] == printable {
				continue
			}
			switch {
			case c == '"':
				d.i = j + 1
				return data[start:j], plain, nil
			case c == '\\':
				return d.escapedString(start)
			case c < 0x20:
				return "", false, errBail // raw control characters are invalid JSON
			}
			plain = false // DEL or a byte of a multi-byte character
		}
	}
}

// Bytes in a word, eight at a time.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load64 reads s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasZero is non-zero when a byte of x is zero.
func hasZero(x uint64) uint64 { return (x - ones) & ^x & highs }

// hasLess is non-zero when a byte of x is below n (n <= 128).
func hasLess(x uint64, n uint64) uint64 { return (x - ones*n) & ^x & highs }

// byteClass sorts the bytes of a string token: printable ASCII needs no
// further look.
var byteClass = func() (t [256]uint8) {
	for c := range t {
		if c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' {
			t[c] = printable
		}
	}
	return t
}()

const printable = 1

// escapedString hands a string with escapes to encoding/json, which is rare
// enough not to matter and keeps its handling of surrogates exact.
func (d *decoder) escapedString(start int) (string, bool, error) {
	j := start
	for ; j < len(d.s); j++ {
		if d.s[j] == '\\' {
			j++
			continue
		}
		if d.s[j] == '"' {
			break
		}
	}
	if j >= len(d.s) {
		return "", false, errBail
	}
	var s string
	if err := json.Unmarshal([]byte(d.s[start-1:j+1]), &s); err != nil {
		return "", false, errBail
	}
	d.i = j + 1
	return s, false, nil
}

// str reads a string or null into a safe string.
func (d *decoder) str() (string, error) {
	if d.null() {
		return "", nil
	}
	if d.peek() != '"' {
		return "", errBail
	}
	s, plain, err := d.rawString()
	if err != nil {
		return "", err
	}
	if !plain {
		s = model.Safe(s)
	}
	return s, nil
}

// nullString reads a string or null.
func (d *decoder) nullString() (model.NullString, error) {
	if d.null() {
		return model.NullString{}, nil
	}
	s, err := d.str()
	return model.Some(s), err
}

// integer reads a plain integer or null. Fractions, exponents and values
// out of range bail: encoding/json reports them as type errors.
func (d *decoder) integer() (int, error) {
	if d.null() {
		return 0, nil
	}
	start := d.i
	j := start
	if j < len(d.s) && d.s[j] == '-' {
		j++
	}
	digits := j
	for j < len(d.s) && d.s[j] >= '0' && d.s[j] <= '9' {
		j++
	}
	if j == digits || (d.s[digits] == '0' && j-digits > 1) {
		return 0, errBail
	}
	if j < len(d.s) && (d.s[j] == '.' || d.s[j] == 'e' || d.s[j] == 'E') {
		return 0, errBail
	}
	n, err := strconv.Atoi(d.s[start:j])
	if err != nil {
		return 0, errBail
	}
	d.i = j
	return n, nil
}

// skip passes over one value of any type, checking its syntax.
func (d *decoder) skip() error {
	switch c := d.peek(); {
	case c == '"':
		_, _, err := d.rawString()
		return err
	case c == '{':
		return d.object(nil, nil, nil)
	case c == '[':
		return d.array(d.skip)
	case c == 't' && strings.HasPrefix(d.s[d.i:], "true"):
		d.i += 4
	case c == 'f' && strings.HasPrefix(d.s[d.i:], "false"):
		d.i += 5
	case c == 'n' && d.null():
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		return errBail
	}
	return nil
}

// number passes over a JSON number, checking its grammar.
func (d *decoder) number() error {
	j := d.i
	digits := func() int {
		n := 0
		for j < len(d.s) && d.s[j] >= '0' && d.s[j] <= '9' {
			j++
			n++
		}
		return n
	}
	if d.s[j] == '-' {
		j++
	}
	start := j
	if n := digits(); n == 0 || (n > 1 && d.s[start] == '0') {
		return errBail
	}
	if j < len(d.s) && d.s[j] == '.' {
		j++
		if digits() == 0 {
			return errBail
		}
	}
	if j < len(d.s) && (d.s[j] == 'e' || d.s[j] == 'E') {
		j++
		if j < len(d.s) && (d.s[j] == '+' || d.s[j] == '-') {
			j++
		}
		if digits() == 0 {
			return errBail
		}
	}
	d.i = j
	return nil
}

// array calls elem for each element of an array (nothing for null).
func (d *decoder) array(elem func() error) error {
	if d.null() {
		return nil
	}
	if !d.consume('[') {
		return errBail
	}
	if d.consume(']') {
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		if d.consume(',') {
			continue
		}
		if d.consume(']') {
			return nil
		}
		return errBail
	}
}
