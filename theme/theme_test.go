package theme

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestGlyphsTellStatesApartWithoutColour(t *testing.T) {
	th := New(Default, true, termenv.Ascii)
	if !th.Mono {
		t.Error("the ASCII profile must give the monochrome theme")
	}
	seen := map[rune]Status{}
	for _, s := range []Status{Completed, Failed, Canceled, Working, Submitted} {
		g := th.Glyph(s)
		if prev, dup := seen[g]; dup {
			t.Errorf("jobs: states %d and %d share glyph %q", prev, s, g)
		}
		seen[g] = s
	}
	files := map[rune]bool{th.Glyph(Completed): true, th.Glyph(Skipped): true, th.Glyph(Failed): true}
	if len(files) != 3 {
		t.Error("file states share a glyph")
	}
}

func TestAdaptivePalette(t *testing.T) {
	dark := New(Default, true, termenv.TrueColor)
	light := New(Default, false, termenv.TrueColor)
	for _, s := range []Status{Submitted, Working, Completed, Failed, Canceled, Skipped} {
		if dark.Colour(s) == light.Colour(s) {
			t.Errorf("status %d has one colour for both backgrounds", s)
		}
		if dark.Colour(s) == "" || light.Colour(s) == "" {
			t.Errorf("status %d has no colour", s)
		}
	}
	if dark.EmptyColour() == light.EmptyColour() {
		t.Error("empty bar colour does not adapt")
	}
}

func TestMonochromeRendersPlainText(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	th := New(Default, true, termenv.Ascii)
	for _, st := range []lipgloss.Style{th.Title, th.Selected, th.TabActive, th.Error, th.Stale, th.Status(Failed)} {
		if got := st.Render("x"); got != "x" {
			t.Errorf("mono style rendered %q", got)
		}
	}
}
