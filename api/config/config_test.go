package config

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

const secret = "vf_0123456789abcdef"

func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func home() (string, error) { return "/home/op", nil }

func input(env func(string) string, files fstest.MapFS, args ...string) Input {
	if files == nil {
		files = fstest.MapFS{}
	}
	return Input{Args: args, Getenv: env, HomeDir: home, FS: files}
}

func tokenFile(body string, mode fs.FileMode) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(body), Mode: mode}
}

func TestTokenSources(t *testing.T) {
	cli := fstest.MapFS{"home/op/.config/veryfront/token": tokenFile(secret+"\n", 0o600)}
	tests := []struct {
		name, source, warn string
		in                 Input
	}{
		{"environment wins", EnvToken, "", input(envOf(EnvToken, secret), cli, "p", "b")},
		{"token file flag", "--token-file /tmp/tok", "", func() Input {
			in := input(envOf(), fstest.MapFS{"tmp/tok": tokenFile(secret, 0o600)}, "p", "b")
			in.TokenFile = "/tmp/tok"
			return in
		}()},
		{"CLI token file", "the Veryfront CLI token file /home/op/.config/veryfront/token", "", input(envOf(), cli, "p", "b")},
		{"XDG_CONFIG_HOME", "the Veryfront CLI token file /xdg/veryfront/token", "",
			input(envOf(EnvXDGConfig, "/xdg"), fstest.MapFS{"xdg/veryfront/token": tokenFile(secret, 0o600)}, "p", "b")},
		{"readable by others warns", "the Veryfront CLI token file /home/op/.config/veryfront/token", "chmod 600",
			input(envOf(), fstest.MapFS{"home/op/.config/veryfront/token": tokenFile(secret, 0o644)}, "p", "b")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Resolve(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if s.Token != secret || s.TokenSource != tt.source {
				t.Errorf("token from %q", s.TokenSource)
			}
			if (tt.warn == "") != (len(s.Warnings) == 0) || (tt.warn != "" && !strings.Contains(s.Warnings[0], tt.warn)) {
				t.Errorf("warnings %q", s.Warnings)
			}
			for _, w := range s.Warnings {
				if strings.Contains(w, secret) {
					t.Error("a warning carries the token")
				}
			}
		})
	}
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		name, want string
		in         Input
	}{
		{"no token anywhere", "no API token: set VERYFRONT_API_TOKEN", input(envOf(), nil, "p", "b")},
		{"missing token file flag", "cannot read token file /nope: no such file", func() Input {
			in := input(envOf(), nil, "p", "b")
			in.TokenFile = "/nope"
			return in
		}()},
		{"empty token file", "is empty", input(envOf(), fstest.MapFS{"home/op/.config/veryfront/token": tokenFile("  \n", 0o600)}, "p", "b")},
		{"two lines", "more than one line", input(envOf(), fstest.MapFS{"home/op/.config/veryfront/token": tokenFile(secret+"\n"+secret, 0o600)}, "p", "b")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one clean line: %q", err)
			}
		})
	}
}

func TestProject(t *testing.T) {
	env := envOf(EnvToken, secret, EnvProjectSlug, "slug", EnvProjectID)
	s, err := Resolve(input(env, nil, "b"))
	if err != nil || s.Project != "slug" || s.BatchID != "b" {
		t.Errorf("slug: %+v %v", s, err)
	}
	s, _ = Resolve(input(envOf(EnvToken, secret, EnvProjectSlug, "slug", EnvProjectID, "id"), nil, "b"))
	if s.Project != "id" {
		t.Errorf("VERYFRONT_PROJECT_ID should win, got %q", s.Project)
	}
	s, _ = Resolve(input(envOf(EnvToken, secret, EnvProjectID, "id"), nil, "given", "b"))
	if s.Project != "given" {
		t.Errorf("positional project should win, got %q", s.Project)
	}
	for _, args := range [][]string{{}, {"b"}, {"a", "b", "c"}, {" ", "b"}} {
		if _, err := Resolve(input(envOf(EnvToken, secret), nil, args...)); err == nil {
			t.Errorf("args %q accepted", args)
		}
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct {
		name, flag string
		env        func(string) string
		insecure   bool
		want, err  string
	}{
		{"default", "", envOf(), false, DefaultBaseURL, ""},
		{"flag wins", "https://a.example/", envOf(EnvAPIURL, "https://b.example"), false, "https://a.example", ""},
		{"API_URL over BASE_URL", "", envOf(EnvAPIURL, "https://b.example", EnvAPIBaseURL, "https://c.example"), false, "https://b.example", ""},
		{"BASE_URL", "", envOf(EnvAPIBaseURL, "https://c.example/v1"), false, "https://c.example/v1", ""},
		{"http loopback", "http://127.0.0.1:8080", envOf(), false, "http://127.0.0.1:8080", ""},
		{"http localhost", "http://localhost:8080", envOf(), false, "http://localhost:8080", ""},
		{"http ipv6 loopback", "http://[::1]:8080", envOf(), false, "http://[::1]:8080", ""},
		{"http remote refused", "http://api.example", envOf(), false, "", "refusing to send the token over plain http"},
		{"http remote insecure", "http://api.example", envOf(), true, "http://api.example", ""},
		{"malformed", "::nope", envOf(), false, "", "is not an http(s) URL"},
		{"no scheme", "api.example", envOf(), false, "", "is not an http(s) URL"},
		{"ftp", "ftp://api.example", envOf(), false, "", "is not an http(s) URL"},
		{"credentials", "https://u:p@api.example", envOf(), false, "", "credentials in the URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BaseURL(tt.flag, tt.env, tt.insecure)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestHomeError(t *testing.T) {
	in := input(envOf(), nil, "p", "b")
	in.HomeDir = func() (string, error) { return "", errors.New("$HOME is not defined") }
	if _, err := Resolve(in); err == nil || !strings.Contains(err.Error(), "home directory") {
		t.Errorf("err = %v", err)
	}
}
