import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/admin';
import { ownRoutes } from '../../cli/command';
import { adminRoutesTable, routesTableIn, withRoutesTable } from '../../cli/routes-table';
import { adminApiFunction, ROUTES } from '../../functions/admin-api/handler';
import type { AdminApiDeps, AdminRoute } from '../../functions/admin-api/routes/route';
import { readServiceSpec } from '../../local/serverless-config';
import { ADMIN_CONTRACT, ADMIN_ROUTES, answerProblems, routePath } from '../../src/admin/contract';
import { parseAdminTokens } from '../../src/admin/tokens';
import { appWorld, sampleHire as storedHire } from '../support/fakes';
import { httpRequest } from '../support/lambda';

/**
 * The admin contract (src/admin/contract.ts) and what comes from it: the router's routes, serverless.yml's
 * events, the one request check, the answers, and the admin guide's table.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const ROUTES_DIR = join(ROOT, 'functions', 'admin-api', 'routes');
const TOKEN = 'alice-token-0123456789abcdefghij';

function adminWorld() {
  const w = appWorld();
  const deps: AdminApiDeps = { ...w.deps, tokens: async () => parseAdminTokens(`alice:${TOKEN}`) };
  const api = adminApiFunction(() => deps);
  const call = async (
    name: keyof typeof ADMIN_CONTRACT,
    opts: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      json?: string;
      csv?: string;
    } = {},
  ) => {
    const route = ADMIN_CONTRACT[name];
    const res = await api(
      httpRequest(route.method, routePath(route.path, opts.params ?? {}), {
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.csv !== undefined ? { 'content-type': 'text/csv' } : {}),
        },
        ...(opts.query ? { queryStringParameters: opts.query } : {}),
        ...(opts.json !== undefined || opts.csv !== undefined ? { body: opts.json ?? opts.csv } : {}),
      }),
    );
    return {
      status: res.statusCode,
      type: res.headers?.['content-type'],
      body: JSON.parse(res.body ?? '{}'),
    };
  };
  return { ...w, call };
}

describe('the admin contract', () => {
  it('has one route file per contract route, and the router routes exactly the contract', async () => {
    const files = readdirSync(ROUTES_DIR).filter((f) => f.endsWith('.ts') && f !== 'route.ts');
    const fromFiles: string[] = [];
    for (const file of files) {
      const exported = Object.values(await import(join(ROUTES_DIR, file))) as AdminRoute[];
      const routes = exported.filter((e) => typeof e === 'object' && e !== null && 'handle' in e);
      expect(routes, file).toHaveLength(1);
      fromFiles.push(routes[0]!.name);
    }
    const contract = Object.keys(ADMIN_CONTRACT).sort();
    expect(fromFiles.sort()).toEqual(contract);
    expect(ROUTES.map((r) => r.name).sort()).toEqual(contract);
    for (const route of ROUTES) {
      expect([route.method, route.path]).toEqual([
        ADMIN_CONTRACT[route.name].method,
        ADMIN_CONTRACT[route.name].path,
      ]);
    }
  });

  it('and serverless.yml route the same methods and paths to the admin API (the local HTTP API reads the latter)', () => {
    const spec = readServiceSpec(ROOT, {
      stage: 'test',
      region: 'ap-northeast-1',
      accountId: '000000000000',
    });
    const events = spec.functions
      .find((f) => f.key === 'adminApi')!
      .httpApi.map((e) => `${e.method} ${e.path}`);
    expect(events.sort()).toEqual(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('gives every admin route a CLI command, and every command calls only contract routes', () => {
    const own = COMMANDS.flatMap((c) => ownRoutes(c));
    expect([...new Set(own)].sort()).toEqual(Object.keys(ADMIN_CONTRACT).sort());
    for (const c of COMMANDS)
      for (const r of c.routes) expect(Object.keys(ADMIN_CONTRACT), c.name).toContain(r);
  });
});

describe('the request check (one for every route, before the use case)', () => {
  it('refuses a cancel reason over 500 characters with 400 naming the field; the hire is not cancelled', async () => {
    const { call, table, stores } = adminWorld();
    stores.seed(storedHire({ stage: 'QUEUED' }));
    const res = await call('cancel', {
      params: { employeeId: 'E-1' },
      json: JSON.stringify({ reason: 'x'.repeat(501) }),
    });
    expect([res.status, res.type]).toEqual([400, 'application/problem+json']);
    expect(res.body.errors).toEqual([{ field: 'reason', message: 'must be at most 500 characters' }]);
    expect(table.hires.get('hr-E-1')?.stage).toBe('QUEUED');
    const ok = await call('cancel', {
      params: { employeeId: 'E-1' },
      json: JSON.stringify({ reason: 'x'.repeat(500) }),
    });
    expect(ok.status).toBe(200);
    expect(table.hires.get('hr-E-1')?.stage).toBe('CANCELLED');
  });

  it('lists every bad field at once: the query, each body field, a field the route does not take', async () => {
    const { call, stores } = adminWorld();
    stores.seed(storedHire({ stage: 'INVITED' }));
    const list = await call('listHires', { query: { limit: '0', olderThan: '7', stage: 'NOPE' } });
    expect([list.status, list.body.errors]).toEqual([
      400,
      [
        { field: 'stage', message: 'unknown stage' },
        { field: 'limit', message: 'must be a whole number from 1 to 100' },
        { field: 'olderThan', message: 'needs a unit, e.g. 2d, 36h, 90m or 250ms' },
      ],
    ]);
    const reinvite = await call('reinvite', {
      params: { employeeId: 'E-1' },
      json: JSON.stringify({ email: 'not-an-address', emial: 'a@example.com' }),
    });
    expect([reinvite.status, reinvite.body.errors]).toEqual([
      400,
      [
        { field: 'email', message: 'must be an email address like name@example.com' },
        { field: 'emial', message: 'unknown field; did you mean "email"?' },
      ],
    ]);
    const resume = await call('resume', { params: { employeeId: 'E-1' }, json: '[]' });
    expect([resume.status, resume.body.errors]).toEqual([
      400,
      [{ field: 'body', message: 'must be a JSON object' }],
    ]);
    const imports = await call('importWave', {
      query: { lineOffset: '-1', wave: ' ' },
      csv: 'employeeId\nE-9\n',
    });
    expect(imports.body.errors.map((e: { field: string }) => e.field)).toEqual(['lineOffset', 'wave']);
  });
});

describe('the answers', () => {
  it('carry the documented fields of each route’s answer schema', async () => {
    const { call, stores } = adminWorld();
    stores.seed(storedHire({ stage: 'QUEUED' }));
    stores.seed(storedHire({ stage: 'INVITED', person: { ...storedHire().person, employeeId: 'E-2' } }));
    const answers = {
      listHires: await call('listHires'),
      hireStatus: await call('hireStatus', { params: { employeeId: 'E-2' } }),
      report: await call('report'),
      cancel: await call('cancel', { params: { employeeId: 'E-1' }, json: '{"reason":"offer withdrawn"}' }),
    };
    for (const name of ['listHires', 'hireStatus', 'report', 'cancel'] as const) {
      expect(answers[name].status, name).toBe(200);
      expect(answerProblems(ADMIN_CONTRACT[name], answers[name].body), name).toBeUndefined();
    }
    expect(answers.listHires.body.hires).toHaveLength(2);
    // An answer without a documented field is named.
    expect(answerProblems(ADMIN_CONTRACT.cancel, { ...answers.cancel.body, fromStage: undefined })).toEqual([
      { field: 'fromStage', message: expect.any(String) },
    ]);
  });
});

describe('the admin guide’s table', () => {
  it('has a row per route: method, path, summary and the CLI command', () => {
    const table = adminRoutesTable();
    const rows = table.split('\n').slice(2);
    expect(rows).toHaveLength(ADMIN_ROUTES.length);
    expect(rows).toContain(
      '| POST | `/admin/hires/{employeeId}/cancel` | stops the workflow and reminders and frees the user name; the WorkSpace is kept | `cancel <hire> [--reason TEXT]` |',
    );
    // A | inside a cell is escaped, so the row keeps its four columns.
    expect(rows.find((r) => r.includes('/admin/report'))).toContain('--lang ja\\|en');
  });

  it.each(['README.md', 'docs/admin-guide.md'])(
    'is in %s as the contract says (`npm run contract` writes it)',
    (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(routesTableIn(text)).toBe(adminRoutesTable());
      const stale = text.replace('`cancel <hire> [--reason TEXT]`', '`cancel <hire>`');
      expect(routesTableIn(stale)).not.toBe(adminRoutesTable());
      expect(withRoutesTable(stale)).toBe(text);
    },
  );
});
