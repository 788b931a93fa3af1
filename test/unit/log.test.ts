import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logContext } from '../../src/kernel/http/observability';
import { describeError, log, logger } from '../../src/kernel/log';
import { captureLines, lambdaContext } from '../support/lambda';

/**
 * The structured logs through Powertools: one JSON line each, Powertools' standard keys, and the product's
 * rule that personal data never reaches CloudWatch.
 */
let level: string | undefined;
beforeEach(() => {
  level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'debug';
});
afterEach(() => {
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
});

describe('log lines', () => {
  it('are one JSON object each, with the level, the message, the service and the caller’s fields', async () => {
    const { lines } = await captureLines(async () =>
      log.info('hire accepted', { hireId: 'hr-E-1', changed: [] }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'hire accepted',
      service: 'onboarding',
      hireId: 'hr-E-1',
      changed: [],
    });
    expect(Date.parse(lines[0]!.timestamp)).not.toBeNaN();
  });

  it('replace every field whose name suggests personal data or a secret, in any case', async () => {
    const fields = {
      email: 'hanako@example.co.jp',
      managerEmail: 'boss@example.co.jp',
      'E-Mail-Address': 'x@example.com',
      givenName: '花子',
      familyName: '山田',
      USERNAME: 'hyamada',
      password: 'Secret-123',
      confirm: 'Secret-123',
      token: 'abc',
      taskToken: 'AAAA',
      phone: '+81',
      body: '{"data":{}}',
      hireId: 'hr-E-1',
      reason: 'bad-signature',
    };
    const { stderr } = await captureLines(async () => log.warn('careless', fields));
    const line = stderr[0]!;
    for (const key of Object.keys(fields).filter((k) => !['hireId', 'reason'].includes(k))) {
      expect(line[key], key).toBe('[redacted]');
    }
    expect(line).toMatchObject({ hireId: 'hr-E-1', reason: 'bad-signature', level: 'WARN' });
    expect(JSON.stringify(line)).not.toMatch(/hanako|花子|Secret-123|hyamada/);
  });

  it('replace personal fields at any depth: nested objects, arrays of them, errors inside', async () => {
    const shared = { hireId: 'hr-E-2' };
    const fields = {
      detail: { email: 'hanako@example.co.jp', person: { givenName: '花子', stage: 'INVITED' } },
      hires: [{ userName: 'hyamada', hireId: 'hr-E-1' }, shared, shared],
      nested: { failure: new Error('no', { cause: new Error('deeper') }) },
      when: new Date('2027-04-01T00:00:00Z'),
    };
    const { lines } = await captureLines(async () => log.info('nested', fields));
    expect(lines[0]).toMatchObject({
      detail: { email: '[redacted]', person: { givenName: '[redacted]', stage: 'INVITED' } },
      hires: [{ userName: '[redacted]', hireId: 'hr-E-1' }, { hireId: 'hr-E-2' }, { hireId: 'hr-E-2' }],
      nested: { failure: { name: 'Error', message: 'no', cause: { name: 'Error', message: 'deeper' } } },
      when: '2027-04-01T00:00:00.000Z',
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/hanako|花子|hyamada/);
  });

  it('write a cycle or an object deeper than eight levels as a marker, never walk it forever', async () => {
    const cyclic: Record<string, unknown> = { hireId: 'hr-E-1' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { email: 'hanako@example.co.jp' };
    for (let i = 0; i < 12; i += 1) deep = { level: deep };
    const { lines } = await captureLines(async () => log.info('odd shapes', { cyclic, deep }));
    expect(lines[0]!.cyclic).toEqual({ hireId: 'hr-E-1', self: '[circular]' });
    expect(JSON.stringify(lines[0])).toContain('[too deep]');
    expect(JSON.stringify(lines[0])).not.toContain('hanako');
  });

  it('describe an error by its name, message and causes, never the payload an SDK error carries', async () => {
    const sdk = Object.assign(new Error('Throttled'), {
      name: 'ThrottlingException',
      $response: { body: 'hanako@example.co.jp' },
    });
    const err = new Error('send failed', { cause: sdk });
    const { stderr } = await captureLines(async () => log.error('x', { error: err, direct: sdk }));
    expect(stderr[0]!.error).toEqual({
      name: 'Error',
      message: 'send failed',
      cause: { name: 'ThrottlingException', message: 'Throttled' },
    });
    expect(stderr[0]!.direct).toEqual(describeError(sdk));
    // Described ahead of time and nested, an error keeps its name (a name field elsewhere is a person's).
    const again = await captureLines(async () => log.error('y', { step: { error: describeError(err) } }));
    expect(again.stderr[0]!.step).toEqual({ error: stderr[0]!.error });
    expect(JSON.stringify(stderr[0])).not.toContain('hanako');
  });

  it('apply the rule to keys appended to the logger too', async () => {
    logger().appendKeys({ email: 'hanako@example.co.jp', tenant: 'corp' });
    try {
      const { lines } = await captureLines(async () => log.info('with keys'));
      expect(lines[0]).toMatchObject({ email: '[redacted]', tenant: 'corp' });
    } finally {
      logger().resetKeys();
    }
  });

  it('follow LOG_LEVEL, also when it changes after the module was loaded (the local cloud sets it late)', async () => {
    process.env.LOG_LEVEL = 'error';
    const quiet = await captureLines(async () => {
      log.info('not shown');
      log.warn('not shown either');
      log.error('shown');
    });
    expect([...quiet.lines, ...quiet.stderr].map((l) => l.message)).toEqual(['shown']);
    process.env.LOG_LEVEL = 'debug';
    const loud = await captureLines(async () => log.debug('now shown'));
    expect(loud.lines.map((l) => l.message)).toEqual(['now shown']);
  });

  it('carry the function name, the request id and the cold start once the chain has seen the context', async () => {
    const middleware = logContext();
    await middleware.before?.({ context: lambdaContext('hrWebhook') } as never);
    const { lines } = await captureLines(async () => log.info('in an invocation'));
    expect(lines[0]).toMatchObject({
      function_name: 'onboarding-test-hrWebhook',
      function_request_id: 'req-hrWebhook',
    });
    expect(typeof lines[0]!.cold_start).toBe('boolean');
  });
});
