import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '@citydesk/data';
import { type AggregateCheck, verifyAggregates } from './aggregate-verification.ts';
import { planCases, runScript, type ScriptedCase } from './case-scripts.ts';
import { type FaultCounters, startFaultCloud } from './fault-cloud.ts';
import {
  injectPoisonMessages,
  type Verification,
  verifyRun,
  waitForQuiescence,
} from './fault-verification.ts';
import { type ClientStats, ScriptedClient } from './scripted-client.ts';

/*
 * One fault run: a persistent local cloud with its consumers in worker processes,
 * poison messages on every queue, then `cases` scripted cases at a steady
 * concurrency while workers are SIGKILLed, DynamoDB Local restarts and the
 * providers fail and time out; then quiescence, then the checks.
 */

export interface FaultRunOptions {
  name: string;
  cases: number;
  /** Cases in flight at once. */
  concurrency: number;
  workers: number;
  workerKills: number;
  dynamoDbRestarts: number;
  dynamoDbDowntimeMs: number;
  providerFailureRate: number;
  providerTimeoutRate: number;
  visibilityTimeoutSeconds: number;
  notificationRetryBaseSeconds: number;
  /**
   * Stop starting new cases after this long (the machine decides how many fit); the
   * checks then cover the cases that ran. Undefined: all `cases`.
   */
  fileForMs?: number;
  /** How long one step of a script may keep retrying. */
  stepDeadlineMs: number;
  quiescenceTimeoutMs: number;
}

export interface FaultRunReport {
  name: string;
  options: FaultRunOptions;
  /** Cases that ran (all of `options.cases` unless `fileForMs` cut the run short). */
  casesRun: number;
  startedAt: string;
  /** From the first filing to the last script's end. */
  scriptsMs: number;
  /** From the last script's end until every queue was empty. */
  quiescenceMs: number;
  /** The whole run, cloud start and checks included. */
  wallTimeMs: number;
  faults: FaultCounters;
  client: ClientStats;
  scriptErrors: string[];
  verification: Verification;
  aggregates: AggregateCheck;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Progress points (share of cases finished) at which each fault fires, spread over the run with jitter. */
function faultSchedule(kills: number, restarts: number): { at: number; fault: 'kill' | 'restart' }[] {
  const points: { at: number; fault: 'kill' | 'restart' }[] = [];
  const spread = (n: number, fault: 'kill' | 'restart', from: number, to: number) => {
    for (let i = 0; i < n; i++) {
      const slot = (to - from) / n;
      points.push({ at: from + slot * i + slot * (0.2 + 0.6 * Math.random()), fault });
    }
  };
  spread(kills, 'kill', 0.02, 0.9);
  spread(restarts, 'restart', 0.25, 0.8);
  return points.sort((a, b) => a.at - b.at);
}

export async function runFaultScenario(options: FaultRunOptions, logFile: string): Promise<FaultRunReport> {
  const began = Date.now();
  const faults = await startFaultCloud({
    workers: options.workers,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    providerFailureRate: options.providerFailureRate,
    providerTimeoutRate: options.providerTimeoutRate,
    notificationRetryBaseSeconds: options.notificationRetryBaseSeconds,
    logFile,
  });
  const { endpoints } = faults.cloud;
  const sqs = new SQSClient({
    endpoint: endpoints.sqsEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  const doc = createDocumentClient();
  const client = new ScriptedClient(endpoints);
  try {
    const poison = await injectPoisonMessages(sqs, endpoints);
    faults.log(
      `[faults] ${poison.size} poison message(s) on ${new Set([...poison.values()].map((p) => p.queue)).size} queue(s)`,
    );

    const planned = planCases(options.cases);
    const schedule = faultSchedule(options.workerKills, options.dynamoDbRestarts);
    let next = 0;
    let finished = 0;
    const scriptsBegan = Date.now();
    const timeUp = () => options.fileForMs !== undefined && Date.now() - scriptsBegan > options.fileForMs;
    const runners = Array.from({ length: options.concurrency }, async () => {
      for (;;) {
        if (timeUp()) return;
        const c: ScriptedCase | undefined = planned[next++];
        if (!c) return;
        await runScript({ client, stepDeadlineMs: options.stepDeadlineMs }, c);
        finished++;
      }
    });
    let scriptsDone = false;
    const chaos = (async () => {
      for (const point of schedule) {
        // Progress by cases, or by time when the run is time-boxed, whichever is further.
        const progress = () =>
          Math.max(
            finished / options.cases,
            options.fileForMs ? (Date.now() - scriptsBegan) / options.fileForMs : 0,
          );
        while (!scriptsDone && progress() < point.at) await sleep(250);
        if (scriptsDone) break;
        if (point.fault === 'kill') await faults.killWorker();
        else await faults.restartDynamoDb(options.dynamoDbDowntimeMs);
      }
    })();
    const progress = setInterval(
      () =>
        faults.log(`[faults] ${finished}/${options.cases} scripts done, ${client.stats.requests} requests`),
      15_000,
    );
    await Promise.all(runners);
    scriptsDone = true;
    const cases = planned.slice(0, Math.min(next, planned.length));
    clearInterval(progress);
    await chaos;
    const scriptsMs = Date.now() - scriptsBegan;

    const quiescenceMs = await waitForQuiescence(sqs, endpoints, {
      timeoutMs: options.quiescenceTimeoutMs,
      log: faults.log,
    });
    const verification = await verifyRun({ cases, poison, endpoints, sqs, doc });
    const aggregates = await verifyAggregates();
    const report: FaultRunReport = {
      name: options.name,
      options,
      casesRun: cases.length,
      startedAt: new Date(began).toISOString(),
      scriptsMs,
      quiescenceMs,
      wallTimeMs: Date.now() - began,
      faults: faults.counters,
      client: client.stats,
      scriptErrors: cases.flatMap((c) =>
        c.error ? [`#${c.index} ${c.script} ${c.caseId ?? '-'}: ${c.error}`] : [],
      ),
      verification,
      aggregates,
    };
    const reportFile = logFile.replace(/\.log$/, '.json');
    await mkdir(dirname(reportFile), { recursive: true });
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    client.close();
    sqs.destroy();
    doc.destroy();
    await faults.stop();
  }
}

/** The report's headline figures, for the test output and docs/reliability.md. */
export function summarise(report: FaultRunReport): string {
  const v = report.verification;
  const f = report.faults;
  return [
    `${report.name}: ${report.casesRun} of ${report.options.cases} planned cases ran, ${v.casesFiled} filed, ${v.caseItems} stored (${v.missingCases.length} lost, ${v.unexpectedCases.length} extra, ${v.keysWithSeveralCases.length} keys with two cases), ${v.wrongStates.length} in a wrong state, ${report.scriptErrors.length} script errors`,
    `faults: ${f.workerKills} worker SIGKILLs, ${f.dynamoDbRestarts} DynamoDB restarts, provider failures ${f.providerFaults.failure}, timeouts ${f.providerFaults['timeout-sent'] + f.providerFaults['timeout-not-sent']} (${f.providerFaults['timeout-sent']} had reached the provider)`,
    `client: ${report.client.requests} requests, ${report.client.retries} retries, ${report.client.serverErrors} 5xx, ${report.client.noAnswer} without answer`,
    `notifications: ${v.notifications.required} required, ${v.notifications.deliveredOnce} delivered once, ${v.notifications.duplicated.length} duplicated, ${v.notifications.deadLettered} in the DLQ, ${v.notifications.lost.length} lost`,
    `dead letters: ${v.deadLetters.total} (${v.deadLetters.poison}/${v.deadLetters.poisonInjected} poison), ${v.deadLetters.unexplained.length} without a reason; ${JSON.stringify(v.deadLetters.byQueue)}`,
    `aggregates: ${report.aggregates.summary}`,
    `time: scripts ${(report.scriptsMs / 1000).toFixed(0)} s, quiescence ${(report.quiescenceMs / 1000).toFixed(0)} s, wall ${(report.wallTimeMs / 1000).toFixed(0)} s`,
  ].join('\n');
}
