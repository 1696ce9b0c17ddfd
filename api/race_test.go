//go:build race

package api

// raceEnabled: under -race, sync.Pool drops items at random, so allocation
// counts are not the program's.
const raceEnabled = true
