import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionsSourceDir, lockFilePath, repoRoot } from '../paths.ts';
import { type HandlerDefinition, HandlerFunction, type HandlerResources } from './handler-function.ts';

/** Properties of {@link HandlerFunctions}. */
export interface HandlerFunctionsProps {
  /** Manifest entries: HTTP functions, queue and stream consumers, schedules. */
  definitions: readonly HandlerDefinition[];
  prefix: string;
  environment: Record<string, string>;
  resources: HandlerResources;
  logRetention: RetentionDays;
  retainLogs: boolean;
}

/**
 * One {@link HandlerFunction} per manifest entry, keyed by the entry's id. The API and the
 * async stacks each build their share of the manifest's functions through this, so both
 * bundle, size and grant them the same way.
 */
export class HandlerFunctions extends Construct {
  readonly byId: ReadonlyMap<string, IFunction>;

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    const functions = new Map<string, IFunction>();
    for (const definition of props.definitions) {
      if (functions.has(definition.id)) {
        throw new Error(
          `manifest id "${definition.id}" is used twice; ids name functions and must be unique`,
        );
      }
      const handler = new HandlerFunction(this, `${definition.id}Handler`, {
        definition,
        functionsSourceDir,
        projectRoot: repoRoot,
        depsLockFilePath: lockFilePath,
        prefix: props.prefix,
        environment: props.environment,
        resources: props.resources,
        logRetention: props.logRetention,
        retainLogs: props.retainLogs,
      });
      functions.set(definition.id, handler.function);
    }
    this.byId = functions;
  }

  /** The function of a manifest id; throws for an id this construct did not build. */
  functionFor(id: string): IFunction {
    const fn = this.byId.get(id);
    if (!fn) throw new Error(`no handler function for manifest id "${id}"`);
    return fn;
  }
}
