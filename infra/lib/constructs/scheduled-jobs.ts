import type { ScheduleDefinition } from '@citydesk/functions/manifest';
import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag-findings.ts';
import { toKebabCase } from '../naming.ts';

/** Properties of {@link ScheduledJobs}. */
export interface ScheduledJobsProps {
  schedules: readonly ScheduleDefinition[];
  /** The function of each schedule, keyed by schedule id. */
  handlers: ReadonlyMap<string, IFunction>;
  prefix: string;
}

/**
 * EventBridge Scheduler schedules for the manifest's periodic jobs (SLA sweep, survey
 * sending, retention). Cron expressions are evaluated in Europe/Istanbul, so "every
 * weekday at 08:00" means the citizens' 08:00 all year round (Türkiye has no DST).
 */
export class ScheduledJobs extends Construct {
  /** Invocations the scheduler gave up on; absent while the manifest declares no schedules. */
  readonly deadLetterQueue: Queue | undefined;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.deadLetterQueue =
      props.schedules.length > 0
        ? new Queue(this, 'ScheduleDeadLetterQueue', {
            queueName: `${props.prefix}-schedules-dlq`,
            retentionPeriod: Duration.days(14),
            encryption: QueueEncryption.SQS_MANAGED,
            enforceSSL: true,
            removalPolicy: RemovalPolicy.DESTROY,
          })
        : undefined;
    if (this.deadLetterQueue) {
      acknowledge(
        this.deadLetterQueue,
        'SQS3',
        'This queue is itself the dead-letter queue of the schedules.',
      );
    }
    // One role for all schedules, owned here so its grants are reviewed next to them.
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Invokes the CityDesk scheduled jobs',
    });
    for (const definition of props.schedules) {
      const handler = props.handlers.get(definition.id);
      if (!handler) throw new Error(`schedule ${definition.id} has no handler function`);
      new Schedule(this, `${definition.id}Schedule`, {
        scheduleName: `${props.prefix}-${toKebabCase(definition.id)}`,
        schedule: ScheduleExpression.expression(definition.expression, TimeZone.EUROPE_ISTANBUL),
        target: new LambdaInvoke(handler, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          role,
        }),
      });
      acknowledgeWildcardResource(
        role,
        `${handler.functionArn}:*`,
        'The scheduler target grant covers the function and its versions; the function itself is named.',
      );
    }
  }
}
