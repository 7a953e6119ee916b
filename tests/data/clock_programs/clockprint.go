// Prints, every 20 ms, the wall clock (ns since the epoch) and the time since
// it started by Go's monotonic clock (ns), as Go programs such as etcd read
// them: through the vDSO, not libc. For the clock fault integration tests.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	start := time.Now()
	out, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	for {
		now := time.Now()
		fmt.Fprintf(out, "%d %d\n", now.UnixNano(), now.Sub(start).Nanoseconds())
		time.Sleep(20 * time.Millisecond)
	}
}
