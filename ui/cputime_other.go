//go:build !unix

package ui

import "time"

// cpuTime is not measured here: polls are never stretched.
func cpuTime() time.Duration { return 0 }
