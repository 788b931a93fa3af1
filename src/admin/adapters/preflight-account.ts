/**
 * The preflight's reads of the AWS account on the SDK: Service Quotas, WorkSpaces (paced through a token
 * bucket per Region: the API budget is per account and Region) and SES v2. Every SDK error becomes a
 * reading that names it, so a refused call shows as an unknown line instead of failing the preflight.
 */
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  NotFoundException,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import {
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { type Budget, createTokenBucket, type TokenBucket } from '../../kernel/token-bucket';
import { MAX_IDS_PER_CALL } from '../../kernel/workspaces-api';
import { type PreflightAccount, type Reading, refusal } from '../preflight';

// Three tries in the standard mode: a preflight answers within the API's 30 s or says what it could not read.
const RETRIES = { maxAttempts: 3, retryMode: 'standard' } as const;

export function createPreflightAccount(opts: {
  /** The WorkSpaces API budget the reads are paced at, per Region. */
  budget: Budget;
  /** SES's Region: the deployment's (where the mailer sends). */
  sesRegion?: string;
}): PreflightAccount {
  const perRegion = new Map<
    string,
    { workspaces: WorkSpacesClient; quotas: ServiceQuotasClient; bucket: TokenBucket }
  >();
  const region = (name: string) => {
    let clients = perRegion.get(name);
    if (!clients) {
      clients = {
        workspaces: new WorkSpacesClient({ ...RETRIES, region: name }),
        quotas: new ServiceQuotasClient({ ...RETRIES, region: name }),
        bucket: createTokenBucket(opts.budget),
      };
      perRegion.set(name, clients);
    }
    return clients;
  };
  const workspaces = async <T>(name: string, send: (client: WorkSpacesClient) => Promise<T>) => {
    const r = region(name);
    await r.bucket.take();
    return send(r.workspaces);
  };
  const ses = new SESv2Client({ ...RETRIES, ...(opts.sesRegion ? { region: opts.sesRegion } : {}) });

  return {
    appliedQuota: (name, code) =>
      read(async () => {
        const out = await region(name).quotas.send(
          new GetServiceQuotaCommand({ ServiceCode: code.serviceCode, QuotaCode: code.quotaCode }),
        );
        return quotaValue(out.Quota?.Value);
      }),
    defaultQuota: (name, code) =>
      read(async () => {
        const out = await region(name).quotas.send(
          new GetAWSDefaultServiceQuotaCommand({ ServiceCode: code.serviceCode, QuotaCode: code.quotaCode }),
        );
        return quotaValue(out.Quota?.Value);
      }),
    workspacesInUse: (name, atMost) =>
      read(async () => {
        let count = 0;
        let token: string | undefined;
        do {
          const out = await workspaces(name, (c) =>
            c.send(
              new DescribeWorkspacesCommand({
                Limit: MAX_IDS_PER_CALL,
                ...(token ? { NextToken: token } : {}),
              }),
            ),
          );
          count += out.Workspaces?.length ?? 0;
          token = out.NextToken;
        } while (token && count < atMost);
        return { count, complete: !token };
      }),
    directoryState: (name, directoryId) =>
      read(async () => {
        const out = await workspaces(name, (c) =>
          c.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] })),
        );
        const directory = out.Directories?.find((d) => d.DirectoryId === directoryId);
        return directory ? (directory.State ?? 'UNKNOWN') : undefined;
      }),
    bundle: (name, bundleId) =>
      read(async () => {
        const out = await workspaces(name, (c) =>
          c.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [bundleId] })),
        );
        const bundle = out.Bundles?.find((b) => b.BundleId === bundleId);
        return bundle ? (bundle.State ? { state: bundle.State } : {}) : undefined;
      }),
    sesAccount: () =>
      read(async () => {
        const out = await ses.send(new GetAccountCommand({}));
        return {
          productionAccessEnabled: out.ProductionAccessEnabled === true,
          sendingEnabled: out.SendingEnabled !== false,
          max24HourSend: out.SendQuota?.Max24HourSend ?? 0,
          maxSendRate: out.SendQuota?.MaxSendRate ?? 0,
          sentLast24Hours: out.SendQuota?.SentLast24Hours ?? 0,
        };
      }),
    emailIdentity: (identity) =>
      read(async () => {
        try {
          const out = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
          return { verified: out.VerifiedForSendingStatus === true };
        } catch (err) {
          if (err instanceof NotFoundException) return undefined;
          throw err;
        }
      }),
  };
}

function quotaValue(value: number | undefined): number {
  if (value === undefined) throw new Error('the answer has no quota value');
  return value;
}

async function read<T>(call: () => Promise<T>): Promise<Reading<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return { ok: false, reason: refusal(err) };
  }
}
