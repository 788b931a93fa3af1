import {
  type ParameterSource,
  readSecretParameter,
  splitSecrets,
  ssmParameters,
} from '../../kernel/adapters/ssm-parameters';
import { ConfigError } from '../../kernel/errors';
import { webhookSecretProblem } from '../webhooks/secret-rule';

/**
 * The webhook signing secrets (several during a rotation). WEBHOOK_SECRETS, when set, wins (the local
 * cloud sets it); otherwise the SSM parameter named by WEBHOOK_SECRETS_PARAMETER, cached five minutes
 * (src/kernel/adapters/ssm-parameters.ts) so a rotation takes effect without a deploy. A secret that is not
 * `whsec_` with at least 24 random bytes is a ConfigError when read, naming where it came from and what
 * is wrong, never the secret itself.
 */

export async function webhookSecrets(
  env: Record<string, string | undefined> = process.env,
  source: () => ParameterSource = ssmParameters,
): Promise<string[]> {
  if (env.WEBHOOK_SECRETS) return checkedWebhookSecrets(splitSecrets(env.WEBHOOK_SECRETS), 'WEBHOOK_SECRETS');
  const name = env.WEBHOOK_SECRETS_PARAMETER;
  if (!name) throw new Error('set WEBHOOK_SECRETS_PARAMETER (SSM parameter name) or WEBHOOK_SECRETS');
  return checkedWebhookSecrets(
    splitSecrets(await readSecretParameter(name, source())),
    `SSM parameter ${name}`,
  );
}

/** The secrets as read, or a ConfigError naming every bad one by its position in `where`. */
export function checkedWebhookSecrets(secrets: string[], where: string): string[] {
  const problems = secrets.length
    ? secrets.flatMap((secret, index) => webhookSecretProblem(secret, index) ?? [])
    : ['no webhook secret is configured'];
  if (problems.length) throw new ConfigError(problems.map((problem) => `${where}: ${problem}`));
  return secrets;
}
