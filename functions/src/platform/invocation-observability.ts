import type { Context } from 'aws-lambda';
import { flushMetrics, recordColdStart } from './metrics.ts';
import { traceInvocation } from './tracer.ts';

/**
 * Ends an observed invocation: closes its trace (recording `error`, if it failed) and
 * flushes its metrics. Call it exactly once, whatever the outcome.
 */
export type EndInvocation = (error?: unknown) => void;

/**
 * What every handler wrapper (HTTP, queue, stream, schedule) does around an invocation:
 * the cold-start metric, the handler's X-Ray subsegment, and one metrics flush at the
 * end, so a frozen execution environment never holds metrics back.
 */
export function observeInvocation(
  context: Partial<Pick<Context, 'functionName'>> | undefined,
): EndInvocation {
  recordColdStart(context?.functionName);
  // Lambda sets _HANDLER ("index.handler"); the name only labels the subsegment.
  const endTrace = traceInvocation(process.env._HANDLER ?? context?.functionName ?? 'handler');
  let ended = false;
  return (error) => {
    if (ended) return;
    ended = true;
    try {
      endTrace(error);
    } finally {
      flushMetrics();
    }
  };
}
