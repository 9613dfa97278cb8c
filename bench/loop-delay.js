// Preloaded into the server under test (`node --import ./bench/loop-delay.js …`): the event loop's delay
// (perf_hooks.monitorEventLoopDelay, 1 ms resolution). On SIGUSR2 it writes {"maxMs","p99Ms"} since the
// previous signal to $BENCH_LOOP_DELAY_FILE and starts over, so the runner reads it per row.
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.BENCH_LOOP_DELAY_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  process.on("SIGUSR2", () => {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    writeFileSync(file, JSON.stringify({ maxMs: ms(h.max), p99Ms: ms(h.percentile(99)) }));
    h.reset();
  });
}
