import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocatePorts, PortInUseError } from './local-ports.ts';

let blocker: Server | undefined;

afterEach(async () => {
  delete process.env.DYNAMODB_PORT;
  delete process.env.CITYDESK_PORT;
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

describe('allocatePorts', () => {
  it('hands out distinct free loopback ports for every service in random mode', async () => {
    const ports = await allocatePorts('random');
    expect(Object.keys(ports).sort()).toEqual(['cognito', 'dynamodb', 'fauxqs', 'gateway', 's3']);
    expect(new Set(Object.values(ports)).size).toBe(5);
  });

  it('names the taken port and the variable that overrides it', async () => {
    const server = createServer();
    blocker = server;
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    process.env.DYNAMODB_PORT = String(port);
    const [free] = Object.values(await allocatePorts('random'));
    process.env.CITYDESK_PORT = String(free);
    const error = await allocatePorts('fixed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toContain(`port ${port}`);
    expect((error as Error).message).toContain('DYNAMODB_PORT=');
  });

  it('rejects a malformed override', async () => {
    process.env.CITYDESK_PORT = 'eighty';
    await expect(allocatePorts('fixed')).rejects.toThrow(/CITYDESK_PORT=eighty is not a valid TCP port/);
  });
});
