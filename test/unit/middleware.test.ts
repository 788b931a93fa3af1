import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  HireNotFoundError,
  StageConflictError,
  TransientError,
  ValidationError,
} from '../../src/kernel/errors';
import { eventFunction, httpFunction } from '../../src/kernel/http/chains';
import { json } from '../../src/kernel/http/responses';
import { invocationRemainingMs } from '../../src/kernel/invocation';
import { captureLines, httpRequest, lambdaContext } from '../support/lambda';

/**
 * The two middy chains every function is built from (src/kernel/http/chains.ts), with stand-in handlers:
 * dependencies once per cold start, errors that keep their names on the way to Step Functions, and the
 * HTTP edge's body rules and problem+json answers.
 */
const httpEvent = (over: Partial<APIGatewayProxyEventV2> = {}) =>
  httpRequest('POST', '/things/E-9', { routePath: '/things/{id}', ...over });

const JSON_RULE = {
  type: 'json' as const,
  maxBytes: 10,
  unsupported: 'send Content-Type: application/json',
  tooLarge: 'the body must be at most 10 bytes',
};

describe('the event chain (Step Functions tasks, schedules, EventBridge)', () => {
  it('builds the dependencies once per cold start and hands the same set to every invocation', async () => {
    let builds = 0;
    const seen: unknown[] = [];
    const handler = eventFunction(async (_event: unknown, deps: { n: number }) => seen.push(deps), {
      deps: () => ({ n: ++builds }),
    });
    await handler({}, lambdaContext('a'));
    await handler({}, lambdaContext('a'));
    expect(builds).toBe(1);
    expect(seen[0]).toBe(seen[1]);
  });

  it('tries a failed build again on the next invocation, and the failure keeps its name', async () => {
    let attempts = 0;
    const handler = eventFunction(async (_e: unknown, deps: string) => deps, {
      deps: () => {
        if (++attempts === 1) throw new ValidationError([{ field: 'config.x', message: 'missing' }]);
        return 'ready';
      },
    });
    await expect(handler({})).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(handler({})).resolves.toBe('ready');
  });

  it('lets a thrown error out under its own name, the errorType a Retry or Catch matches', async () => {
    const handler = eventFunction(
      async () => {
        throw new TransientError('another attempt holds the claim');
      },
      { deps: () => ({}) },
    );
    const err = await handler({}, lambdaContext('sendInvitation')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).name).toBe('TransientError');
  });

  it('never answers for Lambda near the deadline: a slow handler is not cut short under another name', async () => {
    const handler = eventFunction(
      async () => {
        await new Promise((r) => setTimeout(r, 30));
        return 'finished';
      },
      { deps: () => ({}) },
    );
    // 10 ms left: middy's default would throw its own TimeoutError 5 ms before; Lambda's timeout is the rule.
    await expect(handler({}, lambdaContext('slow', 10))).resolves.toBe('finished');
  });
});

describe('the time an invocation has left', () => {
  it('is known deep inside each invocation, each its own when several run at once', async () => {
    const handler = eventFunction(
      async (wait: number) => {
        await new Promise((r) => setTimeout(r, wait));
        return invocationRemainingMs();
      },
      { deps: () => ({}) },
    );
    const [long, short] = await Promise.all([
      handler(20, lambdaContext('a', 60_000)),
      handler(5, lambdaContext('b', 5_000)),
    ]);
    expect(long).toBeGreaterThan(50_000);
    expect(short).toBeLessThanOrEqual(5_000);
    // Outside an invocation (a script, a unit test of a use case): no limit.
    expect(invocationRemainingMs()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the HTTP chain', () => {
  const echo = httpFunction(
    async (event) => json(200, { type: event.headers['content-type'], id: event.pathParameters?.id }),
    { deps: () => ({}), failure: 'try again later', body: JSON_RULE },
  );

  it('gives the handler lower-case header names whoever invoked it', async () => {
    const res = await echo(httpEvent({ headers: { 'Content-Type': 'application/json' }, body: '{}' }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ type: 'application/json' });
  });

  it('refuses a body of another media type with 415 problem+json before the handler runs', async () => {
    const res = await echo(httpEvent({ headers: { 'content-type': 'text/plain' }, body: '{}' }));
    expect(res.statusCode).toBe(415);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body!)).toEqual({
      type: 'about:blank',
      title: 'Unsupported Media Type',
      status: 415,
      detail: 'send Content-Type: application/json',
    });
  });

  it('refuses a body over the limit with 413, counting the bytes as sent (base64 decoded)', async () => {
    const body = Buffer.from('{"a":"1234567"}').toString('base64');
    const res = await echo(
      httpEvent({ headers: { 'content-type': 'application/json' }, body, isBase64Encoded: true }),
    );
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body!)).toMatchObject({ title: 'Payload Too Large', detail: JSON_RULE.tooLarge });
    const fits = await echo(
      httpEvent({
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"a":"12"}').toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(fits.statusCode).toBe(200);
  });

  it('answers a domain error with its status, and any other error with 500 and the function’s advice only', async () => {
    const failing = (err: Error) =>
      httpFunction(
        async () => {
          throw err;
        },
        { deps: () => ({}), failure: 'try again later' },
      );
    const notFound = await failing(new HireNotFoundError('hr-E-9'))(
      httpEvent({ pathParameters: { employeeId: 'E-9' } }),
    );
    expect(notFound.statusCode).toBe(404);
    expect(JSON.parse(notFound.body!).detail).toBe('no hire with hire id or employee id E-9');
    const conflict = await failing(
      new StageConflictError({ hireId: 'hr-E-9', expected: ['INVITED'], actual: 'ACTIVE' }),
    )(httpEvent());
    expect(conflict.statusCode).toBe(409);
    expect(JSON.parse(conflict.body!).stage).toBe('ACTIVE');

    const { result: crash, stderr } = await captureLines(() =>
      failing(new Error('socket hang up: secret-host.internal'))(httpEvent()),
    );
    expect(crash.statusCode).toBe(500);
    expect(crash.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(crash.body!)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'try again later',
    });
    expect(crash.body).not.toContain('secret-host');
    const logged = stderr.find((l) => l.message === 'request failed');
    expect(logged?.error).toEqual({ name: 'Error', message: 'socket hang up: secret-host.internal' });
  });

  it('lets a page answer every error in its own words (plain text, no problem+json)', async () => {
    const page = httpFunction(
      async () => {
        throw new HireNotFoundError('hr-E-9');
      },
      {
        deps: () => ({}),
        failure: 'Something went wrong.',
        render: (status, title, detail) => ({
          statusCode: status,
          headers: { 'content-type': 'text/plain' },
          body: status >= 500 ? detail : title,
        }),
        body: { ...JSON_RULE, type: 'application/x-www-form-urlencoded', methods: ['POST'] },
      },
    );
    const refused = await page(httpEvent({ headers: { 'content-type': 'application/json' }, body: 'x' }));
    expect([refused.statusCode, refused.body]).toEqual([415, 'Unsupported Media Type']);
    const get = httpEvent();
    get.requestContext.http.method = 'GET';
    const { result } = await captureLines(() => page(get));
    expect([result.statusCode, result.body]).toEqual([500, 'Something went wrong.']);
  });
});
