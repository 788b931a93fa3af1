import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminTokens } from '../../src/admin/adapters/admin-tokens';
import { matchBearer } from '../../src/admin/tokens';
import { webhookSecrets } from '../../src/intake/adapters/webhook-secrets';
import { ConfigError } from '../../src/kernel/errors';

/**
 * The webhook secrets and admin tokens through Powertools Parameters: the real SSM client and provider, with
 * SSM's answer stubbed in the client's middleware stack (no network). The cache runs on Date.now, moved here
 * with fake timers.
 */
function ssm(values: Record<string, string>) {
  const requests: { Name?: string; WithDecryption?: boolean }[] = [];
  const client = new SSMClient({
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = args.input as { Name?: string; WithDecryption?: boolean };
      expect(context.commandName).toBe(GetParameterCommand.name);
      requests.push({ Name: input.Name, WithDecryption: input.WithDecryption });
      return {
        output: { Parameter: { Name: input.Name, Value: values[input.Name!] }, $metadata: {} },
        response: {},
      };
    },
    { step: 'initialize', name: 'stubSsm' },
  );
  const provider = new SSMProvider({ awsSdkV3Client: client });
  return { values, requests, source: () => provider };
}

const SECRET_A = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;
const SECRET_B = `whsec_${Buffer.alloc(24, 2).toString('base64')}`;
const TOKEN = 'alice:0123456789abcdefghijklmnopqrstuv';

afterEach(() => {
  vi.useRealTimers();
});

describe('webhook secrets', () => {
  it('come from WEBHOOK_SECRETS when it is set (the local cloud), without asking SSM', async () => {
    const store = ssm({});
    const env = {
      WEBHOOK_SECRETS: `${SECRET_A}, ${SECRET_B}`,
      WEBHOOK_SECRETS_PARAMETER: '/onboarding/dev/webhook-secrets',
    };
    expect(await webhookSecrets(env, store.source)).toEqual([SECRET_A, SECRET_B]);
    expect(store.requests).toEqual([]);
  });

  it('are read from SSM decrypted, kept five minutes, and a rotation is picked up after that', async () => {
    vi.useFakeTimers({ now: Date.parse('2027-03-25T00:00:00Z'), toFake: ['Date'] });
    const name = '/onboarding/dev/webhook-secrets';
    const store = ssm({ [name]: SECRET_A });
    const env = { WEBHOOK_SECRETS_PARAMETER: name };
    expect(await webhookSecrets(env, store.source)).toEqual([SECRET_A]);
    store.values[name] = `${SECRET_A},${SECRET_B}`;
    vi.setSystemTime(Date.parse('2027-03-25T00:04:59Z'));
    expect(await webhookSecrets(env, store.source)).toEqual([SECRET_A]);
    vi.setSystemTime(Date.parse('2027-03-25T00:05:01Z'));
    expect(await webhookSecrets(env, store.source)).toEqual([SECRET_A, SECRET_B]);
    expect(store.requests).toEqual([
      { Name: name, WithDecryption: true },
      { Name: name, WithDecryption: true },
    ]);
  });

  it('shorter than 24 bytes are a configuration error when read, naming where and what, not the secret', async () => {
    const short = `whsec_${Buffer.alloc(16, 3).toString('base64')}`;
    const fromEnv = webhookSecrets({ WEBHOOK_SECRETS: `${SECRET_A},${short}` }, ssm({}).source);
    await expect(fromEnv).rejects.toBeInstanceOf(ConfigError);
    await expect(fromEnv).rejects.toThrow(
      'WEBHOOK_SECRETS: webhook secret #2 must be whsec_ followed by at least 24 random bytes in base64 (it has 16)',
    );
    const name = '/onboarding/dev/webhook-secrets';
    const fromSsm = webhookSecrets({ WEBHOOK_SECRETS_PARAMETER: name }, ssm({ [name]: short }).source);
    const error = await fromSsm.catch((err: unknown) => err as ConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      `SSM parameter ${name}: webhook secret #1 must be whsec_ followed by at least 24 random bytes in base64 (it has 16)`,
    ]);
    expect((error as ConfigError).message).not.toContain(short.slice(6));
  });

  it('say which variable to set when neither is', async () => {
    await expect(webhookSecrets({}, ssm({}).source)).rejects.toThrow(/WEBHOOK_SECRETS_PARAMETER/);
  });
});

describe('admin tokens', () => {
  it('come from ADMIN_TOKENS first, from the SSM parameter otherwise, and are none without either', async () => {
    const store = ssm({ '/onboarding/dev/admin-tokens': TOKEN });
    const inline = await adminTokens({ ADMIN_TOKENS: TOKEN, ADMIN_TOKENS_PARAMETER: '/x' }, store.source);
    expect(store.requests).toEqual([]);
    const fromSsm = await adminTokens(
      { ADMIN_TOKENS_PARAMETER: '/onboarding/dev/admin-tokens' },
      store.source,
    );
    expect(store.requests).toHaveLength(1);
    for (const tokens of [inline, fromSsm]) {
      expect(matchBearer('Bearer 0123456789abcdefghijklmnopqrstuv', tokens)?.name).toBe('alice');
    }
    expect(await adminTokens({}, store.source)).toEqual([]);
  });
});
