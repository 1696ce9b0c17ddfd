package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the dashboard. It also feeds the help.
type KeyMap struct {
	NextTab, PrevTab              key.Binding
	Tab1, Tab2, Tab3, Tab4, Tab5  key.Binding
	Tab6, Summary                 key.Binding
	Up, Down, PageUp, PageDown    key.Binding
	Top, Bottom                   key.Binding
	Detail, Close, Filter         key.Binding
	Refresh, Pause                key.Binding
	CopyPath, CopyMessage, Export key.Binding
	Slower, Faster                key.Binding
	Help, Quit                    key.Binding
}

// DefaultKeyMap is the dashboard's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextTab:     key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→/l", "next tab")),
		PrevTab:     key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←/h", "previous tab")),
		Tab1:        key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "processing")),
		Tab2:        key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "completed")),
		Tab3:        key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "skipped")),
		Tab4:        key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "failed")),
		Tab5:        key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "remaining")),
		Tab6:        key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "activity")),
		Summary:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "reasons summary")),
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f", " "), key.WithHelp("pgdn", "page down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
		Detail:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "detail")),
		Close:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close / clear filter")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyPath:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy path")),
		CopyMessage: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy message")),
		Export:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV")),
		Slower:      key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "poll less often")),
		Faster:      key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "poll more often")),
		Pause:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the one-line hint at the bottom, with terser names than the
// full help so that it says more on a narrow pane.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{terse(k.NextTab, "tab", "switch"), terse(k.Down, "↑↓", "move"), k.Detail,
		k.Filter, k.Refresh, k.Help, k.Quit}
}

func terse(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// FullHelp is shown by ?.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextTab, k.PrevTab, k.Tab1, k.Tab2, k.Tab3, k.Tab4, k.Tab5, k.Tab6},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Detail, k.Close, k.Filter, k.Summary, k.CopyPath, k.CopyMessage, k.Export},
		{k.Refresh, k.Pause, k.Slower, k.Faster, k.Help, k.Quit},
	}
}
