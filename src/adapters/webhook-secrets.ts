import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/**
 * The webhook signing secrets (several during a rotation). From SSM Parameter Store (a SecureString or
 * StringList named by WEBHOOK_SECRETS_PARAMETER) on AWS; WEBHOOK_SECRETS, when set, takes precedence.
 * Cached for five minutes so a rotation takes effect without a deploy.
 */
const TTL_MS = 5 * 60 * 1000;
let cached: { secrets: string[]; at: number } | undefined;
let client: SSMClient | undefined;

export function splitSecrets(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function webhookSecrets(
  env: Record<string, string | undefined> = process.env,
): Promise<string[]> {
  if (env.WEBHOOK_SECRETS) return splitSecrets(env.WEBHOOK_SECRETS);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.secrets;
  const name = env.WEBHOOK_SECRETS_PARAMETER;
  if (!name) throw new Error('set WEBHOOK_SECRETS_PARAMETER (SSM parameter name) or WEBHOOK_SECRETS');
  client ??= new SSMClient({});
  const out = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const secrets = splitSecrets(out.Parameter?.Value ?? '');
  cached = { secrets, at: Date.now() };
  return secrets;
}
