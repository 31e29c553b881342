import { readdirSync, readFileSync } from 'node:fs';

/*
 * Measurement 8: the peak resident set (VmHWM) of every local-cloud process: this
 * one (gateway, pollers and every handler run here) and its descendants (DynamoDB
 * Local's JVM, fauxqs, cognito-local), read from /proc at the end of the run.
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

export function peakMemory(): ProcessMemory[] {
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
  const result: ProcessMemory[] = [];
  for (const pid of tree) {
    const hwm = status(pid)?.VmHWM;
    if (!hwm) continue;
    const name = describe(pid, pid === process.pid);
    // npm/tsx wrappers and short-lived helpers are not part of the local cloud.
    if (pid !== process.pid && !/DynamoDB|fauxqs|cognito/.test(name)) continue;
    result.push({ pid, name, peakRssMb: Math.round(Number.parseInt(hwm, 10) / 1024) });
  }
  return result.sort((a, b) => b.peakRssMb - a.peakRssMb);
}
