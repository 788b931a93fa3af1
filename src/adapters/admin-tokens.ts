import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type AdminToken, parseAdminTokens } from '../domain/admin-tokens';

/**
 * Bearer tokens of the admin API: ADMIN_TOKENS (the local cloud sets it), else the SSM parameter named by
 * ADMIN_TOKENS_PARAMETER (cached five minutes, so a rotation needs no deploy), else none. On AWS the IAM
 * authorizer is the way in and neither is set: API Gateway rejects unsigned requests before the Lambda.
 */
const TTL_MS = 5 * 60 * 1000;
let cached: { tokens: AdminToken[]; source: string; at: number } | undefined;
let client: SSMClient | undefined;

export async function adminTokens(
  env: Record<string, string | undefined> = process.env,
): Promise<AdminToken[]> {
  const inline = env.ADMIN_TOKENS;
  if (inline) {
    if (cached?.source !== `env:${inline}`)
      cached = { tokens: parseAdminTokens(inline), source: `env:${inline}`, at: 0 };
    return cached.tokens;
  }
  const name = env.ADMIN_TOKENS_PARAMETER;
  if (!name) return [];
  if (cached?.source === `ssm:${name}` && Date.now() - cached.at < TTL_MS) return cached.tokens;
  client ??= new SSMClient({});
  const out = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  cached = { tokens: parseAdminTokens(out.Parameter?.Value ?? ''), source: `ssm:${name}`, at: Date.now() };
  return cached.tokens;
}
