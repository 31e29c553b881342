import { schedules, streamConsumers, userPool } from '@citydesk/functions/manifest';
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OperationalAlarms } from '../constructs/operational-alarms.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { METRICS_NAMESPACE } from '../handler-environment.ts';
import { toPascalCase } from '../naming.ts';
import type { ApiStack } from './api-stack.ts';
import type { AsyncStack } from './async-stack.ts';
import type { IdentityStack } from './identity-stack.ts';

/** Properties of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  config: DeploymentConfig;
  identity: IdentityStack;
  async: AsyncStack;
  api: ApiStack;
}

/** The manifest's SLA sweep: the job whose failure leaves overdue cases unescalated. */
const SLA_SWEEP_ID = 'SlaSweep';

/**
 * Alarms and the operations dashboard. Nothing depends on this stack, so alarms can be
 * tuned and redeployed without touching a function.
 */
export class ObservabilityStack extends Stack {
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    if (!schedules.some((s) => s.id === SLA_SWEEP_ID)) {
      throw new Error(`the manifest has no ${SLA_SWEEP_ID} schedule`);
    }
    const functions = new Map<string, IFunction>([
      ...props.api.functions.byId,
      ...props.async.workers.byId,
      ...(props.identity.identity.preTokenGeneration && userPool.triggers.preTokenGeneration
        ? ([[userPool.triggers.preTokenGeneration.id, props.identity.identity.preTokenGeneration]] as const)
        : []),
    ]);
    const deadLetterQueues = new Map<string, IQueue>([
      ...[...props.async.queues.deadLetterQueues].map(
        ([name, queue]) => [`${toPascalCase(name)}DeadLetter`, queue] as const,
      ),
      ...[...props.async.consumers.streamFailureQueues].map(
        ([consumerId, queue]) => [`${consumerId}Failure`, queue] as const,
      ),
      ...(props.async.schedules.deadLetterQueue
        ? ([['ScheduleDeadLetter', props.async.schedules.deadLetterQueue]] as const)
        : []),
    ]);
    this.alarms = new OperationalAlarms(this, 'Operations', {
      prefix: props.config.prefix,
      functions,
      queues: props.async.queues.byName,
      deadLetterQueues,
      streamConsumerIds: streamConsumers.map((c) => c.id),
      slaSweepId: SLA_SWEEP_ID,
      api: props.api.api.api,
      alarmEmail: props.config.alarmEmail,
      metricsNamespace: METRICS_NAMESPACE,
    });
  }
}
