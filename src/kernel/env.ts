/** Reads a required environment variable once, failing with a message that names it. */
export function requiredEnv(name: string, env: Record<string, string | undefined> = process.env): string {
  const value = env[name];
  if (!value)
    throw new Error(`environment variable ${name} is required (see serverless.yml provider.environment)`);
  return value;
}
