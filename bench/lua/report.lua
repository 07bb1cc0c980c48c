-- Shared by every scenario script: one JSON line with the numbers bench.py reads.
-- wrk's latency is in microseconds.
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,' ..
      '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
      summary.requests, summary.duration,
      e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(99), latency.max))
end
