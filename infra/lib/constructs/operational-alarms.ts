import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link OperationalAlarms}. */
export interface OperationalAlarmsProps {
  prefix: string;
  /** Every Lambda function of the deployment, keyed by manifest id. */
  functions: ReadonlyMap<string, IFunction>;
  /** Work queues by name: their depth goes on the dashboard. */
  queues: ReadonlyMap<string, IQueue>;
  /** Every dead-letter and failure queue by a readable name: any message in one is an alarm. */
  deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** Functions reading the table stream (the outbox dispatcher): their iterator age is watched. */
  streamConsumerIds: readonly string[];
  /** The SLA sweep job's manifest id: a failed sweep means overdue cases go unescalated. */
  slaSweepId: string;
  api: IHttpApi;
  /** Subscribed by e-mail to the alarm topic, when given. */
  alarmEmail: string | undefined;
  /** The Powertools metrics namespace. */
  metricsNamespace: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * A stream consumer more than a minute behind means citizens' cases wait unrouted and
 * notifications lag: the outbox should drain in seconds.
 */
export const ITERATOR_AGE_LIMIT_MS = 60_000;

/** API 5xx answers per five minutes that page someone: single ones are visible in the logs. */
export const API_5XX_THRESHOLD = 5;

/**
 * Alarms on what loses or delays citizens' requests, all delivered to one encrypted SNS
 * topic, plus the operations dashboard: DLQ depth, Lambda errors and throttles, API 5xx,
 * stream iterator age and SLA-sweep failures.
 */
export class OperationalAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key (its key
    // policy cannot be changed), so the topic gets its own key that CloudWatch may use.
    const key = new Key(this, 'AlarmTopicKey', {
      alias: `${props.prefix}/alarms`,
      description: 'Encrypts the CityDesk alarm topic',
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `${props.prefix}-alarms`,
      displayName: 'CityDesk alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, alarmId, {
        alarmName: `${props.prefix}-${alarmId}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means no traffic (or an empty queue), which is healthy.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    for (const [name, dlq] of props.deadLetterQueues) {
      alarm(
        `${name}Messages`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        `Messages are waiting in ${dlq.queueName}: inspect and redrive them (docs/operations.md).`,
      );
    }
    for (const [fnId, fn] of props.functions) {
      alarm(
        `${fnId}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `${fnId} failed with an unhandled error.`,
      );
      alarm(
        `${fnId}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `${fnId} was throttled: raise its reserved or account concurrency, or find the surge.`,
      );
    }
    for (const consumerId of props.streamConsumerIds) {
      const fn = props.functions.get(consumerId);
      if (!fn) throw new Error(`stream consumer ${consumerId} has no function`);
      alarm(
        `${consumerId}IteratorAge`,
        fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
        ITERATOR_AGE_LIMIT_MS,
        `${consumerId} is more than a minute behind the table stream: cases and notifications are waiting.`,
      );
    }
    const sweep = props.functions.get(props.slaSweepId);
    if (!sweep) throw new Error(`SLA sweep ${props.slaSweepId} has no function`);
    // Separate from the generic error alarm so the runbook can say what a failed sweep means.
    alarm(
      'SlaSweepFailed',
      sweep.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
      1,
      'The SLA sweep failed: overdue cases are not being escalated until it runs again.',
    );
    alarm(
      'Api5xx',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      API_5XX_THRESHOLD,
      `The HTTP API answered ${API_5XX_THRESHOLD} or more server errors in five minutes.`,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.prefix}-operations`,
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new GraphWidget({
            title: 'API requests and server errors',
            left: [props.api.metricCount({ period: FIVE_MINUTES })],
            right: [props.api.metricServerError({ period: FIVE_MINUTES })],
            width: 12,
          }),
          new GraphWidget({
            title: 'API latency (p50, p99)',
            left: [
              props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }),
              props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Queue depth',
            left: [...props.queues.values()].map((q) =>
              q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
            ),
            width: 12,
          }),
          new GraphWidget({
            title: 'Dead letters',
            left: [...props.deadLetterQueues.values()].map((q) =>
              q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
            ),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Function errors',
            left: [...props.functions.values()].map((fn) =>
              fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
            ),
            width: 12,
          }),
          new GraphWidget({
            title: 'Stream iterator age (ms)',
            left: props.streamConsumerIds.map((consumerId) =>
              (props.functions.get(consumerId) as IFunction).metric('IteratorAge', {
                period: Duration.minutes(1),
                statistic: 'Maximum',
              }),
            ),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Business metrics (Powertools)',
            left: [
              new MathExpression({
                expression: `SEARCH('Namespace="${props.metricsNamespace}"', 'Sum', 300)`,
                label: props.metricsNamespace,
                period: FIVE_MINUTES,
              }),
            ],
            width: 24,
          }),
        ],
      ],
    });
  }
}
