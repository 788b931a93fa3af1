import { type ParameterSource, readSecretParameter, ssmParameters } from './ssm-parameters';

/**
 * The webhook signing secrets (several during a rotation). WEBHOOK_SECRETS, when set, wins (the local
 * cloud sets it); otherwise the SSM parameter named by WEBHOOK_SECRETS_PARAMETER, cached five minutes
 * (src/adapters/ssm-parameters.ts) so a rotation takes effect without a deploy.
 */
export function splitSecrets(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function webhookSecrets(
  env: Record<string, string | undefined> = process.env,
  source: () => ParameterSource = ssmParameters,
): Promise<string[]> {
  if (env.WEBHOOK_SECRETS) return splitSecrets(env.WEBHOOK_SECRETS);
  const name = env.WEBHOOK_SECRETS_PARAMETER;
  if (!name) throw new Error('set WEBHOOK_SECRETS_PARAMETER (SSM parameter name) or WEBHOOK_SECRETS');
  return splitSecrets(await readSecretParameter(name, source()));
}
