/** Nearest-rank percentile of a list of samples (milliseconds). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: number[]) {
  return {
    n: samples.length,
    median: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
}
