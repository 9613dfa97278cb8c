/** Request counters and latency sums per operation and status, rendered as Prometheus text. */
export class Metrics {
  private counts = new Map<string, { n: number; seconds: number }>();

  record(operation: string, status: number, seconds: number): void {
    const key = `${operation}\u0000${status}`;
    const c = this.counts.get(key);
    if (c) {
      c.n++;
      c.seconds += seconds;
    } else this.counts.set(key, { n: 1, seconds });
  }

  render(): string {
    const lines = [
      "# HELP vconf_requests_total Requests answered, by DingTalk operation and HTTP status.",
      "# TYPE vconf_requests_total counter",
    ];
    const sums = [
      "# HELP vconf_request_seconds_sum Time spent answering, by operation and status.",
      "# TYPE vconf_request_seconds_sum counter",
    ];
    for (const [key, c] of this.counts) {
      const [op, status] = key.split("\u0000");
      const labels = `{operation="${op}",status="${status}"}`;
      lines.push(`vconf_requests_total${labels} ${c.n}`);
      sums.push(`vconf_request_seconds_sum${labels} ${c.seconds.toFixed(6)}`);
    }
    const mem = process.memoryUsage();
    return [
      ...lines,
      ...sums,
      "# HELP vconf_process_resident_memory_bytes Resident set size.",
      "# TYPE vconf_process_resident_memory_bytes gauge",
      `vconf_process_resident_memory_bytes ${mem.rss}`,
      "",
    ].join("\n");
  }
}
