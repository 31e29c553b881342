import { cpus, totalmem } from 'node:os';

/*
 * Small statistics for the benchmark: percentiles of latency samples and the spread
 * (min / median / max) of repeated runs, which is what docs/benchmarks.md prints.
 */

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Min, median and max of the values of several runs. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    min: Math.min(...values),
    median: percentile(values, 50),
    max: Math.max(...values),
    runs: values.length,
  };
}

/** Latency percentiles of one set of samples, in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
}

export function latency(samples: readonly number[]): Latency {
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
    samples: samples.length,
  };
}

/** Rounds for reports: 3 significant figures, integers as they are. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (Number.isInteger(value) && Math.abs(value) >= 100) return value;
  return Number(value.toPrecision(digits));
}

/** The machine a run measured: what makes its figures comparable or not. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-minute load average at the start: other work on the machine. */
  loadAverageAtStart: number;
}

export async function describeMachine(): Promise<MachineDescription> {
  const { loadavg, platform, release } = await import('node:os');
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverageAtStart: round(loadavg()[0] ?? 0),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** No request of the benchmark waits longer than API Gateway would (29 s) plus a margin. */
export const REQUEST_TIMEOUT_MS = 35_000;
