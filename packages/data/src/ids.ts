import { monotonicFactory, ulid } from 'ulid';

/**
 * ULIDs for case and event ids: unique without coordination and sortable by time,
 * so timelines and outbox items keep their order inside a partition. Monotonic so
 * that two events created in the same millisecond by one process still sort right.
 */
export const newId: () => string = monotonicFactory();

/** A ULID for a given moment, e.g. for back-dated demo data; `random` makes it reproducible. */
export function idAt(time: Date, random: () => number): string {
  return ulid(time.getTime(), random);
}
