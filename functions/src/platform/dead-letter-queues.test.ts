import { readFileSync } from 'node:fs';
import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { queueConsumers, queues } from '../manifest.ts';
import { chooseForRedrive, deadLetterUrlOf, queueLocationsFromEnvironment } from './dead-letter-queues.ts';

const message = (id: string, n = 0): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}-${n}`,
  Body: '{}',
});
const ids = (messages: Message[]) => messages.map((m) => m.ReceiptHandle);

describe('chooseForRedrive', () => {
  it('moves the messages asked for by id and releases the rest', () => {
    const chosen = chooseForRedrive(
      [message('a'), message('b'), message('c')],
      { messageIds: ['c', 'a'] },
      new Set(),
    );
    expect(ids(chosen.move)).toEqual(['rh-a-0', 'rh-c-0']);
    expect(ids(chosen.release)).toEqual(['rh-b-0']);
    expect(chosen.duplicates).toEqual([]);
  });

  it('moves one copy of a message handed out twice, and never one moved earlier in the same redrive', () => {
    const chosen = chooseForRedrive(
      [message('a', 1), message('a', 2), message('b')],
      { messageIds: ['a', 'b'] },
      new Set(['b']),
    );
    expect(ids(chosen.move)).toEqual(['rh-a-1']);
    expect(ids(chosen.duplicates)).toEqual(['rh-a-2', 'rh-b-0']);
    expect(chosen.release).toEqual([]);
  });

  it('with all, moves up to max in total over the batches', () => {
    const first = chooseForRedrive([message('a'), message('b')], { all: true, max: 3 }, new Set());
    expect(ids(first.move)).toEqual(['rh-a-0', 'rh-b-0']);
    const second = chooseForRedrive([message('c'), message('d')], { all: true, max: 3 }, new Set(['a', 'b']));
    expect(ids(second.move)).toEqual(['rh-c-0']);
    expect(ids(second.release)).toEqual(['rh-d-0']);
  });
});

describe('queue locations', () => {
  it('derives each DLQ URL from its queue URL, as infra and the local cloud name them', () => {
    expect(deadLetterUrlOf('https://sqs.eu-central-1.amazonaws.com/123456789012/citydesk-prod-routing')).toBe(
      'https://sqs.eu-central-1.amazonaws.com/123456789012/citydesk-prod-routing-dlq',
    );
    expect(deadLetterUrlOf('http://127.0.0.1:4566/000000000000/citydesk-local-inbound/')).toBe(
      'http://127.0.0.1:4566/000000000000/citydesk-local-inbound-dlq',
    );
  });

  it('knows every manifest queue whose URL the environment names', () => {
    const env = Object.fromEntries(Object.values(queues).map((q) => [q.envVar, `http://sqs/${q.name}`]));
    expect(queueLocationsFromEnvironment(env).map((l) => l.queue)).toEqual(Object.keys(queues));
    expect(queueLocationsFromEnvironment({ ROUTING_QUEUE_URL: 'http://sqs/routing' })).toEqual([
      { queue: 'routing', url: 'http://sqs/routing', deadLetterUrl: 'http://sqs/routing-dlq' },
    ]);
  });
});

describe('docs/operations.md', () => {
  it('lists every manifest queue with its DLQ, consumers and settings, exactly as the manifest has them', () => {
    const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
    const table = doc.split('<!-- queues:start -->')[1]?.split('<!-- queues:end -->')[0] ?? '';
    const rows = table
      .trim()
      .split('\n')
      .slice(2)
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const want = Object.values(queues).map((q) => [
      `\`${q.name}\``,
      `\`${q.name}-dlq\``,
      queueConsumers
        .filter((c) => c.queue === q.name)
        .map((c) => c.id)
        .join(', '),
      String(q.maxReceiveCount),
      String(q.visibilityTimeoutSeconds),
      String(q.retentionDays),
    ]);
    expect(rows).toEqual(want);
  });
});
