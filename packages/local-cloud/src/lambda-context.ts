import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/*
 * A Lambda-like invocation context. Handlers (and Powertools) read the request id,
 * the function name and the remaining time from it; the timeout is the manifest's
 * `timeoutSeconds` so a handler that budgets its time behaves as on AWS.
 */

/** What a local invocation needs to know about the function it runs. */
export interface LocalFunction {
  id: string;
  memoryMb: number;
  timeoutSeconds: number;
}

/** Builds the context object for one invocation of `fn`. */
export function createLambdaContext(fn: LocalFunction, region: string, requestId = randomUUID()): Context {
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  const functionName = `citydesk-local-${fn.id}`;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported: return a promise from the handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** Thrown when a handler outlives its configured timeout, as Lambda would report it. */
export class InvocationTimeoutError extends Error {
  constructor(fn: LocalFunction) {
    super(`Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds (${fn.id})`);
    this.name = 'InvocationTimeoutError';
  }
}

/**
 * Runs `invoke` and rejects with {@link InvocationTimeoutError} once the function's
 * timeout passes. The promise itself cannot be cancelled in-process; its late
 * result is ignored, as Lambda ignores the work of a frozen sandbox.
 */
export async function withTimeout<T>(fn: LocalFunction, invoke: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(fn)), fn.timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([invoke(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
