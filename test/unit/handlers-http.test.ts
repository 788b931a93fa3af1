import { describe, expect, it } from 'vitest';
import { adminApiFunction } from '../../functions/admin-api/handler';
import { resumeRoute } from '../../functions/admin-api/routes/resume';
import type { AdminApiDeps } from '../../functions/admin-api/routes/route';
import {
  handleWebhook,
  MAX_BODY_BYTES,
  type WebhookDeps,
  webhookFunction,
} from '../../functions/hr-webhook/handler';
import { type SetupDeps, setupFunction } from '../../functions/password-setup/handler';
import { sampleHire } from '../../local/webhook-client';
import { parseAdminTokens } from '../../src/admin/tokens';
import { signWebhook } from '../../src/intake/webhooks/standard-webhooks';
import { ActionNotAllowedError } from '../../src/kernel/errors';
import { newSetupToken } from '../../src/kernel/hire/setup-token';
import { appWorld, sampleHire as storedHire } from '../support/fakes';
import { captureLines, httpRequest, lambdaContext } from '../support/lambda';

/**
 * The HTTP functions' seams and chains with in-memory ports: the webhook, the admin API's routes behind its
 * authentication and @middy/http-router, and the password page. No network: what they answer and what they
 * leave in the table, the workflows and the outbox.
 */
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const ADMIN_TOKEN = 'alice-token-0123456789abcdefghij';

const request = httpRequest;

const problemOf = (res: { body?: string }) => JSON.parse(res.body ?? '{}');

describe('hr-webhook', () => {
  function webhookWorld() {
    const w = appWorld();
    let secretReads = 0;
    const deps: WebhookDeps = {
      ...w.deps,
      secrets: async () => {
        secretReads++;
        return [SECRET];
      },
    };
    return { ...w, deps, secretReads: () => secretReads };
  }

  /** A Standard Webhooks delivery signed with SECRET at the test clock's time. */
  function delivery(nowMs: number, body: unknown, id = 'msg_1', over: Record<string, string> = {}) {
    const rawBody = JSON.stringify(body);
    const timestamp = Math.floor(nowMs / 1000);
    return request('POST', '/webhooks/hr', {
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id, timestamp, rawBody, secret: SECRET }),
        ...over,
      },
      body: rawBody,
    });
  }

  const hired = sampleHire();

  it('accepts a signed hire: 202, one hire stored and one execution started', async () => {
    const w = webhookWorld();
    const res = await handleWebhook(delivery(w.clock.nowMs(), hired), w.deps);
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body!)).toEqual({ hireId: 'hr-E-10023', stage: 'RECEIVED' });
    expect([...w.table.hires.keys()]).toEqual(['hr-E-10023']);
    expect(w.sfn.started).toEqual([
      {
        name: 'hire-hr-E-10023',
        input: { hireId: 'hr-E-10023', provisionAt: w.table.hires.get('hr-E-10023')!.provisionAt },
      },
    ]);
  });

  it('answers a bad signature 401 and stores nothing', async () => {
    const w = webhookWorld();
    const res = await handleWebhook(
      delivery(w.clock.nowMs(), hired, 'msg_2', {
        'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}`,
      }),
      w.deps,
    );
    expect(res.statusCode).toBe(401);
    expect(problemOf(res)).toMatchObject({ title: 'Unauthorized' });
    expect(w.table.hires.size).toBe(0);
    expect(w.sfn.started.length).toBe(0);
  });

  it('answers invalid fields 400 with every field named, nothing stored', async () => {
    const w = webhookWorld();
    const body = { type: 'employee.hired', data: { ...hired.data, email: 'not-an-address', userName: '' } };
    const res = await handleWebhook(delivery(w.clock.nowMs(), body), w.deps);
    expect(res.statusCode).toBe(400);
    expect(
      problemOf(res)
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['data.email', 'data.userName']);
    expect(w.table.hires.size).toBe(0);
  });

  it('through its chain: 415 and 413 before the signature is looked at, 500 "try again later" when the secrets cannot be read', async () => {
    const w = webhookWorld();
    const handler = webhookFunction(() => w.deps);
    const plain = await handler(
      delivery(w.clock.nowMs(), hired, 'msg_3', { 'content-type': 'text/plain' }),
      lambdaContext('hrWebhook'),
    );
    expect([plain.statusCode, problemOf(plain).detail]).toEqual([415, 'send Content-Type: application/json']);
    const huge = delivery(w.clock.nowMs(), { ...hired, padding: 'x'.repeat(MAX_BODY_BYTES) });
    const tooBig = await handler(huge, lambdaContext('hrWebhook'));
    expect([tooBig.statusCode, problemOf(tooBig).detail]).toEqual([
      413,
      `the body must be at most ${MAX_BODY_BYTES} bytes`,
    ]);
    expect(w.secretReads()).toBe(0);

    const broken = webhookFunction(() => ({
      ...w.deps,
      secrets: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      },
    }));
    const { result } = await captureLines(() =>
      broken(delivery(w.clock.nowMs(), hired), lambdaContext('hrWebhook')),
    );
    expect([result.statusCode, problemOf(result).detail]).toEqual([500, 'try again later']);
    expect(w.table.hires.size).toBe(0);
  });
});

describe('admin-api', () => {
  function adminWorld() {
    const w = appWorld();
    const deps: AdminApiDeps = {
      ...w.deps,
      tokens: async () => parseAdminTokens(`alice:${ADMIN_TOKEN}`),
    };
    return { ...w, deps, api: adminApiFunction(() => deps) };
  }
  const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it('answers 401 problem+json to a caller with neither an IAM identity nor a known token, on any route', async () => {
    const { api } = adminWorld();
    for (const [method, path] of [
      ['GET', '/admin/hires'],
      ['POST', '/admin/hires/E-1/cancel'],
      ['GET', '/admin/nowhere'],
    ] as const) {
      const res = await captureLines(() =>
        api(request(method, path, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })),
      );
      expect(res.result.statusCode, path).toBe(401);
      expect(problemOf(res.result)).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('records the IAM principal or the token’s name as who cancelled, and answers with the route’s result', async () => {
    const { api, stores, table } = adminWorld();
    stores.seed(storedHire({ stage: 'QUEUED' }));
    stores.seed(storedHire({ stage: 'QUEUED', person: { ...storedHire().person, employeeId: 'E-2' } }));
    const byToken = await api(
      request('POST', '/admin/hires/E-1/cancel', {
        routePath: '/admin/hires/{employeeId}/cancel',
        pathParameters: { employeeId: 'E-1' },
        headers: { ...bearer, 'content-type': 'application/json' },
        body: '{"reason":"offer withdrawn"}',
      }),
    );
    expect(byToken.statusCode).toBe(200);
    expect(JSON.parse(byToken.body!)).toMatchObject({ employeeId: 'E-1' });
    const iam = request('POST', '/admin/hires/E-2/cancel', { pathParameters: { employeeId: 'E-2' } });
    (iam.requestContext as any).authorizer = { iam: { userArn: 'arn:aws:iam::000000000000:user/bob' } };
    expect((await api(iam)).statusCode).toBe(200);
    const who = (hireId: string) => table.events.get(hireId)?.find((e) => e.type === 'cancelled')?.by;
    expect([who('hr-E-1'), who('hr-E-2')]).toEqual(['token:alice', 'arn:aws:iam::000000000000:user/bob']);
    expect(table.hires.get('hr-E-1')?.stage).toBe('CANCELLED');
  });

  it('maps the use cases’ errors: 404 for an unknown employee, 409 naming the stage for an action it does not allow', async () => {
    const { api, stores } = adminWorld();
    const missing = await api(
      request('GET', '/admin/hires/E-404', { pathParameters: { employeeId: 'E-404' }, headers: bearer }),
    );
    expect([missing.statusCode, problemOf(missing).detail]).toEqual([
      404,
      'no hire with hire id or employee id E-404',
    ]);
    stores.seed(storedHire({ stage: 'ACTIVE' }));
    const active = await api(
      request('POST', '/admin/hires/E-1/cancel', { pathParameters: { employeeId: 'E-1' }, headers: bearer }),
    );
    expect(active.statusCode).toBe(409);
    expect(problemOf(active)).toMatchObject({ stage: 'ACTIVE', action: 'cancel' });
  });

  it('names a hire by the hire id list prints, or by an employee id exactly one hire has; several: 409 naming them', async () => {
    const { api, stores } = adminWorld();
    const hire = (source: string, employeeId: string) => {
      const base = storedHire({ person: { ...storedHire().person, employeeId } });
      return { ...base, source, hireId: `${source}-${employeeId}` };
    };
    // A /webhooks/hr employee whose id begins with a source's name, the HiBob employee 42, and an
    // employee id that /webhooks/hr and BambooHR both use.
    for (const h of [hire('hr', 'E-1'), hire('hr', 'hibob-42'), hire('hibob', '42')]) stores.seed(h);
    for (const h of [hire('bamboohr', '123'), hire('hr', '123')]) stores.seed(h);
    const status = async (named: string) => {
      const res = await api(
        request('GET', `/admin/hires/${encodeURIComponent(named)}`, {
          pathParameters: { employeeId: named },
          headers: bearer,
        }),
      );
      return res.statusCode === 200 ? JSON.parse(res.body!).hireId : [res.statusCode, problemOf(res)];
    };
    expect(await status('hr-E-1')).toBe('hr-E-1');
    expect(await status('E-1')).toBe('hr-E-1');
    expect(await status('hibob-42')).toBe('hibob-42');
    expect(await status('42')).toBe('hibob-42');
    expect(await status('hr-hibob-42')).toBe('hr-hibob-42');
    expect(await status('bamboohr-123')).toBe('bamboohr-123');
    expect(await status('hr-123')).toBe('hr-123');
    expect(await status('123')).toEqual([
      409,
      expect.objectContaining({
        detail: '123 is the employee id of 2 hires: name one by its hire id (hr-123, bamboohr-123)',
        hireIds: ['hr-123', 'bamboohr-123'],
      }),
    ]);
    // An action takes the same names, and an ambiguous one changes nothing.
    const cancel = (named: string) =>
      api(
        request('POST', `/admin/hires/${named}/cancel`, {
          pathParameters: { employeeId: named },
          headers: bearer,
        }),
      );
    expect((await cancel('123')).statusCode).toBe(409);
    expect(stores.table.hires.get('hr-123')?.stage).toBe('RECEIVED');
    expect(stores.table.hires.get('bamboohr-123')?.stage).toBe('RECEIVED');
    expect((await cancel('42')).statusCode).toBe(200);
    expect(stores.table.hires.get('hibob-42')?.stage).toBe('CANCELLED');
    expect(stores.table.hires.get('hr-hibob-42')?.stage).toBe('RECEIVED');
  });

  it('GET /admin/report: the report of the stored hires; a bad query is 400 naming each field', async () => {
    const { api, stores } = adminWorld();
    stores.seed(storedHire({ stage: 'QUEUED' }));
    stores.seed(storedHire({ stage: 'ACTIVE', person: { ...storedHire().person, employeeId: 'E-2' } }));
    const ok = await api(request('GET', '/admin/report', { headers: bearer }));
    expect(ok.statusCode).toBe(200);
    const report = JSON.parse(ok.body!);
    expect(report.total).toBe(2);
    expect(report.funnel).toContainEqual({ stage: 'ACTIVE', count: 1 });
    const bad = await api(
      request('GET', '/admin/report', { headers: bearer, queryStringParameters: { since: 'x', wave: ' ' } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors).toEqual([
      { field: 'since', message: 'must be a date or time, e.g. 2025-04-01' },
      { field: 'wave', message: 'must not be blank' },
    ]);
  });

  it('checks each route’s body and query: CSV only for imports, a JSON object for actions, whole numbers for limits', async () => {
    const { api } = adminWorld();
    const csvAsJson = await api(
      request('POST', '/admin/imports', {
        headers: { ...bearer, 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect([csvAsJson.statusCode, problemOf(csvAsJson).detail]).toEqual([
      415,
      'send the wave as Content-Type: text/csv',
    ]);
    const notAnObject = await api(
      request('POST', '/admin/hires/E-1/reinvite', {
        pathParameters: { employeeId: 'E-1' },
        headers: { ...bearer, 'content-type': 'application/json' },
        body: '[1]',
      }),
    );
    expect([notAnObject.statusCode, problemOf(notAnObject).errors]).toEqual([
      400,
      [{ field: 'body', message: 'must be a JSON object' }],
    ]);
    const badQuery = await api(
      request('GET', '/admin/hires', {
        headers: bearer,
        queryStringParameters: { limit: '0', stage: 'NOPE' },
      }),
    );
    expect(problemOf(badQuery).errors.map((e: { field: string }) => e.field)).toEqual(['stage', 'limit']);
    const nowhere = await api(request('GET', '/admin/nowhere', { headers: bearer }));
    expect([nowhere.statusCode, problemOf(nowhere).detail]).toEqual([
      404,
      'no admin route GET /admin/nowhere',
    ]);
  });

  it('lets a route run on its own with its dependencies and the caller (the seam the router calls)', async () => {
    const { deps, stores } = adminWorld();
    stores.seed(storedHire({ stage: 'INVITED' }));
    const event = request('POST', '/admin/hires/E-1/resume', { pathParameters: { employeeId: 'E-1' } });
    await expect(resumeRoute.handle(event, { deps, by: 'token:alice' })).rejects.toBeInstanceOf(
      ActionNotAllowedError,
    );
  });
});

describe('password-setup', () => {
  async function setupWorld() {
    const w = appWorld();
    const { token, hash } = newSetupToken();
    w.stores.seed(
      storedHire({
        stage: 'INVITED',
        invitedAt: '2027-03-25T00:00:00Z',
        setupTokenHash: hash,
        setupTokenExpiresAt: '2027-04-01T00:00:00Z',
      }),
    );
    await w.deps.setupTokens.put(hash, 'hr-E-1', new Date('2027-04-01T00:00:00Z'));
    const deps: SetupDeps = w.deps;
    return { ...w, token, deps, page: setupFunction(() => deps) };
  }
  const form = (token: string, body: string, type = 'application/x-www-form-urlencoded') =>
    request('POST', `/setup/${token}`, {
      pathParameters: { token },
      headers: { 'content-type': type },
      body,
    });

  it('shows the form for the current link and the expired page for an unknown one, as HTML with its CSP', async () => {
    const { page, token } = await setupWorld();
    const open = await page(request('GET', `/setup/${token}`, { pathParameters: { token } }));
    expect(open.statusCode).toBe(200);
    expect(open.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(open.headers?.['content-security-policy']).toContain("form-action 'self'");
    expect(open.headers?.['x-frame-options']).toBe('DENY');
    expect(open.body).toContain('hyamada');
    const unknown = await page(request('GET', '/setup/nope', { pathParameters: { token: 'nope' } }));
    expect(unknown.statusCode).toBe(410);
  });

  it('sets the password once through the directory and never writes it to the logs', async () => {
    const w = await setupWorld();
    const password = 'Correct-Horse-9';
    const { result, lines, stderr } = await captureLines(() =>
      w.page(form(w.token, new URLSearchParams({ password, confirm: password }).toString())),
    );
    expect(result.statusCode).toBe(200);
    expect(w.directory.resets).toEqual([{ directoryId: 'd-95671a2b3c', userName: 'hyamada' }]);
    expect(w.table.hires.get('hr-E-1')?.stage).toBe('PASSWORD_SET');
    expect(JSON.stringify([lines, stderr])).not.toContain(password);
  });

  it("gives the directory call the function's remaining time: with too little left it is not made", async () => {
    const w = await setupWorld();
    const body = new URLSearchParams({ password: 'Correct-Horse-9', confirm: 'Correct-Horse-9' }).toString();
    const late = await w.page(form(w.token, body), lambdaContext('passwordSetup', 800));
    expect(late.statusCode).toBe(503);
    expect(late.body).toContain('何も変更されていません');
    expect(w.directory.resets).toEqual([]);
    const inTime = await w.page(form(w.token, body), lambdaContext('passwordSetup', 9_000));
    expect(inTime.statusCode).toBe(200);
    expect(w.directory.resets).toHaveLength(1);
  });

  it('answers a refused request in plain text, as a person reads it', async () => {
    const w = await setupWorld();
    const wrongType = await w.page(form(w.token, '{}', 'application/json'));
    expect([wrongType.statusCode, wrongType.body]).toEqual([415, 'Unsupported Media Type']);
    expect(wrongType.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    const tooBig = await w.page(form(w.token, `password=${'x'.repeat(5000)}`));
    expect([tooBig.statusCode, tooBig.body]).toEqual([413, 'Payload Too Large']);
    expect(w.directory.resets).toEqual([]);
  });
});
