/**
 * The rule a Standard Webhooks secret follows, apart from the package (every function reads the secrets'
 * configuration, only the webhook verifies): `whsec_`, then base64 of at least MIN_SECRET_BYTES random bytes.
 */
const SECRET_PREFIX = 'whsec_';
/** Padded base64, as the package's decoder requires it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard Webhooks: a symmetric secret is random, "at least 24 bytes" (docs/aws-facts.md, HR vendors). */
export const MIN_SECRET_BYTES = 24;

/** What is wrong with a secret, or undefined. Names it by its position only, never by its value. */
export function webhookSecretProblem(secret: unknown, index: number): string | undefined {
  const encoded =
    typeof secret === 'string' && secret.startsWith(SECRET_PREFIX)
      ? secret.slice(SECRET_PREFIX.length)
      : undefined;
  const rule = `webhook secret #${index + 1} must be whsec_ followed by at least ${MIN_SECRET_BYTES} random bytes in base64`;
  if (encoded === undefined) return `${rule} (the whsec_ prefix is missing)`;
  if (!encoded || !BASE64.test(encoded)) return `${rule} (it is not base64)`;
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < MIN_SECRET_BYTES) return `${rule} (it has ${bytes})`;
  return undefined;
}
