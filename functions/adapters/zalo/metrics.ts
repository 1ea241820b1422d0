/**
 * Zalo channel metrics as CloudWatch Embedded Metric Format lines: one JSON log line
 * becomes a custom metric without an SDK call or extra latency. The CDK stack alarms on
 * `TokenRefreshFailures` (namespace below). Locally they are just log lines.
 */
export const ZALO_METRIC_NAMESPACE = 'BhxhChatbot/Zalo';

export type ZaloMetricName =
  | 'TokenRefreshes'
  | 'TokenRefreshFailures'
  | 'WebhookRejected'
  | 'Undeliverable'
  | 'RateLimited';

export type MetricSink = (name: ZaloMetricName, value?: number) => void;

export function emfMetricSink(write: (line: string) => void = console.log): MetricSink {
  return (name, value = 1) => {
    write(
      JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            { Namespace: ZALO_METRIC_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] },
          ],
        },
        [name]: value,
      }),
    );
  };
}
