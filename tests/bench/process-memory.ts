import { readdirSync, readFileSync } from 'node:fs';

/*
 * Measurement 8: the peak resident set (VmHWM) of every local-cloud process: this
 * one (gateway, pollers and every handler run here) and its descendants (DynamoDB
 * Local's JVM, fauxqs, cognito-local), read from /proc at the end of the run. The
 * soak (tests/soak) samples the current resident set (VmRSS) the same way.
 */

export interface ProcessMemory {
  pid: number;
  name: string;
  peakRssMb: number;
}

function status(pid: number): Record<string, string> | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Object.fromEntries(
      text.split('\n').map((l) => [l.split(':')[0] ?? '', l.slice(l.indexOf(':') + 1).trim()]),
    );
  } catch {
    return undefined;
  }
}

function describe(pid: number, self: boolean): string {
  if (self) return 'bench process: gateway, pollers and every handler';
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const text = cmdline.join(' ');
  if (text.includes('DynamoDBLocal')) return 'DynamoDB Local (java)';
  if (text.includes('fauxqs')) return 'fauxqs (SQS + S3)';
  if (text.includes('cognito-local')) return 'cognito-local';
  return (cmdline[0] ?? 'process').split('/').at(-1) ?? 'process';
}

/** This process and its local-cloud descendants (DynamoDB Local, fauxqs, cognito-local), named. */
function cloudProcesses(): { pid: number; name: string }[] {
  if (process.platform !== 'linux') return [];
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const ppid = Number(status(pid)?.PPid);
    if (ppid) parents.set(pid, ppid);
  }
  const tree = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const result: { pid: number; name: string }[] = [];
  for (const pid of tree) {
    const name = describe(pid, pid === process.pid);
    // npm/tsx wrappers and short-lived helpers are not part of the local cloud.
    if (pid !== process.pid && !/DynamoDB|fauxqs|cognito/.test(name)) continue;
    result.push({ pid, name });
  }
  return result;
}

/** A /proc/<pid>/status memory field (`VmHWM`, `VmRSS`) of every local-cloud process, in MB. */
function memoryOf(field: 'VmHWM' | 'VmRSS'): { pid: number; name: string; mb: number }[] {
  const result: { pid: number; name: string; mb: number }[] = [];
  for (const { pid, name } of cloudProcesses()) {
    const kb = status(pid)?.[field];
    if (kb) result.push({ pid, name, mb: Math.round(Number.parseInt(kb, 10) / 1024) });
  }
  return result.sort((a, b) => b.mb - a.mb);
}

/** Peak resident set (VmHWM) of every local-cloud process. */
export const peakMemory = (): ProcessMemory[] =>
  memoryOf('VmHWM').map(({ pid, name, mb }) => ({ pid, name, peakRssMb: mb }));

/** Current resident set (VmRSS) of every local-cloud process. */
export const currentMemory = (): { pid: number; name: string; rssMb: number }[] =>
  memoryOf('VmRSS').map(({ pid, name, mb }) => ({ pid, name, rssMb: mb }));
