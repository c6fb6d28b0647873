/** The header a 401 from the metrics endpoint carries, so a client knows what to send. */
export const METRICS_CHALLENGE = 'Bearer realm="wbs-metrics"';
