package ui

// memo keeps the last rendering of a component with the inputs it was made
// from. Components hold it by pointer, so the copies Bubble Tea makes of the
// model share it; a hit needs every input equal, so sharing is safe.
type memo[K comparable] struct {
	key K
	val string
	ok  bool
}

func newMemo[K comparable]() *memo[K] { return &memo[K]{} }

// get returns the rendering for key, making it with render on a miss.
func (m *memo[K]) get(key K, render func() string) string {
	if m == nil {
		return render()
	}
	if !m.ok || m.key != key {
		m.key, m.val, m.ok = key, render(), true
	}
	return m.val
}
