import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { once } from 'node:events';

/*
 * Emulators run as child processes. They must never outlive us: a stray
 * DynamoDB Local keeps port 8000 and the .data/ddb files locked, and the next
 * `npm start` fails. Three layers guarantee that:
 *  1. stop() terminates them in order and waits for their exit;
 *  2. a synchronous `exit` hook SIGKILLs whatever is left (normal exit, process.exit,
 *     uncaught exceptions);
 *  3. a tiny detached guardian process holds a pipe to us and SIGKILLs the children
 *     when that pipe closes, which also covers SIGINT/SIGTERM without a handler and
 *     even SIGKILL of the parent, where no JavaScript of ours runs.
 * Children are spawned detached (own process group) so a terminal Ctrl-C reaches
 * only us; we then shut them down in order instead of racing their own SIGINT.
 */

const guardianSource = `
const pids = new Set();
let buffer = '';
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, nl).trim();
    buffer = buffer.slice(nl + 1);
    const [op, pid] = line.split(' ');
    if (op === '+') pids.add(Number(pid));
    if (op === '-') pids.delete(Number(pid));
  }
});
const reap = () => {
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  process.exit(0);
};
process.stdin.on('end', reap);
process.stdin.on('error', reap);
`;

/** A supervised child process with the tail of its output kept for error messages. */
export interface SupervisedChild {
  name: string;
  process: ChildProcess;
  /** Last lines of stdout/stderr, for "it died on start" errors. */
  outputTail(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends SIGTERM, waits up to `graceMs`, then SIGKILLs. */
  stop(graceMs?: number): Promise<void>;
}

/** Owns the children of one local cloud and guarantees they die with this process. */
export class ChildProcessSupervisor {
  readonly #children = new Set<SupervisedChild>();
  #guardian: ChildProcess | undefined;
  #closed = false;
  readonly #exitHook = () => {
    for (const child of this.#children) {
      if (child.process.exitCode === null && child.process.pid) {
        try {
          process.kill(child.process.pid, 'SIGKILL');
        } catch {
          // Already gone: nothing to clean up.
        }
      }
    }
  };

  constructor(private readonly log: (line: string) => void) {
    process.on('exit', this.#exitHook);
  }

  /** Spawns a child on the supervisor's watch. Rejects if the executable cannot be started. */
  async spawn(
    name: string,
    command: string,
    args: string[],
    options: SpawnOptions,
  ): Promise<SupervisedChild> {
    if (this.#closed) throw new Error(`not starting ${name}: the local cloud is shutting down`);
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(line);
      }
      lines.splice(0, Math.max(0, lines.length - 30));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    if (this.#closed) {
      // stopAll() ran while this one was starting (a sibling failed): do not leak it.
      child.kill('SIGKILL');
      throw new Error(`not starting ${name}: the local cloud is shutting down`);
    }
    const supervised: SupervisedChild = {
      name,
      process: child,
      outputTail: () => lines.join('\n'),
      exited,
      stop: async (graceMs = 5000) => {
        // Forget it first: an exit we asked for is not worth a log line.
        this.#children.delete(supervised);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        this.#tellGuardian(`- ${child.pid}`);
      },
    };
    this.#children.add(supervised);
    this.#tellGuardian(`+ ${child.pid}`);
    child.once('exit', (code, signal) => {
      if (this.#children.has(supervised))
        this.log(`${name} exited (code ${code ?? '-'}, signal ${signal ?? '-'})`);
    });
    return supervised;
  }

  /** Stops all children, newest first (the reverse of start order), and the guardian. */
  async stopAll(): Promise<void> {
    this.#closed = true;
    for (const child of [...this.#children].reverse()) await child.stop();
    process.off('exit', this.#exitHook);
    if (this.#guardian) {
      this.#guardian.stdin?.end();
      this.#guardian = undefined;
    }
  }

  #tellGuardian(line: string) {
    if (!this.#guardian) {
      this.#guardian = spawn(process.execPath, ['-e', guardianSource], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      // Neither the guardian nor its pipe may keep our event loop alive.
      this.#guardian.unref();
      (this.#guardian.stdin as unknown as { unref?: () => void }).unref?.();
      this.#guardian.on('error', (error) => this.log(`process guardian failed: ${error.message}`));
    }
    this.#guardian.stdin?.write(`${line}\n`);
  }
}

/** Resolves once `child` exits, for racing against readiness checks. */
export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}
