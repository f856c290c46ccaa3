// Small statistics for same-run comparisons: medians, ranges and paired ratios. On a shared, noisy machine
// an absolute figure moves from run to run; the ratio of two runs made side by side holds much better.

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const range = (values) => {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? [NaN, NaN] : [Math.min(...finite), Math.max(...finite)];
};

// The baseline run of a bracketed pair: the geometric mean of the baseline runs just before and just after
// the contender, so that a drift in machine load during a round hits both sides alike.
const geomean = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? Math.sqrt(a * b) : Number.isFinite(a) ? a : b);

/** `{ median, min, max, n }` of a list of per-round values. */
const summarize = (values) => {
  const [min, max] = range(values);
  return { median: median(values), min, max, n: values.filter((v) => Number.isFinite(v)).length };
};

const pct = (ratio) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : 'n/a');
const times = (ratio) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a');

/** "47.9% (44-49%)" or "1.21x (1.10-1.40x)". */
const ratioText = (summary, style = 'pct') => {
  if (!summary || !Number.isFinite(summary.median)) return 'n/a';
  if (style === 'pct') {
    const lo = (summary.min * 100).toFixed(0);
    const hi = (summary.max * 100).toFixed(0);
    return summary.n > 1 ? `${pct(summary.median)} (${lo}-${hi}%)` : pct(summary.median);
  }
  return summary.n > 1 ? `${times(summary.median)} (${summary.min.toFixed(2)}-${summary.max.toFixed(2)}x)` : times(summary.median);
};

module.exports = { median, range, geomean, summarize, pct, times, ratioText };
