import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startBenchCloud } from '../bench/bench-cloud.ts';
import { describeMachine, latency, percentile, round, sleep } from '../bench/bench-statistics.ts';
import { currentMemory } from '../bench/process-memory.ts';
import { verifyAggregates } from '../faults/support/aggregate-verification.ts';
import { planCases, runScript, type ScriptedCase } from '../faults/support/case-scripts.ts';
import { waitForQuiescence } from '../faults/support/fault-verification.ts';
import { ScriptedClient } from '../faults/support/scripted-client.ts';

/*
 * The load soak of issue 11 (`npm run soak`, a documented run, never CI): cases filed
 * at a fixed rate for a fixed time, each driven through its lifecycle by the fault
 * suite's scripts (filed, accepted, resolved, closed, returned, transferred; public
 * portal and call centre; SMS, e-mail or no messages), against the in-memory local
 * cloud with every consumer running as `npm start` runs them. The arrivals are an
 * open loop scheduled by the clock, so a slow answer does not slow the offered load.
 *
 * It reports the error rate (5xx and unanswered requests, and scripts that could not
 * finish), the p99 latency of each window and its drift from the first window to the
 * last, the resident memory of every process sampled through the run (growth is
 * judged by comparing windows: a leak shows as every window above the one before),
 * and, once every queue is empty, the analytics drift against a recomputation.
 * Figures go to test-results/soak-<time>.json and to the terminal as markdown.
 *
 *   npm run soak                                   # 30 minutes at 20 cases/s
 *   npm run soak -- --minutes 5 --rate 2           # a short look
 */

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '20' },
    window: { type: 'string', default: '5' },
    'sample-seconds': { type: 'string', default: '30' },
  },
});
const minutes = Number(args.minutes);
const rate = Number(args.rate);
const windowMs = Number(args.window) * 60_000;
const sampleMs = Number(args['sample-seconds']) * 1000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const quietLocalCloud = (line: string) => {
  // The gateway logs every request: keep the terminal for the soak's progress and for 5xx.
  if (!/\] (GET|POST|PUT|PATCH|DELETE|OPTIONS) \S+ [234]\d\d /.test(line)) log(line);
};

interface Answer {
  at: number;
  ms: number;
  status: number;
}

const machine = await describeMachine();
const bench = await startBenchCloud(quietLocalCloud, { sdkAccounting: false });
const answers: Answer[] = [];
const began = performance.now();
const client = new ScriptedClient(bench.endpoints, ({ status, ms }) =>
  answers.push({ at: performance.now() - began - ms, ms, status }),
);
const memory: { atS: number; processes: { name: string; rssMb: number }[] }[] = [];
const sampleMemory = () =>
  memory.push({
    atS: Math.round((performance.now() - began) / 1000),
    processes: currentMemory().map(({ name, rssMb }) => ({ name, rssMb })),
  });

const total = Math.round(minutes * 60 * rate);
const planned = planCases(total);
const running = new Set<Promise<void>>();
let finished = 0;
sampleMemory();
const sampler = setInterval(sampleMemory, sampleMs);
const progress = setInterval(() => {
  const last = answers.filter((a) => a.at > performance.now() - began - 60_000);
  log(
    `[soak] ${Math.round((performance.now() - began) / 1000)} s: ${finished}/${total} scripts done, ` +
      `${running.size} in flight, last minute p99 ${round(
        percentile(
          last.map((a) => a.ms),
          99,
        ),
      )} ms`,
  );
}, 30_000);

log(`[soak] ${total} cases at ${rate}/s for ${minutes} min on ${machine.cores} cores, Node ${machine.node}`);
for (const c of planned) {
  const due = (c.index / rate) * 1000;
  const wait = due - (performance.now() - began);
  if (wait > 0) await sleep(wait);
  const script = runScript({ client, stepDeadlineMs: 5 * 60_000 }, c).then(() => {
    finished++;
    running.delete(script);
  });
  running.add(script);
}
const filingEndedS = (performance.now() - began) / 1000;
await Promise.all(running);
clearInterval(progress);
const scriptsEndedS = (performance.now() - began) / 1000;

const sqs = new SQSClient({
  endpoint: bench.endpoints.sqsEndpoint,
  region: bench.endpoints.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const quiescenceMs = await waitForQuiescence(sqs, bench.endpoints, { timeoutMs: 30 * 60_000, log });
clearInterval(sampler);
sampleMemory();
const aggregates = await verifyAggregates();

/** Latency and errors of the requests sent in each window of the filing period. */
const windows: { from: number; requests: number; errors: number; p50: number; p95: number; p99: number }[] =
  [];
for (let from = 0; from < filingEndedS * 1000; from += windowMs) {
  const inWindow = answers.filter((a) => a.at >= from && a.at < from + windowMs);
  const { p50, p95, p99 } = latency(inWindow.map((a) => Math.round(a.ms)));
  windows.push({
    from: from / 60_000,
    requests: inWindow.length,
    errors: inWindow.filter((a) => a.status === 0 || a.status >= 500).length,
    p50,
    p95,
    p99,
  });
}
const first = windows[0];
const last = windows.at(-1);
const p99DriftPercent =
  first && last && first.p99 > 0 ? round(((last.p99 - first.p99) / first.p99) * 100) : 0;

/** Mean resident memory of each process per window: monotonic growth is every window above the previous. */
const names = [...new Set(memory.flatMap((m) => m.processes.map((p) => p.name)))];
const memoryByWindow = names.map((name) => {
  const means: number[] = [];
  for (let from = 0; from < filingEndedS; from += windowMs / 1000) {
    const values = memory
      .filter((m) => m.atS >= from && m.atS < from + windowMs / 1000)
      .flatMap((m) => m.processes.filter((p) => p.name === name).map((p) => p.rssMb));
    if (values.length) means.push(round(values.reduce((a, b) => a + b, 0) / values.length));
  }
  const monotonic = means.length > 2 && means.every((v, i) => i === 0 || v > (means[i - 1] as number));
  return { name, meanRssMbByWindow: means, monotonicGrowth: monotonic };
});

const errors = answers.filter((a) => a.status === 0 || a.status >= 500).length;
const failedScripts = planned.filter((c: ScriptedCase) => c.error);
const report = {
  startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
  machine,
  settings: { minutes, rate, windowMinutes: windowMs / 60_000, cases: total },
  timing: {
    filingEndedS: round(filingEndedS),
    scriptsEndedS: round(scriptsEndedS),
    quiescenceS: round(quiescenceMs / 1000),
  },
  requests: answers.length,
  errors,
  errorRate: answers.length ? errors / answers.length : 0,
  client: client.stats,
  failedScripts: failedScripts.length,
  failedScriptSamples: failedScripts.slice(0, 10).map((c) => `${c.script} #${c.index}: ${c.error}`),
  windows,
  p99DriftPercent,
  memoryByWindow,
  memorySamples: memory,
  aggregates,
};
mkdirSync('test-results', { recursive: true });
const file = `test-results/soak-${report.startedAt.replaceAll(':', '-').slice(0, 19)}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

log(`\n## Soak: ${total} cases at ${rate}/s for ${minutes} min (${file})\n`);
log(
  `- requests ${answers.length}, 5xx or unanswered ${errors} (${(report.errorRate * 100).toFixed(3)} %), scripts failed ${failedScripts.length}`,
);
log(
  `- filing ended at ${round(filingEndedS)} s, last script at ${round(scriptsEndedS)} s, queues empty ${round(quiescenceMs / 1000)} s later`,
);
log(`- p99 drift, first to last window: ${p99DriftPercent} %`);
log(`- analytics: ${aggregates.summary}\n`);
log('| Window (min) | Requests | Errors | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- | --- | --- |');
for (const w of windows)
  log(
    `| ${w.from}–${w.from + windowMs / 60_000} | ${w.requests} | ${w.errors} | ${w.p50} | ${w.p95} | ${w.p99} |`,
  );
log('\n| Process | Mean RSS per window (MB) | Monotonic growth |\n| --- | --- | --- |');
for (const m of memoryByWindow)
  log(`| ${m.name} | ${m.meanRssMbByWindow.join(' → ')} | ${m.monotonicGrowth ? 'yes' : 'no'} |`);

client.close();
sqs.destroy();
await bench.stop();
process.exit(0);
