// Command kefu is the customer-service operations platform: one binary that
// serves the agent console and API and carries its own admin tools.
package main

import (
	"os"

	"github.com/kefuhq/kefu/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
