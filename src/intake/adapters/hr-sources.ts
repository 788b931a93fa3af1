import {
  type ParameterSource,
  readSecretParameter,
  splitSecrets,
  ssmParameters,
} from '../../kernel/adapters/ssm-parameters';
import type { HrSourceConfig } from '../../kernel/config/config';
import { HrApiError } from '../../kernel/errors';
import { PRESETS } from '../hr/index';

/**
 * Each HR source's webhook secret(s) and API connection. On AWS, one SSM parameter per source and kind
 * under HR_PARAMETER_PREFIX (`<prefix>/<source>/webhook-secret`, `<prefix>/<source>/api-credentials`,
 * SecureString), read through the cached provider (five minutes: a rotation needs no deploy). Locally the
 * environment wins: HR_SOURCE_SECRETS and HR_SOURCE_CREDENTIALS (JSON objects by source name), and
 * HR_API_URL_<SOURCE> points a source at the local fake of its vendor, as AWS_ENDPOINT_URL_* does.
 */
type Env = Record<string, string | undefined>;

export function hrSourceEnvName(source: string): string {
  return source.toUpperCase().replace(/-/g, '_');
}

function fromJson(env: Env, key: string, source: string): string | undefined {
  const text = env[key];
  if (!text) return undefined;
  const value = (JSON.parse(text) as Record<string, unknown>)[source];
  return typeof value === 'string' ? value : undefined;
}

function parameter(env: Env, source: string, kind: 'webhook-secret' | 'api-credentials'): string {
  const prefix = env.HR_PARAMETER_PREFIX;
  if (!prefix) throw new Error('set HR_PARAMETER_PREFIX (SSM path of the HR sources) or HR_SOURCE_SECRETS');
  return `${prefix}/${source}/${kind}`;
}

export function hrSources(env: Env = process.env, ssm: () => ParameterSource = ssmParameters) {
  return {
    async secrets(source: HrSourceConfig): Promise<string[]> {
      const local = fromJson(env, 'HR_SOURCE_SECRETS', source.name);
      if (local !== undefined || env.HR_SOURCE_SECRETS) return splitSecrets(local ?? '');
      return splitSecrets(await readSecretParameter(parameter(env, source.name, 'webhook-secret'), ssm()));
    },
    async connection(source: HrSourceConfig): Promise<{ baseUrl: string; credentials: string }> {
      const baseUrl =
        env[`HR_API_URL_${hrSourceEnvName(source.name)}`] ??
        source.apiUrl ??
        PRESETS[source.preset].defaultApiUrl;
      if (!baseUrl) throw new HrApiError(`source ${source.name} has no apiUrl`);
      const local = fromJson(env, 'HR_SOURCE_CREDENTIALS', source.name);
      const credentials =
        local ??
        (env.HR_SOURCE_CREDENTIALS
          ? ''
          : await readSecretParameter(parameter(env, source.name, 'api-credentials'), ssm()));
      return { baseUrl, credentials };
    },
  };
}
