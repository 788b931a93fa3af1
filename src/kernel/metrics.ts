import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from './log';

/**
 * The onboarding funnel as CloudWatch metrics, through Powertools for AWS Lambda's Metrics: each is added
 * where its event happens (the use case that made the stage change), buffered, and written as one CloudWatch
 * embedded metric format (EMF) line when the invocation ends (src/kernel/http/observability.ts). On AWS,
 * CloudWatch Logs turns those lines into metrics; locally they are plain log lines. The alarms and the
 * dashboard of serverless.yml name these metrics (config/deploy.cjs), in the namespace
 * POWERTOOLS_METRICS_NAMESPACE with the dimensions `service` and `stage`.
 */
export const FUNNEL_METRICS = {
  accepted: 'HiresAccepted',
  invited: 'HiresInvited',
  failed: 'HiresFailed',
  bounced: 'HiresBounced',
  escalated: 'HiresEscalated',
  reminderSent: 'RemindersSent',
  timeToInvite: 'TimeToInvite',
  timeToFirstLogin: 'TimeToFirstLogin',
} as const;

let instance: Metrics | undefined;

/** Built on first use: the environment (namespace, stage) is the function's by then, also locally. */
function metrics(): Metrics {
  instance ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'WorkSpacesOnboarding',
    serviceName: SERVICE_NAME,
    defaultDimensions: { stage: process.env.STAGE || 'local' },
  });
  return instance;
}

const count = (name: string) => metrics().addMetric(name, MetricUnit.Count, 1);

/** Seconds from `from` to `to` (ISO times); nothing when either is missing or the order is wrong. */
function seconds(name: string, from: string | undefined, to: string | undefined): void {
  if (!from || !to) return;
  const elapsed = (Date.parse(to) - Date.parse(from)) / 1000;
  if (Number.isFinite(elapsed) && elapsed >= 0) metrics().addMetric(name, MetricUnit.Seconds, elapsed);
}

export const funnel = {
  /** A new hire was stored and its workflow started (webhook or wave import). */
  hireAccepted: () => count(FUNNEL_METRICS.accepted),
  /** The workflow's invitation was recorded: INVITED, with the time since the hire was received. */
  hireInvited(hire: { createdAt: string; invitedAt?: string }) {
    count(FUNNEL_METRICS.invited);
    seconds(FUNNEL_METRICS.timeToInvite, hire.createdAt, hire.invitedAt);
  },
  hireFailed: () => count(FUNNEL_METRICS.failed),
  hireBounced: () => count(FUNNEL_METRICS.bounced),
  hireEscalated: () => count(FUNNEL_METRICS.escalated),
  reminderSent: () => count(FUNNEL_METRICS.reminderSent),
  /** The first login made the hire ACTIVE: the time since the invitation it answered. */
  firstLogin(hire: { invitedAt?: string; activeAt?: string }) {
    seconds(FUNNEL_METRICS.timeToFirstLogin, hire.invitedAt, hire.activeAt);
  },
};

/** Writes what this invocation added as one EMF line; nothing at all when it added nothing. */
export function publishFunnelMetrics(): void {
  if (instance?.hasStoredMetrics()) instance.publishStoredMetrics();
}
