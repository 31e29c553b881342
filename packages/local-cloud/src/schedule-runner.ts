import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { LambdaHandler } from './handler-loader.ts';
import { createLambdaContext, type LocalFunction, withTimeout } from './lambda-context.ts';

/*
 * EventBridge Scheduler, locally: `rate(...)` schedules of the manifest invoke
 * their handler with the scheduled-event payload. cron() schedules are refused
 * loudly rather than silently never firing. A run still in progress when the next
 * is due is skipped, so a slow sweep cannot pile up on itself.
 */

const units: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Interval in ms of an EventBridge `rate(N unit)` expression; throws on anything else. */
export function parseRateExpression(expression: string): number {
  const match = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(expression.trim());
  const value = Number(match?.[1]);
  const unit = match?.[2] ?? '';
  if (!match || !(unit in units) || !Number.isInteger(value) || value <= 0) {
    throw new Error(
      `unsupported schedule expression "${expression}": the local scheduler runs rate(N minute|minutes|hour|hours|day|days)`,
    );
  }
  // EventBridge insists on the singular for 1 and the plural otherwise.
  if ((value === 1) !== !unit.endsWith('s')) {
    throw new Error(
      `invalid schedule expression "${expression}": use "${value === 1 ? unit.replace(/s$/, '') : `${unit}s`}"`,
    );
  }
  return value * (units[unit] as number);
}

/** A schedule to run: identity and timeout of its function, the expression and the handler. */
export interface LocalSchedule extends LocalFunction {
  expression: string;
  handler: LambdaHandler<ScheduledEvent, unknown>;
}

/** A running scheduler. */
export interface Scheduler {
  stop(): Promise<void>;
}

/** The payload EventBridge delivers to a scheduled Lambda target. */
export function scheduledEvent(scheduleId: string, region: string, now = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/citydesk-local-${scheduleId}`],
    detail: {},
  };
}

/** Starts firing each schedule at its rate (first run one interval after start). */
export function startScheduler(
  schedules: readonly LocalSchedule[],
  options: { region: string; log: (line: string) => void },
): Scheduler {
  const running = new Set<Promise<void>>();
  const busy = new Set<string>();
  const timers = schedules.map((schedule) => {
    const interval = parseRateExpression(schedule.expression);
    return setInterval(() => {
      if (busy.has(schedule.id)) {
        options.log(`${schedule.id}: previous run still in progress, skipping this one`);
        return;
      }
      busy.add(schedule.id);
      const run = withTimeout(schedule, () =>
        schedule.handler(
          scheduledEvent(schedule.id, options.region),
          createLambdaContext(schedule, options.region),
        ),
      )
        .then(
          () => undefined,
          (error: unknown) =>
            options.log(`${schedule.id}: scheduled run failed: ${(error as Error).message}`),
        )
        .finally(() => {
          busy.delete(schedule.id);
          running.delete(run);
        });
      running.add(run);
    }, interval);
  });
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
