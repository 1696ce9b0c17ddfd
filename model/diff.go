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

// keyText is an entry's key without building Key's prefixed string in the
// common cases: upload ids and paths go in maps of their own.
func keyText(bk Bucket, e *Entry) (kind int, text string) {
	switch {
	case e.UploadID.String != "":
		return 0, e.UploadID.String
	case e.Path.String != "":
		return 1, e.Path.String
	}
	return 2, bk.Name() + "\x00" + e.Label
}

// sameKey reports whether two entries of one bucket have the same key,
// without building either.
func sameKey(a, b *Entry) bool {
	ua, ub := a.UploadID.String, b.UploadID.String
	if ua != "" || ub != "" {
		return ua == ub
	}
	pa, pb := a.Path.String, b.Path.String
	if pa != "" || pb != "" {
		return pa == pb
	}
	return a.Label == b.Label
}

// The alignment walk looks this far ahead for the run to resume, and gives
// up on a bucket (leaving the rest to the map) after this many failed looks,
// so that a shuffled list costs no more than the map would.
const (
	lookahead   = 4096
	maxFailures = 4
)

// ahead returns the index of the first entry of es[from:from+lookahead]
// with e's key, or -1.
func ahead(es []Entry, from int, e *Entry) int {
	for k := from; k < len(es) && k < from+lookahead; k++ {
		if sameKey(&es[k], e) {
			return k
		}
	}
	return -1
}

type ref struct {
	bucket Bucket
	index  int
}

// align walks a bucket's old and new entries side by side. Most entries
// stay where they were, or shift as others leave and arrive around them;
// those pair up here at the cost of a string comparison. What does not pair
// up is returned, to be matched by key across buckets.
func align(bk Bucket, old, cur []Entry, olds, curs []ref) ([]ref, []ref) {
	i, j, failures := 0, 0, 0
	for i < len(old) && j < len(cur) && failures < maxFailures {
		if sameKey(&old[i], &cur[j]) {
			i, j = i+1, j+1
			continue
		}
		if k := ahead(old, i+1, &cur[j]); k >= 0 { // old[i:k] left
			for ; i < k; i++ {
				olds = append(olds, ref{bk, i})
			}
			continue
		}
		if k := ahead(cur, j+1, &old[i]); k >= 0 { // cur[j:k] arrived
			for ; j < k; j++ {
				curs = append(curs, ref{bk, j})
			}
			continue
		}
		failures++
		olds, curs = append(olds, ref{bk, i}), append(curs, ref{bk, j})
		i, j = i+1, j+1
	}
	for ; i < len(old); i++ {
		olds = append(olds, ref{bk, i})
	}
	for ; j < len(cur); j++ {
		curs = append(curs, ref{bk, j})
	}
	return olds, curs
}

// Diff lists what changed from prev to next, by entry key: entries that
// appeared, moved to another bucket, or disappeared. It is linear: each
// bucket's old and new lists are first walked side by side, and only what
// does not line up is matched by key, through one map. Without file detail
// on either side there is nothing to compare, and a nil prev is the
// baseline: no changes.
func Diff(prev, next *Batch, at time.Time) []Change {
	if prev == nil || next == nil || !prev.HasFileDetail() || !next.HasFileDetail() {
		return nil
	}
	var olds, curs []ref
	for _, bk := range Buckets {
		olds, curs = align(bk, prev.Result.Entries(bk), next.Result.Entries(bk), olds, curs)
	}
	oldEntry := func(r ref) *Entry { return &prev.Result.Entries(r.bucket)[r.index] }
	curEntry := func(r ref) *Entry { return &next.Result.Entries(r.bucket)[r.index] }
	// What did not line up is matched through one map from key hashes to
	// the old entry (a hit is confirmed against the key itself); the nth
	// repeat of a key is filed under its hash mixed with n.
	seed := maphash.MakeSeed()
	hash := func(kind int, text string, nth int) uint64 {
		return maphash.String(seed, text) ^ (uint64(kind)+1)*0x9e3779b97f4a7c15 ^ uint64(nth)*0xc2b2ae3d27d4eb4f
	}
	byHash := make(map[uint64]int32, len(olds))
	for p, r := range olds {
		kind, text := keyText(r.bucket, oldEntry(r))
		for nth := 0; ; nth++ {
			h := hash(kind, text, nth)
			if _, dup := byHash[h]; !dup {
				byHash[h] = int32(p)
				break
			}
		}
	}
	find := func(kind int, text string, nth int) (int, bool) {
		p, ok := byHash[hash(kind, text, nth)]
		if !ok {
			return 0, false
		}
		k, t := keyText(olds[p].bucket, oldEntry(olds[p]))
		return int(p), k == kind && t == text
	}
	matched := make([]bool, len(olds))
	var out []Change
	for _, r := range curs {
		e := curEntry(r)
		kind, text := keyText(r.bucket, e)
		p, ok := find(kind, text, 0)
		for nth := 1; ok && matched[p]; nth++ { // a repeated key: take the next old one
			p, ok = find(kind, text, nth)
		}
		switch {
		case !ok:
			out = append(out, Change{At: at, Key: Key(r.bucket, e), From: Appeared, To: r.bucket, Entry: *e})
			continue
		case olds[p].bucket != r.bucket:
			out = append(out, Change{At: at, Key: Key(r.bucket, e), From: olds[p].bucket, To: r.bucket, Entry: *e})
		}
		matched[p] = true
	}
	for p, r := range olds {
		if !matched[p] {
			e := oldEntry(r)
			out = append(out, Change{At: at, Key: Key(r.bucket, e), From: r.bucket, To: Disappeared, Entry: *e})
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
