import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';

/**
 * Secrets kept in SSM Parameter Store (SecureString or StringList), read through Powertools for AWS Lambda's
 * Parameters utility: each value is cached in the container for five minutes, so a rotation (a new value
 * put in SSM) takes effect within five minutes without a deploy, and a busy function asks SSM at most once
 * per parameter in that time.
 */
export const PARAMETER_MAX_AGE_SECONDS = 5 * 60;

/** What the adapters need of the provider; tests pass a provider over a stubbed SSM client. */
export type ParameterSource = Pick<SSMProvider, 'get'>;

let shared: SSMProvider | undefined;

/** One provider (and SSM client) per container, made on first use: never when the environment wins. */
export function ssmParameters(): ParameterSource {
  shared ??= new SSMProvider();
  return shared;
}

export async function readSecretParameter(name: string, source: ParameterSource): Promise<string> {
  const value = await source.get(name, { decrypt: true, maxAge: PARAMETER_MAX_AGE_SECONDS });
  return typeof value === 'string' ? value : '';
}

/** Several secrets in one value (a rotation): comma or white space between them. */
export function splitSecrets(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
