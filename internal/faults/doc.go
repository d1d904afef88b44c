// Package faults holds the tests that kill Troika mid-work — during an
// import, under write load, during a backup — or cut its database
// connections, and prove what survives: the database's integrity, the audit
// chain, all-or-nothing imports, and every write acknowledged to a client.
// The server runs as a child process (the test binary re-executed), so a
// SIGKILL is a real one.
package faults
