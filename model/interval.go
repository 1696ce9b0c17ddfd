package model

import "time"

// MaxPollShare is the share of one core that polling may take: when a poll
// costs more than this share of the interval, the interval stretches.
const MaxPollShare = 0.10

// CostAverage folds the CPU cost of the latest poll into a moving average
// that rises at once and falls by halves, so that one cheap unchanged poll
// does not undo the stretch a costly changed one called for.
func CostAverage(avg, latest time.Duration) time.Duration {
	if latest >= avg {
		return latest
	}
	return (avg + latest) / 2
}

// StretchInterval returns the interval to poll at: the one asked for, or
// longer when a poll's cost would otherwise exceed MaxPollShare of a core.
func StretchInterval(base, cost time.Duration) time.Duration {
	need := time.Duration(float64(cost) / MaxPollShare)
	if need <= base {
		return base
	}
	return need.Round(100 * time.Millisecond)
}
