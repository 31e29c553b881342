import { tracer } from '@citydesk/data';
import { logger } from './logger.ts';

/*
 * X-Ray tracing of one invocation, as Powertools' captureLambdaHandler middleware does
 * it, but usable by the plain worker wrappers too. The tracer is the process's one
 * instance from @citydesk/data (which also records the SDK clients' calls); where
 * tracing is off (locally, in tests, POWERTOOLS_TRACE_ENABLED=false) every function
 * here does nothing.
 */

export { tracer };

/** Ends an invocation's handler subsegment; `error` is recorded on it as metadata. */
export type EndTrace = (error?: unknown) => void;

const noTrace: EndTrace = () => {};

/**
 * Opens the `## <handler>` subsegment under Lambda's own segment and annotates it with
 * the cold start and the service name. Responses are deliberately not captured as
 * metadata: they carry citizens' personal data, which has no business in X-Ray.
 */
export function traceInvocation(handlerName: string): EndTrace {
  const active = tracer;
  if (!active?.isTracingEnabled()) return noTrace;
  const lambdaSegment = active.getSegment();
  if (!lambdaSegment) return noTrace;
  const handlerSegment = lambdaSegment.addNewSubsegment(`## ${handlerName}`);
  active.setSegment(handlerSegment);
  active.annotateColdStart();
  active.addServiceNameAnnotation();
  return (error) => {
    if (error !== undefined) active.addErrorAsMetadata(error as Error);
    try {
      handlerSegment.close();
    } catch (closeError) {
      // A trace that cannot be sent must never fail the invocation it describes.
      logger.warn('could not close the X-Ray subsegment', { error: closeError as Error });
    }
    active.setSegment(lambdaSegment);
  };
}
