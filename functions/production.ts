import { adminTokens } from '../src/admin/adapters/admin-tokens';
import { createPreflightAccount } from '../src/admin/adapters/preflight-account';
import { hrSources } from '../src/intake/adapters/hr-sources';
import { webhookSecrets } from '../src/intake/adapters/webhook-secrets';
import type { AcceptHireDeps, VendorHireDeps } from '../src/intake/ports';
import type { EmailEventDeps } from '../src/invitations/record-email-event';
import type { SendInvitationDeps } from '../src/invitations/send-invitation';
import { createMailer, sesSendLimits } from '../src/kernel/adapters/mailer';
import { createSnsChat } from '../src/kernel/adapters/sns-chat';
import type { ChatNotifier } from '../src/kernel/alerts/chat-notifier';
import { alertOnQuota } from '../src/kernel/alerts/quota-alert';
import { type Clock, systemClock } from '../src/kernel/clock';
import type { HrSourceConfig } from '../src/kernel/config/config';
import { directoryRegion, loadConfig, type OnboardingConfig } from '../src/kernel/config/load';
import type { Mailer } from '../src/kernel/email/mailer';
import { createSendPacer } from '../src/kernel/email/pacing';
import { requiredEnv } from '../src/kernel/env';
import { invocationRemainingMs } from '../src/kernel/invocation';
import { createAllowlistSeenStore } from '../src/kernel/table/allowlist-seen';
import { documentClient } from '../src/kernel/table/dynamo-client';
import type { EmailLedger } from '../src/kernel/table/email-ledger';
import { createSendSlots } from '../src/kernel/table/send-slots';
import { createTableStores, type TableStores } from '../src/kernel/table/stores';
import { cachedFor, ipRangesSource } from '../src/network/adapters/ip-ranges-source';
import type { NetworkPageDeps } from '../src/network/network-page';
import type { AllowlistWatchDeps } from '../src/network/watch-allowlist';
import { createDirectoryUsers } from '../src/provisioning/adapters/directory-users';
import { ANSWER_START_ATTEMPTS, createWorkflows } from '../src/provisioning/adapters/stepfunctions';
import { createRegionalWorkspaces } from '../src/provisioning/adapters/workspaces';
import type { ProvisionerDeps } from '../src/provisioning/ports';
import type { ReconcileDeps } from '../src/provisioning/reconcile';
import type { ExecutionEndDeps } from '../src/provisioning/record-execution-end';
import type { RecordFailureDeps } from '../src/provisioning/record-failure';
import type { RequestWorkspaceDeps } from '../src/provisioning/request-workspace';
import { createDirectoryApi } from '../src/tracking/adapters/directory';
import type { PasswordSetupDeps } from '../src/tracking/password-setup';
import type { RecordLoginDeps } from '../src/tracking/record-login';
import type { ReminderDeps } from '../src/tracking/run-reminders';
import { hireSignIn } from '../src/tracking/schedule';
import type { AdminApiDeps } from './admin-api/routes/route';

/**
 * The one place handlers get production adapters: one function per Lambda function, which the function's
 * middy chain calls once per cold start (injectDeps, src/kernel/http/deps.ts). Each returns what that
 * function's handler takes; tests pass in-memory fakes of the same ports.
 */

// WorkSpaces calls outside the provisioner are rare (an HR change re-invites, a cancel looks at the
// WorkSpace, an admin asks for a status): a small share of the account's budget, so the provisioner is
// never starved.
const SIDE_WORKSPACES_BUDGET = { ratePerSecond: 1, burst: 2 };

/** Every store of the hire table. */
export function productionStores(config: OnboardingConfig = loadConfig()): TableStores {
  return createTableStores({
    client: documentClient(),
    tableName: requiredEnv('TABLE_NAME'),
    now: systemClock.now,
    // When the reconciler expects a PROVISIONING hire to have moved on (src/kernel/hire/watched-stages.ts).
    watch: { provisioningTimeoutMinutes: config.provisioning.timeoutMinutes },
  });
}

/**
 * Every function's mailer: the send-once ledger, the account's shared pace (docs/decisions.md, "One SES
 * pace for every sender") and the once-a-day alert when the 24-hour quota holds emails back.
 */
export function productionMailer(config: OnboardingConfig, ledger: EmailLedger): Mailer {
  const pacer = createSendPacer({
    limits: () => sesSendLimits(),
    slots: createSendSlots({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }),
    nowMs: Date.now,
    clockMs: systemClock.nowMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // The quota alert goes to every admin address: that many recipients are kept for it.
    reserve: config.email.adminAddresses.length,
    remainingMs: invocationRemainingMs,
  });
  const mailer = createMailer({
    ledger,
    from: config.email.from,
    replyTo: config.email.replyTo,
    // A deployment resource (stage-scoped in serverless.yml), so its name comes with the deployment.
    configurationSet: requiredEnv('SES_CONFIGURATION_SET'),
    pacer,
    clockMs: systemClock.nowMs,
    remainingMs: invocationRemainingMs,
  });
  return alertOnQuota(mailer, { config, clockMs: systemClock.nowMs });
}

/** Where a directory's WorkSpaces and Directory Service calls go: its configured Region, else ours. */
function regionOf(config: OnboardingConfig): (directoryId: string) => string {
  const deployment = requiredEnv('AWS_REGION');
  return (directoryId) => directoryRegion(config, directoryId, deployment);
}

/** One client and token bucket per Region at this budget (the API rate is per account and Region). */
function productionWorkspaces(config: OnboardingConfig, budget: { ratePerSecond: number; burst: number }) {
  return createRegionalWorkspaces({ budget, regionOf: regionOf(config) });
}

const productionWorkflows = (opts: { maxAttempts?: number } = {}) =>
  createWorkflows({ stateMachineArn: requiredEnv('STATE_MACHINE_ARN'), ...opts });

/**
 * The chat channels' topic (serverless.yml ChatAlertsTopic), only when the configuration names a channel:
 * without one, alerts are email only and nothing is published.
 */
export function productionChat(config: OnboardingConfig): { chat?: ChatNotifier } {
  const { slack, teams } = config.notifications;
  if (!slack && !teams) return {};
  return { chat: createSnsChat({ topicArn: requiredEnv('CHAT_TOPIC_ARN') }) };
}

/** The configuration, the clock, the stores, the mailer and chat: what every function that alerts needs. */
function base() {
  const config = loadConfig();
  const stores = productionStores(config);
  return {
    config,
    clock: systemClock,
    ...stores,
    mailer: productionMailer(config, stores.ledger),
    ...productionChat(config),
  };
}

/** What the admin use cases and the webhook share (an HR change may re-invite, a cancel looks at the WorkSpace). */
function acceptHireDeps(): AcceptHireDeps {
  const b = base();
  return {
    ...b,
    // A start still throttled after a short retry is answered 503 (Retry-After) well inside the API's timeout.
    workflows: productionWorkflows({ maxAttempts: ANSWER_START_ATTEMPTS }),
    workspaces: productionWorkspaces(b.config, SIDE_WORKSPACES_BUDGET),
    publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
    regionOf: regionOf(b.config),
  };
}

export function hrWebhookDeps(): AcceptHireDeps & { secrets: () => Promise<string[]> } {
  return { ...acceptHireDeps(), secrets: () => webhookSecrets() };
}

/** A preset adapter (POST /webhooks/{source}): the webhook's needs, each source's secrets and API. */
export function hrAdapterDeps(): VendorHireDeps & {
  sourceSecrets: (source: HrSourceConfig) => Promise<string[]>;
} {
  const sources = hrSources();
  return {
    ...acceptHireDeps(),
    sourceSecrets: (source) => sources.secrets(source),
    hrApi: { connection: (source) => sources.connection(source), fetch: globalThis.fetch },
  };
}

export function adminApiDeps(): AdminApiDeps {
  const deps = acceptHireDeps();
  return {
    ...deps,
    tokens: () => adminTokens(),
    // The preflight reads before a wave starts: the account's whole WorkSpaces budget, per Region.
    preflightAccount: createPreflightAccount({
      budget: deps.config.provisioning.apiBudget,
      sesRegion: requiredEnv('AWS_REGION'),
    }),
    // Whether a wave's users exist: Directory Service Data serves only AWS Managed Microsoft AD.
    ...(deps.config.directories.some((d) => d.type === 'MANAGED_AD')
      ? { directoryUsers: createDirectoryUsers({ regionOf: regionOf(deps.config) }) }
      : {}),
  };
}

export function provisionerDeps(): ProvisionerDeps {
  const b = base();
  return {
    ...b,
    regionOf: regionOf(b.config),
    // One bucket per Region and container: with reserved concurrency 1 there is one container at a time.
    workspaces: productionWorkspaces(b.config, b.config.provisioning.apiBudget),
    workflows: productionWorkflows(),
    // Only where a directory says createUsers: the others keep waiting for an admin's account.
    ...(b.config.directories.some((d) => d.createUsers)
      ? { directoryUsers: createDirectoryUsers({ regionOf: regionOf(b.config) }), dataAccess: new Map() }
      : {}),
  };
}

export function reconcilerDeps(): ReconcileDeps {
  return { ...base(), workflows: productionWorkflows() };
}

export function recordFailureDeps(): RecordFailureDeps {
  return base();
}

export function executionEventsDeps(): ExecutionEndDeps {
  return { ...base(), workflows: productionWorkflows() };
}

export function emailEventsDeps(): EmailEventDeps {
  return base();
}

export function loginEventsDeps(): RecordLoginDeps & { clock: Clock } {
  const { hires, workspaceOwners } = productionStores();
  return { hires, workspaceOwners, clock: systemClock };
}

export function requestWorkspaceDeps(): RequestWorkspaceDeps {
  return { hires: productionStores().hires, clock: systemClock };
}

export function passwordSetupDeps(): PasswordSetupDeps & { config: OnboardingConfig } {
  const config = loadConfig();
  const { hires, setupTokens } = productionStores(config);
  // Quick tries within the page's own deadline; past it, the page goes by the mode stored at invitation.
  const workspaces = createRegionalWorkspaces({
    budget: SIDE_WORKSPACES_BUDGET,
    regionOf: regionOf(config),
    withinDeadline: true,
  });
  return {
    config,
    clock: systemClock,
    hires,
    setupTokens,
    directory: createDirectoryApi({ regionOf: regionOf(config) }),
    async signInOf(hire, signal) {
      const directory = await workspaces
        .forDirectory(hire.directoryId)
        .describeDirectory(hire.directoryId, { signal });
      return directory ? hireSignIn(config, hire.directoryId, directory) : undefined;
    },
  };
}

/**
 * Everything a function that emails hires needs (the invitation, the reminder run). The WorkSpaces calls
 * are paced at the same budget as the provisioner's: the API rate is shared by the account.
 */
function hireMessagingDeps() {
  const b = base();
  return {
    ...b,
    workspaces: productionWorkspaces(b.config, b.config.provisioning.apiBudget),
    publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
    regionOf: regionOf(b.config),
  };
}

export function sendInvitationDeps(): SendInvitationDeps {
  return hireMessagingDeps();
}

export function remindersDeps(): ReminderDeps & { workspaces: { calls(): Record<string, number> } } {
  return hireMessagingDeps();
}

export function allowlistWatchDeps(): AllowlistWatchDeps {
  const b = base();
  return {
    config: b.config,
    clock: b.clock,
    mailer: b.mailer,
    ...(b.chat ? { chat: b.chat } : {}),
    seen: createAllowlistSeenStore({
      client: documentClient(),
      tableName: requiredEnv('TABLE_NAME'),
      now: systemClock.now,
    }),
    readIpRanges: ipRangesSource(),
    region: requiredEnv('AWS_REGION'),
  };
}

/** The public network page: the configuration and ip-ranges.json, kept 15 minutes per container. */
export function networkPageDeps(): NetworkPageDeps {
  return { config: loadConfig(), readIpRanges: cachedFor(ipRangesSource(), 15 * 60_000) };
}
