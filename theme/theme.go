// Package theme holds vfbatch's palette and the styles built from it. A
// Theme is built once, after the terminal's background has been detected,
// and passed to the UI; nothing here is a mutable global.
package theme

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Palette is the set of colours, each with a light- and a dark-background
// value.
type Palette struct {
	Text, Muted, Faint, Accent, Warning, Error, SelectedBg lipgloss.AdaptiveColor
	// Status colours, for jobs and files alike.
	Submitted, Working, Completed, Failed, Canceled, Skipped, Processing lipgloss.AdaptiveColor
}

// Default is the palette: GitHub-like hues that keep their contrast on light
// and dark backgrounds.
var Default = Palette{
	Text:       lipgloss.AdaptiveColor{Light: "#1f2328", Dark: "#e6edf3"},
	Muted:      lipgloss.AdaptiveColor{Light: "#59636e", Dark: "#9198a1"},
	Faint:      lipgloss.AdaptiveColor{Light: "#d1d9e0", Dark: "#3d444d"},
	Accent:     lipgloss.AdaptiveColor{Light: "#0550ae", Dark: "#79c0ff"},
	Warning:    lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#d29922"},
	Error:      lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#ff7b72"},
	SelectedBg: lipgloss.AdaptiveColor{Light: "#ddf4ff", Dark: "#1c2b3a"},
	Submitted:  lipgloss.AdaptiveColor{Light: "#818b98", Dark: "#656c76"},
	Working:    lipgloss.AdaptiveColor{Light: "#0969da", Dark: "#4493f8"},
	Completed:  lipgloss.AdaptiveColor{Light: "#1a7f37", Dark: "#3fb950"},
	Failed:     lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#f85149"},
	Canceled:   lipgloss.AdaptiveColor{Light: "#8250df", Dark: "#a371f7"},
	Skipped:    lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#d29922"},
	Processing: lipgloss.AdaptiveColor{Light: "#0969da", Dark: "#4493f8"},
}

// Status names the colours of job and file states.
type Status int

// The states a bar or a legend can show.
const (
	Submitted Status = iota
	Working
	Completed
	Failed
	Canceled
	Skipped
	Processing
	Remaining
	numStatus
)

// Theme is every style the UI draws with.
type Theme struct {
	// Mono is true without colours: the UI then marks state with glyphs alone.
	Mono bool
	// Profile is the colour profile the styles were built for.
	Profile termenv.Profile
	// Dark records the detected background.
	Dark bool

	Title, Text, Muted, Faint, Accent, Key lipgloss.Style
	Warning, Error, Stale, Paused          lipgloss.Style
	TabActive, TabInactive, TabCount       lipgloss.Style
	Selected, SelectedMark                 lipgloss.Style
	Label, Field                           lipgloss.Style

	status [numStatus]lipgloss.Style
	colour [numStatus]string
	empty  string
}

// glyphs fill stacked bars and legends, so that states stay apart without colour.
var glyphs = [numStatus]rune{
	Submitted: '·', Working: '▒', Completed: '█', Failed: '▓', Canceled: '╳',
	Skipped: '░', Processing: '▒', Remaining: '·',
}

// New builds the theme for a background (dark or light) and a colour
// profile; termenv.Ascii gives the monochrome theme.
func New(p Palette, dark bool, profile termenv.Profile) Theme {
	pick := func(c lipgloss.AdaptiveColor) lipgloss.Color {
		if dark {
			return lipgloss.Color(c.Dark)
		}
		return lipgloss.Color(c.Light)
	}
	st := func(c lipgloss.AdaptiveColor) lipgloss.Style { return lipgloss.NewStyle().Foreground(pick(c)) }
	t := Theme{Mono: profile == termenv.Ascii, Profile: profile, Dark: dark}
	t.Title = st(p.Accent).Bold(true)
	t.Text = st(p.Text)
	t.Muted = st(p.Muted)
	t.Faint = st(p.Faint)
	t.Accent = st(p.Accent)
	t.Key = st(p.Accent).Bold(true)
	t.Warning = st(p.Warning)
	t.Error = st(p.Error).Bold(true)
	t.Stale = st(p.Warning).Bold(true)
	t.Paused = st(p.Warning).Bold(true).Reverse(true)
	t.TabActive = st(p.Accent).Bold(true).Underline(true)
	t.TabInactive = st(p.Muted)
	t.TabCount = st(p.Muted)
	t.Selected = lipgloss.NewStyle().Background(pick(p.SelectedBg)).Foreground(pick(p.Text)).Bold(true)
	t.SelectedMark = st(p.Accent).Bold(true)
	t.Label = st(p.Muted)
	t.Field = st(p.Text)
	for s, c := range map[Status]lipgloss.AdaptiveColor{Submitted: p.Submitted, Working: p.Working,
		Completed: p.Completed, Failed: p.Failed, Canceled: p.Canceled, Skipped: p.Skipped,
		Processing: p.Processing, Remaining: p.Submitted} {
		t.status[s] = st(c)
		t.colour[s] = string(pick(c))
	}
	t.empty = string(pick(p.Faint))
	return t
}

// Status is the style of a state.
func (t Theme) Status(s Status) lipgloss.Style { return t.status[s] }

// Colour is a state's colour as a hex string, for bubbles/progress.
func (t Theme) Colour(s Status) string { return t.colour[s] }

// EmptyColour is the colour of a bar's unfilled part.
func (t Theme) EmptyColour() string { return t.empty }

// Glyph is the character that fills a state's part of a stacked bar.
func (t Theme) Glyph(s Status) rune { return glyphs[s] }
