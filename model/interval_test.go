package model

import (
	"testing"
	"time"
)

func TestStretchInterval(t *testing.T) {
	tests := []struct {
		base, cost, want time.Duration
	}{
		{2 * time.Second, 0, 2 * time.Second},
		{2 * time.Second, 150 * time.Millisecond, 2 * time.Second},
		{2 * time.Second, 200 * time.Millisecond, 2 * time.Second},
		{2 * time.Second, 260 * time.Millisecond, 2600 * time.Millisecond},
		{500 * time.Millisecond, 70 * time.Millisecond, 700 * time.Millisecond},
		{500 * time.Millisecond, 1234 * time.Millisecond, 12300 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := StretchInterval(tt.base, tt.cost); got != tt.want {
			t.Errorf("StretchInterval(%v, %v) = %v, want %v", tt.base, tt.cost, got, tt.want)
		}
	}
}

func TestCostAverage(t *testing.T) {
	tests := []struct{ avg, latest, want time.Duration }{
		{0, 80, 80}, {80, 100, 100}, {100, 2, 51}, {51, 1, 26}, {10, 10, 10},
	}
	for _, tt := range tests {
		if got := CostAverage(tt.avg, tt.latest); got != tt.want {
			t.Errorf("CostAverage(%v, %v) = %v, want %v", tt.avg, tt.latest, got, tt.want)
		}
	}
}
