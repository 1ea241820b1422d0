/**
 * Where alarms go: one SNS topic, encrypted with a customer-managed key (CloudWatch cannot
 * publish to a topic under the AWS-managed `aws/sns` key) and TLS-only, with an optional
 * e-mail subscription. `notifyOnEveryAlarm` wires every alarm found under a scope, so an
 * alarm added later cannot be forgotten (an infra test checks it too).
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

export interface AlertsProps {
  /** Address subscribed to the topic; it must confirm the subscription e-mail once. */
  readonly email?: string;
}

export class Alerts extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlertsProps = {}) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the alarm topic of the BHXH/BHYT assistant',
      enableKeyRotation: true,
      // Messages on the topic are transient; the key need not outlive the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms of this account publish to the topic: they need the data key.
    this.key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'BHXH assistant alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** Send ALARM and OK of every alarm under `scope` to the topic. */
  notifyOnEveryAlarm(scope: IConstruct): number {
    const action = new SnsAction(this.topic);
    const alarms = scope.node.findAll().filter((child): child is Alarm => child instanceof Alarm);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarms.length;
  }
}
