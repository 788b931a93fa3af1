import type { MiddlewareObj } from '@middy/core';
import { logger } from '../log';
import { publishFunnelMetrics } from '../metrics';

/**
 * Every log line of the invocation carries the function name, the request id and whether it is a cold start
 * (what Powertools' injectLambdaContext adds; the logger of src/kernel/log.ts is taken at each invocation, since
 * locally its level may change).
 */
export function logContext(): MiddlewareObj {
  return {
    name: 'logContext',
    before({ context }) {
      logger().addContext(context);
    },
  };
}

/**
 * The funnel metrics the invocation added (src/kernel/metrics.ts) go out as one EMF line when it ends, also when it
 * fails (a FAILED hire is counted even if a later step throws).
 */
export function publishMetrics(): MiddlewareObj {
  return { name: 'publishMetrics', after: publishFunnelMetrics, onError: publishFunnelMetrics };
}
