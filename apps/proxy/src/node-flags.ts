/**
 * The V8 flags every proxy process runs with. The launchers (the start script, the proxy package's
 * start and bin, the tests' proxy processes, the bench) put them on the node command line, and cluster
 * workers inherit them through execArgv: setting them at runtime (v8.setFlagsFromString) was measured
 * to have no effect.
 *
 * --no-allocation-site-pretenuring: under load V8 learns to allocate the objects of a request directly
 * in old space, because many are still in flight at each scavenge; those old copies then keep young
 * objects alive until a full collection. Measured on the one-core bench (--trace-gc): scavenges of
 * 4-9 ms promoting ~2 MB each plus 7-18 ms mark-compacts became ~1 ms scavenges and no mark-compact,
 * which is the p99 tail, and about 8% less CPU per request.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ["--no-allocation-site-pretenuring"];

/** The flags this process was started without; main logs them so a custom launcher is noticed. */
export function missingProxyNodeFlags(execArgv: readonly string[]): string[] {
  return PROXY_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
