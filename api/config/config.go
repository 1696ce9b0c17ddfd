// Package config resolves where and as whom vfbatch talks to the Veryfront
// API: the base URL, the token and the project, from flags, the environment
// variables Veryfront's own CLI and SDK read, and the CLI's token file.
// The token is only ever returned in Settings.Token; no error or warning
// carries it.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// DefaultBaseURL is Veryfront's public API.
const DefaultBaseURL = "https://api.veryfront.com"

// The environment variables read, as Veryfront's CLI and SDK name them.
const (
	EnvToken       = "VERYFRONT_API_TOKEN"
	EnvAPIURL      = "VERYFRONT_API_URL"
	EnvAPIBaseURL  = "VERYFRONT_API_BASE_URL"
	EnvProjectID   = "VERYFRONT_PROJECT_ID"
	EnvProjectSlug = "VERYFRONT_PROJECT_SLUG"
	EnvXDGConfig   = "XDG_CONFIG_HOME"
)

// Input is what the command line gave, plus access to the environment and
// the file system so that tests need neither.
type Input struct {
	APIURL    string   // --api-url
	TokenFile string   // --token-file
	Insecure  bool     // --insecure
	Args      []string // positional: [PROJECT] BATCH_ID
	Getenv    func(string) string
	HomeDir   func() (string, error)
	FS        fs.StatFS // rooted at "/"; os.DirFS("/") in production
}

// Settings are the resolved connection settings.
type Settings struct {
	BaseURL     string
	Token       string
	TokenSource string // where the token came from, for error messages
	Project     string
	BatchID     string
	Warnings    []string
}

// Resolve works out the settings. Its errors are single lines meant for the
// operator; none contains the token.
func Resolve(in Input) (Settings, error) {
	var s Settings
	var err error
	if s.Project, s.BatchID, err = positional(in); err != nil {
		return s, err
	}
	if s.BaseURL, err = BaseURL(in.APIURL, in.Getenv, in.Insecure); err != nil {
		return s, err
	}
	s.Token, s.TokenSource, s.Warnings, err = token(in)
	return s, err
}

func positional(in Input) (project, batch string, err error) {
	switch len(in.Args) {
	case 2:
		project, batch = in.Args[0], in.Args[1]
	case 1:
		batch = in.Args[0]
		project = firstSet(in.Getenv, EnvProjectID, EnvProjectSlug)
		if project == "" {
			return "", "", fmt.Errorf("missing PROJECT: give PROJECT BATCH_ID, or set %s", EnvProjectID)
		}
	case 0:
		return "", "", errors.New("missing arguments: give PROJECT BATCH_ID (or --demo)")
	default:
		return "", "", fmt.Errorf("too many arguments: want PROJECT BATCH_ID, got %d", len(in.Args))
	}
	if strings.TrimSpace(project) == "" || strings.TrimSpace(batch) == "" {
		return "", "", errors.New("PROJECT and BATCH_ID must not be empty")
	}
	return strings.TrimSpace(project), strings.TrimSpace(batch), nil
}

func firstSet(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// BaseURL picks the API base URL: the flag, else VERYFRONT_API_URL, else
// VERYFRONT_API_BASE_URL, else the public API. It refuses a malformed URL,
// and plain http to anything but loopback unless insecure is set.
func BaseURL(flag string, getenv func(string) string, insecure bool) (string, error) {
	raw := strings.TrimSpace(flag)
	from := "--api-url"
	if raw == "" {
		raw, from = firstSet(getenv, EnvAPIURL), EnvAPIURL
	}
	if raw == "" {
		raw, from = firstSet(getenv, EnvAPIBaseURL), EnvAPIBaseURL
	}
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%s: %q is not an http(s) URL like https://api.veryfront.com", from, raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("%s: credentials in the URL are not allowed; use %s", from, EnvToken)
	}
	if u.Scheme == "http" && !insecure && !IsLoopback(u.Hostname()) {
		return "", fmt.Errorf("%s: refusing to send the token over plain http to %s; use https, or --insecure", from, u.Host)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// IsLoopback reports whether host names this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CLITokenPath is where `veryfront login` keeps the token.
func CLITokenPath(getenv func(string) string, home func() (string, error)) (string, error) {
	if x := getenv(EnvXDGConfig); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "veryfront", "token"), nil
	}
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("no home directory for the token file: %w", err)
	}
	return filepath.Join(h, ".config", "veryfront", "token"), nil
}

func token(in Input) (tok, source string, warnings []string, err error) {
	if t := strings.TrimSpace(in.Getenv(EnvToken)); t != "" {
		return t, EnvToken, nil, nil
	}
	path, flagged := in.TokenFile, true
	if path == "" {
		flagged = false
		if path, err = CLITokenPath(in.Getenv, in.HomeDir); err != nil {
			return "", "", nil, err
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", nil, fmt.Errorf("token file %s: %w", path, err)
	}
	source = "--token-file " + path
	if !flagged {
		source = "the Veryfront CLI token file " + path
	}
	rel := strings.TrimPrefix(filepath.ToSlash(abs), "/")
	info, err := in.FS.Stat(rel)
	if errors.Is(err, fs.ErrNotExist) && !flagged {
		return "", "", nil, fmt.Errorf("no API token: set %s, pass --token-file, or run `veryfront login`", EnvToken)
	}
	if err != nil {
		return "", "", nil, fmt.Errorf("cannot read token file %s: %s", path, describe(err))
	}
	if info.Mode().Perm()&0o044 != 0 {
		warnings = append(warnings, fmt.Sprintf("token file %s is readable by other users; run: chmod 600 %s", path, path))
	}
	data, err := fs.ReadFile(in.FS, rel)
	if err != nil {
		return "", "", nil, fmt.Errorf("cannot read token file %s: %s", path, describe(err))
	}
	tok = strings.TrimSpace(string(data))
	if tok == "" {
		return "", "", nil, fmt.Errorf("token file %s is empty; set %s or run `veryfront login`", path, EnvToken)
	}
	if strings.ContainsAny(tok, "\r\n\t ") {
		return "", "", nil, fmt.Errorf("token file %s holds more than one line; it should hold only the token", path)
	}
	return tok, source, warnings, nil
}

func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// OSInput fills Input's environment and file-system access from the process.
func OSInput(in Input) Input {
	in.Getenv, in.HomeDir = os.Getenv, os.UserHomeDir
	in.FS = os.DirFS("/").(fs.StatFS)
	return in
}
