import { Sha256 } from '@aws-crypto/sha256-js';
import {
  DescribeDirectoryDataAccessCommand,
  DirectoryServiceClient,
} from '@aws-sdk/client-directory-service';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { DataAccessStatus, DirectoryUsers, NewDirectoryUser } from '../../kernel/directory-users';
import { DirectoryUserConflictError, DirectoryUserError } from '../../kernel/errors';

/**
 * Directory Service Data (`ds-data`, REST-JSON, botocore model 2023-05-31): `CreateUser` and `DescribeUser` as
 * signed HTTP calls, since no JavaScript client of it is installed; `DescribeDirectoryDataAccess` through the
 * Directory Service client. Each directory's calls go to its Region. The endpoint follows the SDKs' rule for
 * the service id "Directory Service Data": `AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA`, then
 * `AWS_ENDPOINT_URL`, else `https://ds-data.<region>.amazonaws.com`.
 */
export interface DirectoryUsersOptions {
  /** The Region a directory is in; the deployment's own (AWS_REGION) without it. */
  regionOf?: (directoryId: string) => string;
  credentials?: AwsCredentialIdentityProvider;
  env?: NodeJS.ProcessEnv;
  /** How long one call may take before it counts as unanswered. */
  timeoutMs?: number;
}

const SIGNING_NAME = 'ds-data';
const DEFAULT_TIMEOUT_MS = 10_000;
// AWS's data-plane errors that mean "try again later" (throttling, server side).
const RETRYABLE = new Set(['ThrottlingException', 'InternalServerException']);

export function dsDataEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA ??
    env.AWS_ENDPOINT_URL ??
    `https://ds-data.${region}.amazonaws.com`
  );
}

export function createDirectoryUsers(opts: DirectoryUsersOptions = {}): DirectoryUsers {
  const env = opts.env ?? process.env;
  const credentials = opts.credentials ?? defaultProvider();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const regionFor = (directoryId: string) => opts.regionOf?.(directoryId) ?? env.AWS_REGION ?? 'us-east-1';
  const signers = new Map<string, SignatureV4>();
  const signer = (region: string) => {
    let found = signers.get(region);
    if (!found) {
      found = new SignatureV4({ service: SIGNING_NAME, region, credentials, sha256: Sha256 });
      signers.set(region, found);
    }
    return found;
  };
  const clients = new Map<string, DirectoryServiceClient>();
  const dsClient = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      // Given an environment of its own (tests), the Directory Service endpoint comes from it too.
      const endpoint = opts.env?.AWS_ENDPOINT_URL_DIRECTORY_SERVICE;
      client = new DirectoryServiceClient({
        region,
        maxAttempts: 3,
        credentials,
        ...(endpoint ? { endpoint } : {}),
      });
      clients.set(region, client);
    }
    return client;
  };

  async function call(operation: string, directoryId: string, body: Record<string, unknown>) {
    const region = regionFor(directoryId);
    const url = new URL(`/Users/${operation}`, dsDataEndpoint(region, env));
    const payload = JSON.stringify(body);
    const signed = await signer(region).sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: { DirectoryId: directoryId },
      headers: { host: url.host, 'content-type': 'application/json' },
      body: payload,
    });
    url.searchParams.set('DirectoryId', directoryId);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: signed.headers,
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new DirectoryUserError(
        `${operation} got no answer for directory ${directoryId}`,
        'NoAnswer',
        true,
        {
          cause: err,
        },
      );
    }
    const text = await res.text();
    const json = parseJson(text);
    if (res.ok) return json;
    const awsError = errorName(res, json);
    const reason = typeof json.Reason === 'string' ? ` (${json.Reason})` : '';
    // AWS's message may echo a value of the request: the cause keeps the error's name, status and reason only.
    const cause = Object.assign(new Error(`HTTP ${res.status}${reason}`), { name: awsError });
    const message = `${operation} answered ${awsError}${reason} for directory ${directoryId}`;
    if (awsError === 'ConflictException') throw new DirectoryUserConflictError(message, { cause });
    if (awsError === 'ResourceNotFoundException') return undefined;
    throw new DirectoryUserError(message, awsError, RETRYABLE.has(awsError) || res.status >= 500, { cause });
  }

  return {
    async dataAccess(directoryId: string): Promise<DataAccessStatus> {
      try {
        const out = await dsClient(regionFor(directoryId)).send(
          new DescribeDirectoryDataAccessCommand({ DirectoryId: directoryId }),
        );
        return (out.DataAccessStatus ?? 'Disabled') as DataAccessStatus;
      } catch (err) {
        const name = err instanceof Error ? err.name : 'Unknown';
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        throw new DirectoryUserError(
          `DescribeDirectoryDataAccess answered ${name} for directory ${directoryId}`,
          name,
          status === undefined || status >= 500 || name === 'ThrottlingException',
          { cause: Object.assign(new Error(`HTTP ${status ?? 'none'}`), { name }) },
        );
      }
    },

    async describeUser(directoryId: string, userName: string) {
      const out = await call('DescribeUser', directoryId, { SAMAccountName: userName });
      if (!out) return undefined;
      return {
        userName: typeof out.SAMAccountName === 'string' ? out.SAMAccountName : userName,
        enabled: out.Enabled !== false,
      };
    },

    async createUser(directoryId: string, user: NewDirectoryUser, clientToken: string) {
      await call('CreateUser', directoryId, {
        SAMAccountName: user.userName,
        ...(user.givenName ? { GivenName: user.givenName } : {}),
        ...(user.surname ? { Surname: user.surname } : {}),
        ...(user.email ? { EmailAddress: user.email } : {}),
        ClientToken: clientToken,
      });
    },
  };
}

function parseJson(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The error's name as REST-JSON carries it: the `x-amzn-errortype` header, else the body's `__type`/`code`. */
function errorName(res: Response, body: Record<string, unknown>): string {
  const raw =
    res.headers.get('x-amzn-errortype') ??
    (typeof body.__type === 'string' ? body.__type : undefined) ??
    (typeof body.code === 'string' ? body.code : undefined) ??
    `HTTP${res.status}`;
  // `Name:http://internal.amazon.com/...` and `namespace#Name` both name `Name`.
  return raw.split(':')[0]!.split('#').pop()!;
}
