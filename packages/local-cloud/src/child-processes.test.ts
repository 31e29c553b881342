import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChildProcessSupervisor } from './child-processes.ts';
import { pollUntil } from './poll-until.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ChildProcessSupervisor', () => {
  it('stops its children on stopAll()', async () => {
    const supervisor = new ChildProcessSupervisor(() => {});
    const child = await supervisor.spawn('sleeper', 'sleep', ['60'], {});
    const pid = child.process.pid as number;
    expect(alive(pid)).toBe(true);
    await supervisor.stopAll();
    expect(alive(pid)).toBe(false);
    await expect(supervisor.spawn('late', 'sleep', ['60'], {})).rejects.toThrow(/shutting down/);
  });

  it('reaps the children even when the parent is SIGKILLed', async () => {
    // A parent process that starts a supervised `sleep`, reports its pid and waits.
    const module = fileURLToPath(new URL('./child-processes.ts', import.meta.url));
    const script = `
      const { ChildProcessSupervisor } = await import(${JSON.stringify(module)});
      const child = await new ChildProcessSupervisor(() => {}).spawn('sleeper', 'sleep', ['60'], {});
      process.stdout.write(child.process.pid + '\\n');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const pid = await pollUntil('the grandchild pid', () => Number(output.trim()) || undefined, {
      timeoutMs: 20_000,
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await pollUntil('the orphaned child to be reaped', () => !alive(pid), { timeoutMs: 10_000 });
  });
});
