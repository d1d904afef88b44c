// Command troika is the whole of Troika (三驾马车) in one binary.
package main

import (
	"os"

	"troika/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
