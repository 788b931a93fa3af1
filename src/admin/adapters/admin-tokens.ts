import {
  type ParameterSource,
  readSecretParameter,
  ssmParameters,
} from '../../kernel/adapters/ssm-parameters';
import { type AdminToken, parseAdminTokens } from '../tokens';

/**
 * Bearer tokens of the admin API: ADMIN_TOKENS (the local cloud sets it), else the SSM parameter named by
 * ADMIN_TOKENS_PARAMETER (cached five minutes, so a rotation needs no deploy: src/kernel/adapters/ssm-parameters.ts),
 * else none. On AWS the IAM authorizer is the way in and neither is set: API Gateway rejects unsigned
 * requests before the Lambda.
 */
let parsed: { raw: string; tokens: AdminToken[] } | undefined;

/** Hashing every token on every request would be waste: the parsed set is kept while its text is the same. */
function tokensOf(raw: string): AdminToken[] {
  if (parsed?.raw !== raw) parsed = { raw, tokens: parseAdminTokens(raw) };
  return parsed.tokens;
}

export async function adminTokens(
  env: Record<string, string | undefined> = process.env,
  source: () => ParameterSource = ssmParameters,
): Promise<AdminToken[]> {
  if (env.ADMIN_TOKENS) return tokensOf(env.ADMIN_TOKENS);
  const name = env.ADMIN_TOKENS_PARAMETER;
  if (!name) return [];
  return tokensOf(await readSecretParameter(name, source()));
}
