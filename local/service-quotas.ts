/**
 * The local Service Quotas: `GetServiceQuota` and `GetAWSDefaultServiceQuota` as the botocore model
 * `service-quotas/2019-06-24` has them (JSON 1.1, `X-Amz-Target: ServiceQuotasV20190624.<Operation>`), for
 * the one quota the product reads: Amazon WorkSpaces' "WorkSpaces" per Region. Served by the WorkSpaces
 * simulator's server, told apart by its target prefix. The applied value starts at AWS's default for a new
 * account and is set at start (the local cloud's `workspacesQuota`, `npm start -- --workspaces-quota N`) or
 * at run time (`POST /_sim/quotas`).
 */

export const TARGET_PREFIX = 'ServiceQuotasV20190624.';

/** "WorkSpaces per Region: 1" (AWS's WorkSpaces quotas page): a new account's value. */
export const NEW_ACCOUNT_WORKSPACES_QUOTA = 1;

const WORKSPACES = {
  ServiceCode: 'workspaces',
  ServiceName: 'Amazon WorkSpaces',
  QuotaCode: 'L-34278094',
  QuotaName: 'WorkSpaces',
  Unit: 'None',
  Adjustable: true,
  GlobalQuota: false,
} as const;

// The model's patterns: ServiceCode 1-63, QuotaCode 1-128 characters.
const SERVICE_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,63}$/;
const QUOTA_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,128}$/;
const VALUE_MAX = 10_000_000_000;

export interface ServiceQuotasSettings {
  /** The applied WorkSpaces quota in every Region not named in `regions`. */
  workspaces: number;
  /** The applied WorkSpaces quota of a Region. */
  regions: Record<string, number>;
  /** GetServiceQuota answers AccessDeniedException (the preflight then falls back to AWS's default). */
  refuseApplied: boolean;
}

export interface ServiceQuotasEmulator {
  /** One API request: the status and the JSON body (an error's `__type` names it). */
  dispatch(target: string, raw: string, region: string): { status: number; body: Record<string, unknown> };
  /** `GET /_sim/quotas` (the settings) and `POST /_sim/quotas` (a partial change). */
  control(method: string, body: Record<string, unknown>): { status: number; body: unknown };
  settings(): ServiceQuotasSettings;
}

export function createServiceQuotas(
  opts: { accountId: string; workspaces?: number } = { accountId: '000000000000' },
): ServiceQuotasEmulator {
  const settings: ServiceQuotasSettings = {
    workspaces: opts.workspaces ?? NEW_ACCOUNT_WORKSPACES_QUOTA,
    regions: {},
    refuseApplied: false,
  };
  const error = (status: number, type: string, message: string) => ({
    status,
    body: { __type: type, Message: message },
  });

  const quota = (region: string, applied: boolean) => ({
    ...WORKSPACES,
    // An applied quota's ARN names the account; AWS's default names none.
    QuotaArn: `arn:aws:servicequotas:${region}:${applied ? opts.accountId : ''}:${WORKSPACES.ServiceCode}/${WORKSPACES.QuotaCode}`,
    Value: applied ? (settings.regions[region] ?? settings.workspaces) : NEW_ACCOUNT_WORKSPACES_QUOTA,
    ...(applied ? { QuotaAppliedAtLevel: 'ACCOUNT' } : {}),
  });

  return {
    settings: () => ({ ...settings, regions: { ...settings.regions } }),
    dispatch(target, raw, region) {
      const operation = target.slice(TARGET_PREFIX.length);
      if (operation !== 'GetServiceQuota' && operation !== 'GetAWSDefaultServiceQuota')
        return error(
          400,
          'UnknownOperationException',
          `${operation} is not served by the local Service Quotas`,
        );
      let input: Record<string, unknown>;
      try {
        const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError();
        input = parsed as Record<string, unknown>;
      } catch {
        return error(400, 'SerializationException', 'the body is not a JSON object');
      }
      const problems = inputProblems(input, operation === 'GetServiceQuota');
      if (problems.length) return error(400, 'IllegalArgumentException', problems.join('; '));
      if (input.ServiceCode !== WORKSPACES.ServiceCode || input.QuotaCode !== WORKSPACES.QuotaCode)
        return error(
          400,
          'NoSuchResourceException',
          `The request failed because the specified service or quota does not exist: ${String(input.ServiceCode)} ${String(input.QuotaCode)}`,
        );
      if (operation === 'GetServiceQuota' && settings.refuseApplied)
        return error(
          400,
          'AccessDeniedException',
          'You do not have sufficient permission to perform this action.',
        );
      return { status: 200, body: { Quota: quota(region, operation === 'GetServiceQuota') } };
    },
    control(method, body) {
      if (method === 'GET') return { status: 200, body: this.settings() };
      if (method !== 'POST') return { status: 405, body: { error: 'GET or POST /_sim/quotas' } };
      const problems = controlProblems(body);
      if (problems.length) return { status: 400, body: { error: problems.join('; ') } };
      const value = body.workspaces as number | undefined;
      const region = body.region as string | undefined;
      if (value !== undefined) {
        if (region) settings.regions[region] = value;
        else {
          settings.workspaces = value;
          settings.regions = {};
        }
      }
      if (body.refuseApplied !== undefined) settings.refuseApplied = body.refuseApplied as boolean;
      return { status: 200, body: this.settings() };
    },
  };
}

function inputProblems(input: Record<string, unknown>, takesContext: boolean): string[] {
  const problems: string[] = [];
  const known = ['ServiceCode', 'QuotaCode', ...(takesContext ? ['ContextId'] : [])];
  for (const key of Object.keys(input))
    if (!known.includes(key)) problems.push(`${key} is not a member of the request`);
  const check = (name: string, pattern: RegExp, max: number) => {
    const value = input[name];
    if (value === undefined) problems.push(`${name} is required`);
    else if (typeof value !== 'string' || value.length < 1 || value.length > max || !pattern.test(value))
      problems.push(`${name} must match ${pattern.source}`);
  };
  check('ServiceCode', SERVICE_CODE, 63);
  check('QuotaCode', QUOTA_CODE, 128);
  if (input.ContextId !== undefined && typeof input.ContextId !== 'string')
    problems.push('ContextId must be a string');
  return problems;
}

function controlProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === 'workspaces') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > VALUE_MAX)
        problems.push(`workspaces: expected a whole number from 0 to ${VALUE_MAX}`);
    } else if (key === 'region') {
      if (typeof value !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(value))
        problems.push('region: expected a Region name like us-west-2');
    } else if (key === 'refuseApplied') {
      if (typeof value !== 'boolean') problems.push('refuseApplied: expected true or false');
    } else problems.push(`${key}: unknown field (workspaces, region, refuseApplied)`);
  }
  if (body.region !== undefined && body.workspaces === undefined)
    problems.push('region: give workspaces with it');
  return problems;
}
