import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { secrets } from '@citydesk/functions/manifest';
import { localCloudEnvironment } from '@citydesk/local-cloud';
import { startBenchCloud } from './bench-cloud.ts';
import {
  BENCH_BEGIN,
  BENCH_END,
  benchmarksMarkdown,
  COST_BEGIN,
  COST_END,
  costMarkdown,
  replaceBetweenMarkers,
} from './bench-report.ts';
import { describeMachine, type MachineDescription, round } from './bench-statistics.ts';
import { BUNDLE_TARGET_BYTES, type ColdStartResult, measureColdStarts } from './cold-start.ts';
import { type CostResult, measureCostPerCase, waitForQuiet } from './cost-per-case.ts';
import { type IntakeResult, measureIntake } from './intake-throughput.ts';
import { type FanOutResult, measureFanOut } from './outage-fan-out.ts';
import { type ProcessMemory, peakMemory } from './process-memory.ts';
import { measureReads, type ReadsResult } from './reads-at-scale.ts';
import { measureRoutingLatency, type RoutingResult } from './routing-latency.ts';

/*
 * `npm run bench` (issue 10): starts its own in-memory local cloud on free ports, runs
 * the eight measurements, writes bench/results/<date>.json and regenerates the marked
 * sections of docs/benchmarks.md and docs/cost.md. `--quick` runs every measurement with
 * small counts and one run (under a minute, for CI) and writes
 * bench/results/<date>-quick.json without touching the docs; `--out-dir` moves the
 * results file. A failing measurement is recorded as `{ error }` and the run goes on.
 * `--only fanOut --update bench/results/<date>.json` measures one section again and
 * rewrites that file and the docs with it, noting when it was measured.
 */

type Section<T> = T | { error: string };

export interface Target {
  name: string;
  value: string;
  target: string;
  met?: boolean;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  durationSeconds: number;
  machine: MachineDescription;
  settings: typeof FULL;
  sections: {
    intake: Section<IntakeResult>;
    routing: Section<RoutingResult>;
    cost: Section<CostResult>;
    fanOut: Section<FanOutResult>;
    reads: Section<ReadsResult>;
    memory: Section<ProcessMemory[]>;
    coldStart: Section<ColdStartResult>;
  };
  targets: Target[];
  /** Sections measured again later (`--only … --update`), each with its own date and machine load. */
  reruns?: { date: string; sections: string[]; machine: MachineDescription }[];
}

const FULL = {
  intake: {
    requestsPerRun: 300,
    concurrency: 8,
    warmupRequests: 30,
    runs: 3,
    offeredRatePerSecond: 50,
    offeredSeconds: 20,
  },
  routing: { cases: 100, ratePerSecond: 5, pollMs: 20 },
  cost: { cases: 10 },
  fanOut: { citizens: 10_000, timeoutSeconds: 300, writeConcurrency: 8 },
  reads: {
    small: 1_000,
    large: 100_000,
    readsPerRun: 40,
    runs: 3,
    writeConcurrency: 8,
    analyticsFeedLimit: 3_000,
  },
  coldStart: { runs: 3 } as { runs: number; entries?: string[] },
};

const QUICK: typeof FULL = {
  intake: {
    requestsPerRun: 12,
    concurrency: 4,
    warmupRequests: 2,
    runs: 1,
    offeredRatePerSecond: 50,
    offeredSeconds: 0.5,
  },
  routing: { cases: 3, ratePerSecond: 5, pollMs: 20 },
  cost: { cases: 1 },
  fanOut: { citizens: 20, timeoutSeconds: 30, writeConcurrency: 4 },
  reads: { small: 50, large: 500, readsPerRun: 5, runs: 1, writeConcurrency: 4, analyticsFeedLimit: 200 },
  coldStart: { runs: 1, entries: ['http/health.ts'] },
};

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'out-dir': { type: 'string', default: 'bench/results' },
    docs: { type: 'boolean' },
    /** Comma-separated sections to run (e.g. `intake,routing`): for profiling one of them. */
    only: { type: 'string' },
    /**
     * With `--only`: an earlier full run's results file, whose sections the ones run now
     * replace; the file and the docs are then rewritten from the merged results.
     */
    update: { type: 'string' },
  },
});
const quick = args.quick ?? false;
const settings = quick ? QUICK : FULL;
const only = args.only ? new Set(args.only.split(',').map((name) => name.trim())) : undefined;
const NOT_RUN = 'not run (--only)';
let drainBetweenSections = true;
const writeDocs = (args.docs ?? !quick) && (!only || Boolean(args.update));
const log = (line: string) => process.stdout.write(`${line}\n`);

async function section<T>(
  name: string,
  run: () => Promise<T>,
  options: { drainFirst?: boolean } = {},
): Promise<Section<T>> {
  const key = (name.split(':')[0] ?? name).trim();
  if (only && !only.has(key)) return { error: NOT_RUN };
  const started = performance.now();
  log(`${name}…`);
  try {
    // What the previous measurement left in the queues drains first (at most 10 minutes; 1 quick).
    if (drainBetweenSections && (options.drainFirst ?? true))
      await waitForQuiet(3000, quick ? 60_000 : 600_000);
    const result = await run();
    log(`  (${round((performance.now() - started) / 1000)} s)`);
    return result;
  } catch (error) {
    log(`  FAILED: ${(error as Error).stack ?? String(error)}`);
    return { error: (error as Error).message };
  }
}

const ok = <T extends object>(s: Section<T>): T | undefined => ('error' in s ? undefined : (s as T));

function targetsOf(s: BenchResults['sections']): Target[] {
  const targets: Target[] = [];
  const intake = ok(s.intake);
  if (intake) {
    targets.push(
      {
        name: 'Intake throughput / ceiling',
        value: String(round(intake.ratioToCeiling, 2)),
        target: '≥ 0.5',
        met: intake.ratioToCeiling >= 0.5,
      },
      {
        name: 'Intake p99 at 50 req/s',
        value: `${Math.round(intake.openLoop.overall.p99)} ms`,
        target: '< 100 ms',
        met: intake.openLoop.overall.p99 < 100,
      },
    );
  }
  const routing = ok(s.routing);
  if (routing)
    targets.push({
      name: 'Routing latency p95',
      value: `${Math.round(routing.latency.p95)} ms`,
      target: '< 1 s',
      met: routing.latency.p95 < 1000 && routing.timedOut === 0,
    });
  const reads = ok(s.reads);
  if (reads) {
    targets.push({
      name: `Queue page ${reads.queue.large.cases} / ${reads.queue.small.cases} cases`,
      value: String(round(reads.queue.ratio, 2)),
      target: '≤ 1.3',
      met: reads.queue.ratio <= 1.3,
    });
    targets.push(
      reads.dashboard.skipped
        ? { name: 'Dashboard 100k / 1k', value: 'skipped', target: '≤ 1.3' }
        : {
            name: `Dashboard ${reads.dashboard.large.cases} / ${reads.dashboard.small.cases} cases`,
            value: String(round(reads.dashboard.ratio, 2)),
            target: '≤ 1.3',
            met: reads.dashboard.ratio <= 1.3,
          },
    );
  }
  const fanOut = ok(s.fanOut);
  if (fanOut)
    targets.push({
      name: `Outage fan-out, ${fanOut.citizens} citizens`,
      value: `${round(fanOut.secondsToLastDelivery)} s, ${fanOut.duplicates} duplicates`,
      target: '< 60 s, no duplicates',
      met: !fanOut.timedOut && fanOut.secondsToLastDelivery < 60 && fanOut.duplicates === 0,
    });
  const cost = ok(s.cost);
  if (cost)
    for (const line of cost.perMillionCases)
      targets.push({
        name: `US$ per million cases, ${line.region}`,
        value: `$${line.total.toFixed(2)}`,
        target: '< $25',
        met: line.total < 25,
      });
  const cold = ok(s.coldStart);
  if (cold)
    targets.push({
      name: 'Function bundles over 500 KB',
      value: `${cold.overTarget} of ${cold.functions.length} (largest ${Math.round(cold.largestBytes / 1024)} KB)`,
      target: `every one < ${BUNDLE_TARGET_BYTES / 1024} KB`,
      met: cold.overTarget === 0,
    });
  return targets;
}

async function main() {
  const started = performance.now();
  const date = new Date().toISOString();
  const machine = await describeMachine();
  log(
    `CityDesk benchmark${quick ? ' (quick)' : ''}: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart}`,
  );
  const bench = await startBenchCloud(quick ? () => {} : log);
  let handlerEnv: Record<string, string> = {};
  const sections = {} as BenchResults['sections'];
  try {
    handlerEnv = localCloudEnvironment(
      bench.endpoints,
      Object.fromEntries(
        Object.values(secrets).flatMap((s) => {
          const value = process.env[s.valueEnvVar];
          return value ? [[s.valueEnvVar, value]] : [];
        }),
      ),
    );
    sections.intake = await section('intake: 1–2. ceiling and intake', () =>
      measureIntake(bench, settings.intake, log),
    );
    sections.routing = await section('routing: 3. routing latency', () =>
      measureRoutingLatency(bench, settings.routing, log),
    );
    sections.cost = await section('cost: 6. capacity per case', () =>
      measureCostPerCase(bench, settings.cost, log),
    );
    sections.fanOut = await section('fanOut: 5. outage fan-out', () =>
      measureFanOut(bench, settings.fanOut, log),
    );
    sections.reads = await section('reads: 4. queue and dashboard reads', () =>
      measureReads(bench, settings.reads, log),
    );
    // A reading of the peaks so far: nothing to wait for.
    sections.memory = await section('memory: 8. peak memory', async () => peakMemory(), {
      drainFirst: false,
    });
  } finally {
    await bench.stop();
  }
  // After the cloud is down: the fresh processes then compete with nothing of ours.
  drainBetweenSections = false;
  sections.coldStart = await section('coldStart: 7. cold start', () =>
    measureColdStarts(settings.coldStart, handlerEnv, log),
  );

  let results: BenchResults = {
    date,
    quick,
    durationSeconds: (performance.now() - started) / 1000,
    machine,
    settings,
    sections,
    targets: targetsOf(sections),
  };
  const outDir = resolve(args['out-dir'] ?? 'bench/results');
  mkdirSync(outDir, { recursive: true });
  let file = join(outDir, `${date.slice(0, 10)}${quick ? '-quick' : ''}.json`);
  if (only && args.update) {
    file = resolve(args.update);
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    const merged = { ...earlier.sections };
    for (const name of only) {
      const key = name as keyof BenchResults['sections'];
      if (sections[key]) Object.assign(merged, { [key]: sections[key] });
    }
    results = {
      ...earlier,
      sections: merged,
      targets: targetsOf(merged),
      reruns: [...(earlier.reruns ?? []), { date, sections: [...only], machine }],
    };
  }
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nresults: ${file}`);
  for (const t of results.targets)
    log(`  ${t.met === undefined ? '-' : t.met ? '✓' : '✗'} ${t.name}: ${t.value} (target ${t.target})`);
  if (writeDocs) {
    replaceBetweenMarkers(
      'docs/benchmarks.md',
      BENCH_BEGIN,
      BENCH_END,
      benchmarksMarkdown(results),
      '# Benchmarks\n',
    );
    replaceBetweenMarkers('docs/cost.md', COST_BEGIN, COST_END, costMarkdown(results), '# Cost per case\n');
    log('updated docs/benchmarks.md and docs/cost.md');
  }
  const failed = Object.entries(sections).filter(
    ([, s]) => s && typeof s === 'object' && 'error' in s && s.error !== NOT_RUN,
  );
  if (failed.length) {
    log(`failed sections: ${failed.map(([name]) => name).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
