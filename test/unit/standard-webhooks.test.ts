import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookSecretProblem,
} from '../../src/intake/webhooks/standard-webhooks';
import { WebhookSignatureError, type WebhookSignatureFailure } from '../../src/kernel/errors';

// The official Standard Webhooks test vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  rawBody: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const VECTOR_NOW = VECTOR.timestamp * 1000;

function vectorHeaders(signature = VECTOR.signature): Record<string, string> {
  return {
    'webhook-id': VECTOR.id,
    'webhook-timestamp': String(VECTOR.timestamp),
    'webhook-signature': signature,
  };
}

function failure(fn: () => unknown): WebhookSignatureFailure {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    return (error as WebhookSignatureError).reason;
  }
  throw new Error('expected verifyWebhook to throw');
}

describe('verifyWebhook', () => {
  it('accepts the official Standard Webhooks test vector', () => {
    expect(
      verifyWebhook({
        headers: vectorHeaders(),
        rawBody: VECTOR.rawBody,
        secrets: [VECTOR.secret],
        nowMs: VECTOR_NOW,
      }),
    ).toEqual({ id: VECTOR.id, timestamp: VECTOR.timestamp });
  });

  it('signs the test vector exactly like the reference implementation', () => {
    expect(signWebhook(VECTOR)).toBe(VECTOR.signature);
  });

  it('accepts the raw body as bytes', () => {
    const rawBody = new TextEncoder().encode(VECTOR.rawBody);
    expect(
      verifyWebhook({ headers: vectorHeaders(), rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }).id,
    ).toBe(VECTOR.id);
  });

  it('accepts a body signed with any of the active secrets (rotation)', () => {
    const next = generateWebhookSecret();
    const secrets = [next, VECTOR.secret];
    expect(
      verifyWebhook({ headers: vectorHeaders(), rawBody: VECTOR.rawBody, secrets, nowMs: VECTOR_NOW }).id,
    ).toBe(VECTOR.id);
    const signedWithNew = signWebhook({ ...VECTOR, secret: next });
    expect(
      verifyWebhook({
        headers: vectorHeaders(signedWithNew),
        rawBody: VECTOR.rawBody,
        secrets,
        nowMs: VECTOR_NOW,
      }).id,
    ).toBe(VECTOR.id);
  });

  it('accepts a header listing several signatures when one of them matches', () => {
    const other = signWebhook({ ...VECTOR, secret: generateWebhookSecret() });
    const headers = vectorHeaders(`v2,abc ${other}  ${VECTOR.signature}`);
    expect(
      verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }).id,
    ).toBe(VECTOR.id);
  });

  it('finds headers whatever their case', () => {
    const headers = {
      'Webhook-Id': VECTOR.id,
      'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    };
    expect(
      verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }).id,
    ).toBe(VECTOR.id);
  });

  it('rejects a body signed with a rotated-out secret', () => {
    const reason = failure(() =>
      verifyWebhook({
        headers: vectorHeaders(),
        rawBody: VECTOR.rawBody,
        secrets: [generateWebhookSecret()],
        nowMs: VECTOR_NOW,
      }),
    );
    expect(reason).toBe('bad-signature');
  });

  it.each([
    ['a tampered body', { rawBody: '{"test": 2432232315}' }],
    ['a body with different whitespace', { rawBody: '{"test":2432232314}' }],
    ['a different webhook-id', { id: 'msg_other' }],
  ])('rejects %s', (_name, change) => {
    const headers = vectorHeaders();
    if ('id' in change) headers['webhook-id'] = change.id;
    const rawBody = 'rawBody' in change ? change.rawBody : VECTOR.rawBody;
    expect(
      failure(() => verifyWebhook({ headers, rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW })),
    ).toBe('bad-signature');
  });

  it('rejects a timestamp changed after signing even inside the tolerance', () => {
    const headers = { ...vectorHeaders(), 'webhook-timestamp': String(VECTOR.timestamp + 1) };
    expect(
      failure(() =>
        verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }),
      ),
    ).toBe('bad-signature');
  });

  it.each([
    ['only other versions', 'v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ['no comma', 'v1g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ['not base64', 'v1,not*base64!'],
    ['a truncated signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE'],
    ['the raw hex digest', 'v1,83484cf52b04f8e4d3252dfed988a8d4b2669537b8524425595920e2c9d4e1'],
  ])('rejects a signature header with %s', (_name, signature) => {
    expect(
      failure(() =>
        verifyWebhook({
          headers: vectorHeaders(signature),
          rawBody: VECTOR.rawBody,
          secrets: [VECTOR.secret],
          nowMs: VECTOR_NOW,
        }),
      ),
    ).toBe('bad-signature');
  });

  it.each([
    ['webhook-id', 'missing-headers'],
    ['webhook-timestamp', 'missing-headers'],
    ['webhook-signature', 'missing-headers'],
  ] as const)('rejects a request without %s', (name, reason) => {
    const headers: Record<string, string | undefined> = vectorHeaders();
    delete headers[name];
    expect(
      failure(() =>
        verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }),
      ),
    ).toBe(reason);
  });

  it('rejects empty and oversized webhook ids', () => {
    for (const id of ['', '   ', 'x'.repeat(257), 'id with spaces']) {
      const headers = { ...vectorHeaders(), 'webhook-id': id };
      expect(
        failure(() =>
          verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }),
        ),
      ).toBe('missing-headers');
    }
  });

  it.each(['abc', '1614265330.5', '-1614265330', '1e9', '16142653300000000'])(
    'rejects the malformed timestamp %s',
    (timestamp) => {
      const headers = { ...vectorHeaders(), 'webhook-timestamp': timestamp };
      expect(
        failure(() =>
          verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }),
        ),
      ).toBe('bad-timestamp');
    },
  );

  it('accepts a message exactly at the edge of the 5-minute tolerance', () => {
    for (const nowMs of [VECTOR_NOW + 300_000, VECTOR_NOW - 300_000]) {
      expect(
        verifyWebhook({ headers: vectorHeaders(), rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs })
          .id,
      ).toBe(VECTOR.id);
    }
  });

  it('rejects a message older than the tolerance as stale (a replay)', () => {
    const nowMs = VECTOR_NOW + 301_000;
    expect(
      failure(() =>
        verifyWebhook({ headers: vectorHeaders(), rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs }),
      ),
    ).toBe('stale');
  });

  it('rejects a message from too far in the future as stale', () => {
    const nowMs = VECTOR_NOW - 301_000;
    expect(
      failure(() =>
        verifyWebhook({ headers: vectorHeaders(), rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs }),
      ),
    ).toBe('stale');
  });

  it('honours a custom tolerance', () => {
    const nowMs = VECTOR_NOW + 61_000;
    const input = { headers: vectorHeaders(), rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs };
    expect(failure(() => verifyWebhook({ ...input, toleranceSeconds: 60 }))).toBe('stale');
    expect(verifyWebhook({ ...input, toleranceSeconds: 120 }).id).toBe(VECTOR.id);
  });

  it.each([
    ['no secrets', []],
    ['a secret without the whsec_ prefix', ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']],
    ['a secret that is not base64', ['whsec_not base64!']],
    ['a secret that is too short', ['whsec_c2hvcnQ=']],
    [
      'a secret of 16 bytes (Standard Webhooks asks for at least 24)',
      [`whsec_${Buffer.alloc(16, 9).toString('base64')}`],
    ],
    ['a secret of 23 bytes', [`whsec_${Buffer.alloc(23, 9).toString('base64')}`]],
    ['one bad secret among good ones', [VECTOR.secret, 'whsec_']],
  ])('reports a configuration problem for %s, before looking at the request', (_name, secrets) => {
    expect(failure(() => verifyWebhook({ headers: {}, rawBody: '', secrets, nowMs: VECTOR_NOW }))).toBe(
      'bad-secret-config',
    );
  });

  it('checks the time on the injected clock, not the machine clock (the local clock can be moved)', () => {
    // The vector was signed in 2021: the package alone would call it years old.
    expect(() => new Webhook(VECTOR.secret).verify(VECTOR.rawBody, vectorHeaders())).toThrow(/too old/);
    expect(
      verifyWebhook({
        headers: vectorHeaders(),
        rawBody: VECTOR.rawBody,
        secrets: [VECTOR.secret],
        nowMs: VECTOR_NOW + 60_000,
      }).id,
    ).toBe(VECTOR.id);
    const ahead = Date.now() + 3 * 86_400_000;
    const timestamp = Math.floor(ahead / 1000);
    const secret = generateWebhookSecret();
    const signature = signWebhook({ id: 'msg_ahead', timestamp, rawBody: '{}', secret });
    const headers = {
      'webhook-id': 'msg_ahead',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    };
    expect(verifyWebhook({ headers, rawBody: '{}', secrets: [secret], nowMs: ahead }).timestamp).toBe(
      timestamp,
    );
    expect(
      failure(() => verifyWebhook({ headers, rawBody: '{}', secrets: [secret], nowMs: Date.now() })),
    ).toBe('stale');
  });

  it('signs what the package verifies, and verifies what the package signs', () => {
    const secret = generateWebhookSecret();
    const at = new Date(VECTOR_NOW);
    const theirs = new Webhook(secret).sign('msg_pkg', at, '{"a":1}');
    const headers = {
      'webhook-id': 'msg_pkg',
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': theirs,
    };
    expect(verifyWebhook({ headers, rawBody: '{"a":1}', secrets: [secret], nowMs: VECTOR_NOW }).id).toBe(
      'msg_pkg',
    );
    const ours = signWebhook({ id: 'msg_pkg', timestamp: VECTOR.timestamp, rawBody: '{"a":1}', secret });
    expect(ours).toBe(theirs);
  });

  it('refuses a timestamp with leading zeros (the signed number would not be the text sent)', () => {
    const headers = { ...vectorHeaders(), 'webhook-timestamp': `0${VECTOR.timestamp}` };
    expect(
      failure(() =>
        verifyWebhook({ headers, rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW }),
      ),
    ).toBe('bad-timestamp');
  });

  it('reads at most 16 signatures from the header', () => {
    const others = Array.from({ length: 16 }, () =>
      signWebhook({ ...VECTOR, secret: generateWebhookSecret() }),
    );
    const input = { rawBody: VECTOR.rawBody, secrets: [VECTOR.secret], nowMs: VECTOR_NOW };
    const within = vectorHeaders([...others.slice(1), VECTOR.signature].join(' '));
    expect(verifyWebhook({ ...input, headers: within }).id).toBe(VECTOR.id);
    const beyond = vectorHeaders([...others, VECTOR.signature].join(' '));
    expect(failure(() => verifyWebhook({ ...input, headers: beyond }))).toBe('bad-signature');
  });

  it('never puts the secret in the error message', () => {
    try {
      verifyWebhook({
        headers: vectorHeaders(),
        rawBody: '',
        secrets: ['whsec_c2hvcnQ='],
        nowMs: VECTOR_NOW,
      });
    } catch (error) {
      expect((error as Error).message).not.toContain('c2hvcnQ');
    }
  });
});

describe('webhookSecretProblem', () => {
  it('takes 24 bytes and more, and names a shorter secret by position and length, never by value', () => {
    expect(webhookSecretProblem(`whsec_${Buffer.alloc(24, 9).toString('base64')}`, 0)).toBeUndefined();
    expect(webhookSecretProblem(`whsec_${Buffer.alloc(64, 9).toString('base64')}`, 0)).toBeUndefined();
    const short = `whsec_${Buffer.alloc(16, 9).toString('base64')}`;
    const problem = webhookSecretProblem(short, 1);
    expect(problem).toBe(
      'webhook secret #2 must be whsec_ followed by at least 24 random bytes in base64 (it has 16)',
    );
    expect(problem).not.toContain(short.slice(6));
  });
});

describe('generateWebhookSecret', () => {
  it('makes whsec_ secrets of 24 random bytes that sign and verify', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(secret);
    const signature = signWebhook({ id: 'msg_1', timestamp: 1_700_000_000, rawBody: '{}', secret });
    expect(
      verifyWebhook({
        headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': signature },
        rawBody: '{}',
        secrets: [secret],
        nowMs: 1_700_000_000_000,
      }),
    ).toEqual({ id: 'msg_1', timestamp: 1_700_000_000 });
  });
});
