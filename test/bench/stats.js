// Small statistics and formatting helpers shared by the benchmarks.
'use strict';

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const median = (values) => percentile(values, 50);
const sum = (values) => values.reduce((total, value) => total + value, 0);
const mean = (values) => (values.length ? sum(values) / values.length : NaN);
const max = (values) => values.reduce((m, v) => Math.max(m, v), -Infinity);

/** Mean of the last 10% of values over the mean of the first 10%: does the cost grow with the answer? */
function lastOverFirstTenth(values) {
  const tenth = Math.max(1, Math.floor(values.length / 10));
  return mean(values.slice(-tenth)) / mean(values.slice(0, tenth));
}

function ms(value, digits) {
  if (!Number.isFinite(value)) return 'n/a';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return `${value.toFixed(d)} ms`;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function ratio(value) {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? `${value.toFixed(0)}x` : value >= 10 ? `${value.toFixed(1)}x` : `${value.toFixed(2)}x`;
}

module.exports = { percentile, median, sum, mean, max, lastOverFirstTenth, ms, kb, ratio };
