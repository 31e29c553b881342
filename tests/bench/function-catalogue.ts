import {
  httpFunctions,
  queueConsumers,
  schedules,
  streamConsumers,
  userPool,
} from '@citydesk/functions/manifest';

/*
 * Every Lambda function the manifest declares, once per handler module, with its
 * memory size: what infra deploys (one function per HTTP module, consumer, stream
 * consumer, schedule and user-pool trigger), read from the same manifest.
 */

export interface DeployedFunction {
  id: string;
  entry: string;
  memoryMb: number;
}

function triggersOf(value: unknown, found: DeployedFunction[] = []): DeployedFunction[] {
  if (Array.isArray(value)) for (const v of value) triggersOf(v, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.entry === 'string') {
      found.push({
        id: String(record.id ?? record.entry),
        entry: record.entry,
        memoryMb: Number(record.memoryMb ?? 128),
      });
    } else for (const v of Object.values(record)) triggersOf(v, found);
  }
  return found;
}

export function deployedFunctions(): DeployedFunction[] {
  const all: DeployedFunction[] = [
    ...httpFunctions.map((f) => ({ id: f.id, entry: f.entry, memoryMb: f.memoryMb })),
    ...[...queueConsumers, ...streamConsumers, ...schedules].map((f) => ({
      id: f.id,
      entry: f.entry,
      memoryMb: f.memoryMb,
    })),
    ...triggersOf(userPool),
  ];
  const byEntry = new Map<string, DeployedFunction>();
  for (const f of all) if (!byEntry.has(f.entry)) byEntry.set(f.entry, f);
  return [...byEntry.values()];
}

/** Memory of the function that runs `entry` (the largest, if several share it). */
export function memoryOf(entry: string): number {
  const sizes = deployedFunctions()
    .filter((f) => f.entry === entry)
    .map((f) => f.memoryMb);
  return sizes.length ? Math.max(...sizes) : 128;
}
