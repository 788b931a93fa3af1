/**
 * The admin API over HTTP. Locally (and wherever a bearer token is configured) requests carry
 * `Authorization: Bearer <token>`; against an AWS `execute-api` URL without a token they are signed with
 * SigV4 from the default credential chain, as the IAM authorizer requires.
 */
import { plainMessage } from './args';

export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  stage?: string;
  errors?: { field: string; message: string; line?: number; column?: string }[];
  [key: string]: unknown;
}

/** The API answered with an error status; `problem` is its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(`${problem.title ?? 'HTTP error'} (${status})${problem.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  text?: { body: string; contentType: string };
}

export interface AdminClient {
  baseUrl: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

const AWS_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

export function createAdminClient(opts: {
  baseUrl: string;
  token?: string | undefined;
  fetch?: typeof fetch;
}): AdminClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const awsRegion = AWS_API_HOST.exec(new URL(base).hostname)?.[1];
  return {
    baseUrl: base,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(options.query ?? {})) {
        if (v !== undefined && v !== false) url.searchParams.set(k, v === true ? 'true' : String(v));
      }
      const headers: Record<string, string> = { accept: 'application/json' };
      let body: string | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      } else if (options.text) {
        body = options.text.body;
        headers['content-type'] = options.text.contentType;
      }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      else if (awsRegion) Object.assign(headers, await sigV4Headers(url, method, headers, body, awsRegion));
      const res = await doFetch(url, { method, headers, ...(body !== undefined ? { body } : {}) }).catch(
        (err: unknown) => {
          throw new Error(`cannot reach the admin API at ${base}: ${plainMessage(err)}`);
        },
      );
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (a gateway error page): keep the text.
      }
      if (!res.ok) {
        const problem: Problem =
          parsed && typeof parsed === 'object'
            ? (parsed as Problem)
            : { title: res.statusText, detail: String(parsed ?? '') };
        throw new ApiError(res.status, problem);
      }
      return parsed as never;
    },
  };
}

/** SigV4 for `execute-api`, loaded only when needed (the SDK's own signer and credential chain). */
async function sigV4Headers(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  region: string,
): Promise<Record<string, string>> {
  const [{ SignatureV4 }, { Sha256 }, { defaultProvider }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
    import('@aws-sdk/credential-provider-node'),
  ]);
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: defaultProvider(),
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers, host: url.host },
    ...(body !== undefined ? { body } : {}),
  });
  return signed.headers as Record<string, string>;
}

export function isAwsApiUrl(url: string): boolean {
  try {
    return AWS_API_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
