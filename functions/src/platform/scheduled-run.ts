import type { ScheduledEvent } from 'aws-lambda';

/**
 * The time a scheduled job runs "at": the schedule's own time when it sends one (so a
 * retried invocation decides as the original would have), never later than the real
 * clock.
 */
export function scheduledRunTime(event: Partial<ScheduledEvent> | undefined): Date {
  const real = new Date();
  const scheduled = event?.time ? new Date(event.time) : undefined;
  return scheduled && !Number.isNaN(scheduled.getTime()) && scheduled < real ? scheduled : real;
}
