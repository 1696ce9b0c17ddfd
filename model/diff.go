package model

import (
	"hash/maphash"
	"sort"
	"time"
)

// Change is one entry seen to appear, move or disappear between two polls.
type Change struct {
	At    time.Time
	Key   string
	From  Bucket // -1 when the entry appeared
	To    Bucket // -1 when it disappeared
	Entry Entry  // as in the newer batch (the older one when it disappeared)
}

// Appeared and Disappeared mark a Change with no bucket on one side.
const (
	Appeared    Bucket = -1
	Disappeared Bucket = -1
)

// prevEntry is where an entry of the older batch is, and its position in
// the walk over all its entries.
type prevEntry struct {
	bucket Bucket
	index  int
	pos    int
}

// keyText is an entry's key without building Key's prefixed string in the
// common cases: upload ids and paths go in maps of their own.
func keyText(bk Bucket, e *Entry) (kind int, text string) {
	switch {
	case e.UploadID != nil && *e.UploadID != "":
		return 0, *e.UploadID
	case e.Path != nil && *e.Path != "":
		return 1, *e.Path
	}
	return 2, bk.Name() + "\x00" + e.Label
}

// Diff lists what changed from prev to next, by entry key: entries that
// appeared, moved to another bucket, or disappeared. It walks each batch
// once, in order, with one map from the older batch's key hashes to their
// entries (a hit is confirmed by comparing the keys themselves). Without
// file detail on either side there is nothing to compare, and a nil prev is
// the baseline: no changes.
func Diff(prev, next *Batch, at time.Time) []Change {
	if prev == nil || next == nil || !prev.HasFileDetail() || !next.HasFileDetail() {
		return nil
	}
	seed := maphash.MakeSeed()
	hash := func(kind int, text string, nth int) uint64 {
		h := maphash.String(seed, text)
		return h ^ (uint64(kind)+1)*0x9e3779b97f4a7c15 ^ uint64(nth)*0xc2b2ae3d27d4eb4f
	}
	n := 0
	for _, bk := range Buckets {
		n += len(prev.Result.Entries(bk))
	}
	olds := make([]prevEntry, 0, n)
	for _, bk := range Buckets {
		for i := range prev.Result.Entries(bk) {
			olds = append(olds, prevEntry{bucket: bk, index: i, pos: len(olds)})
		}
	}
	byHash := make(map[uint64]int32, len(olds))
	oldKey := func(q prevEntry) (int, string) { return keyText(q.bucket, &prev.Result.Entries(q.bucket)[q.index]) }
	for _, q := range olds {
		kind, k := oldKey(q)
		for nth := 0; ; nth++ {
			h := hash(kind, k, nth)
			if _, dup := byHash[h]; !dup {
				byHash[h] = int32(q.pos)
				break
			}
		}
	}
	// find returns the older entry with the nth occurrence of a key.
	find := func(kind int, k string, nth int) (prevEntry, bool) {
		p, ok := byHash[hash(kind, k, nth)]
		if !ok {
			return prevEntry{}, false
		}
		q := olds[p]
		qk, qt := oldKey(q)
		return q, qk == kind && qt == k
	}
	seen := make([]bool, len(olds))
	var out []Change
	var repeats map[string]int // keys met more than once in next
	for _, bk := range Buckets {
		es := next.Result.Entries(bk)
		for i := range es {
			e := &es[i]
			kind, k := keyText(bk, e)
			q, ok := find(kind, k, 0)
			if ok && seen[q.pos] { // a repeated key: the nth repeat pairs with the nth
				if repeats == nil {
					repeats = map[string]int{}
				}
				repeats[k]++
				q, ok = find(kind, k, repeats[k])
			}
			switch {
			case !ok:
				out = append(out, Change{At: at, Key: Key(bk, e), From: Appeared, To: bk, Entry: *e})
				continue
			case q.bucket != bk:
				out = append(out, Change{At: at, Key: Key(bk, e), From: q.bucket, To: bk, Entry: *e})
			}
			seen[q.pos] = true
		}
	}
	for _, q := range olds {
		if !seen[q.pos] {
			e := prev.Result.Entries(q.bucket)[q.index]
			out = append(out, Change{At: at, Key: Key(q.bucket, &e), From: q.bucket, To: Disappeared, Entry: e})
		}
	}
	sortChanges(out)
	return out
}

// sortChanges orders changes by destination bucket (disappearances last),
// then key, so that the feed does not depend on map order.
func sortChanges(cs []Change) {
	rank := func(b Bucket) int {
		if b < 0 {
			return len(Buckets)
		}
		return int(b)
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].To != cs[j].To {
			return rank(cs[i].To) < rank(cs[j].To)
		}
		return cs[i].Key < cs[j].Key
	})
}
