import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';
import { SAMPLE_PEOPLE } from '../../local/hr-fakes/people';
import { postVendorEvent, VENDOR_EVENTS } from '../../local/hr-sender';
import type { HrPreset } from '../../src/kernel/config/config';
import { hashSetupToken } from '../../src/kernel/hire/setup-token';
import { hireKey, setupTokenKey } from '../../src/kernel/table/keys';
import { executionArnFor } from '../../src/provisioning/adapters/stepfunctions';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { encodeShiftJis } from '../support/shift-jis';

/**
 * The admin API and the CLI on top of it, against a private local cloud: status, list, re-invite (also
 * bulk, from FAILED and from BOUNCED), cancel, wave import and the allowlist; and the errors an admin sees.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let doc: DynamoDBDocumentClient;
let sfn: SFNClient;

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIRECTORY = 'd-95671a2b3c';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'ip-ranges');
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const hireIdOf = (employeeId: string) => `hr-${employeeId}`;

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  table = hireTable(cloud);
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.urls.dynamodb, region: cloud.region, credentials }),
  );
  sfn = new SFNClient({ endpoint: cloud.urls.stepfunctions, region: cloud.region, credentials });
});
afterAll(async () => {
  table?.destroy();
  doc?.destroy();
  sfn?.destroy();
  await cloud?.stop();
});

// ---- helpers ---------------------------------------------------------------------------------------

async function api(
  method: string,
  path: string,
  opts: { json?: unknown; csv?: string; token?: string | null } = {},
): Promise<{ status: number; type: string; body: any }> {
  const token = opts.token === undefined ? cloud.adminToken : opts.token;
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = opts.csv;
  }
  const res = await fetch(cloud.urls.http + path, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}

function capture(isTTY = false) {
  let text = '';
  return { write: (s: string) => (text += s), isTTY, text: () => text };
}

async function cli(argv: string[], opts: { token?: string; tty?: boolean } = {}) {
  const stdout = capture();
  const stderr = capture(opts.tty);
  const io: CliIo = {
    stdout,
    stderr,
    cwd: ROOT,
    env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: opts.token ?? cloud.adminToken },
    sessionFile: join(tmpdir(), 'no-such-local-cloud.json'),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function hireInvited(employeeId: string, userName: string, email: string) {
  await cloud.addUsers(DIRECTORY, userName);
  const res = await cloud.postHire({ employeeId, userName, email, startDate: dayAfter(1) });
  expect(res.status).toBe(202);
  const hireId = res.body.hireId as string;
  await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: `${employeeId} QUEUED` });
  await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', `${employeeId} INVITED`);
  await eventually(async () => (await mailsTo(email)).length > 0, { what: `invitation to ${email}` });
  return hireId;
}

const mailsTo = async (email: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(email));
const setupTokenIn = (text: string | undefined) => /\/setup\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

async function setStage(hireId: string, stage: string) {
  await doc.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME!,
      Key: hireKey(hireId),
      UpdateExpression: 'SET #s = :s, updatedAt = :now ADD version :one',
      ExpressionAttributeNames: { '#s': 'stage' },
      ExpressionAttributeValues: { ':s': stage, ':now': new Date().toISOString(), ':one': 1 },
    }),
  );
}

async function executionStatus(name: string) {
  const out = await sfn.send(
    new DescribeExecutionCommand({ executionArn: executionArnFor(cloud.stateMachineArn, name) }),
  );
  return out.status;
}

// ---- tests -----------------------------------------------------------------------------------------

describe('authentication', () => {
  it('answers 401 problem+json without a token or with a wrong one, and never fakes an IAM identity locally', async () => {
    const none = await api('GET', '/admin/hires', { token: null });
    expect(none.status).toBe(401);
    expect(none.type).toContain('application/problem+json');
    expect(none.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await api('GET', '/admin/hires', { token: `${cloud.adminToken}x` })).status).toBe(401);
    expect((await api('POST', '/admin/hires/E-1/cancel', { token: 'Bearer', json: {} })).status).toBe(401);

    const run = await cli(['list'], { token: 'wrong-token-wrong-token-wrong' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('401');
  });
});

describe('status', () => {
  it('404 for an unknown employee, through the API and the CLI', async () => {
    const res = await api('GET', '/admin/hires/E-NOPE');
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('E-NOPE');
    const run = await cli(['status', 'E-NOPE']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no hire with hire id or employee id E-NOPE');
  });

  it('shows stage, timeline, the live WorkSpace state, the emails sent and the next reminder', async () => {
    const hireId = await hireInvited('E-3001', 'astatus', 'a.status@example.co.jp');
    const res = await api('GET', '/admin/hires/E-3001');
    expect(res.status).toBe(200);
    const hire = await table.get(hireId);
    expect(res.body).toMatchObject({
      employeeId: 'E-3001',
      hireId,
      stage: 'INVITED',
      workspace: { id: hire?.workspaceId, state: 'AVAILABLE' },
      emails: [{ ledgerKey: 'invitation#1', status: 'SENT' }],
      nextReminder: { at: expect.any(String), step: 'reminder 1 of 3' },
    });
    expect(res.body.timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['received', 'queued', 'workspace-created', 'invited']),
    );

    const run = await cli(['status', 'E-3001']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('INVITED');
    expect(run.stdout).toContain('invitation#1');
    expect(run.stdout).toContain(`${hire?.workspaceId}  AVAILABLE`);
    const json = await cli(['status', 'E-3001', '--json']);
    expect(JSON.parse(json.stdout).stage).toBe('INVITED');
  });
});

describe('reinvite', () => {
  it('re-invites at once send one invitation; close together the second sends nothing; the old link explains', async () => {
    const hireId = await hireInvited('E-3011', 'areinvite', 'a.reinvite@example.co.jp');
    const [first] = await mailsTo('a.reinvite@example.co.jp');
    const oldToken = setupTokenIn(first?.body.text);
    expect(oldToken).toBeDefined();

    // Invited by the workflow moments ago: a re-invite to the same address sends nothing new.
    const soon = await api('POST', '/admin/hires/E-3011/reinvite', { json: {} });
    expect(soon.status).toBe(200);
    expect(soon.body).toMatchObject({ outcome: 'recently-invited', invitation: 1, stage: 'INVITED' });
    expect(await mailsTo('a.reinvite@example.co.jp')).toHaveLength(1);

    await cloud.advance('6m');
    const answers = await Promise.all(
      [1, 2, 3].map(() => api('POST', '/admin/hires/E-3011/reinvite', { json: {} })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual([
      'invited',
      'recently-invited',
      'recently-invited',
    ]);
    const ok = answers.find((a) => a.body.outcome === 'invited')!;
    expect(ok.body).toMatchObject({ invitation: 2, sent: true, stage: 'INVITED' });
    for (const other of answers.filter((a) => a !== ok)) expect(other.body.invitation).toBe(2);

    const mails = await eventually(async () => {
      const found = await mailsTo('a.reinvite@example.co.jp');
      return found.length >= 2 ? found : undefined;
    });
    expect(mails).toHaveLength(2);
    const newToken = setupTokenIn(mails[1]!.body.text);
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(oldToken);

    // Close together again, through the CLI: said plainly, nothing sent.
    const again = await cli(['reinvite', 'E-3011']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('E-3011: recently invited: invitation 2 went to this address at');
    expect(again.stdout).toContain('nothing new sent');
    expect(await mailsTo('a.reinvite@example.co.jp')).toHaveLength(2);

    const hire = await table.get(hireId);
    expect(hire).toMatchObject({
      stage: 'INVITED',
      invitationCount: 2,
      setupTokenHash: hashSetupToken(newToken!),
    });
    // The old link's token is kept (until its TTL), so its page can say where the newer email went.
    const oldItem = await doc.send(
      new GetCommand({ TableName: process.env.TABLE_NAME!, Key: setupTokenKey(hashSetupToken(oldToken!)) }),
    );
    expect(oldItem.Item).toBeDefined();
    const newPage = await fetch(`${cloud.urls.http}/setup/${newToken}`);
    expect(newPage.status).toBe(200);
    expect(await newPage.text()).toContain('<form');
    const oldPage = await fetch(`${cloud.urls.http}/setup/${oldToken}`);
    expect(oldPage.status).toBe(410);
    const oldHtml = await oldPage.text();
    expect(oldHtml).not.toContain('<form');
    expect(oldHtml).toContain('a•••@example.co.jp');

    const status = await api('GET', '/admin/hires/E-3011');
    const reinvited = status.body.timeline.filter((e: any) => e.type === 'reinvited');
    expect(reinvited).toEqual([
      expect.objectContaining({
        by: 'token:local-admin',
        detail: expect.objectContaining({ invitation: 2 }),
      }),
    ]);
    // Only the invitations: the manager's readiness check may be due too, depending on the time of day.
    const invitations = status.body.emails.filter((e: any) => e.ledgerKey.startsWith('invitation#'));
    expect(invitations.map((e: any) => e.ledgerKey)).toEqual(['invitation#1', 'invitation#2']);
  });

  it('409 naming the stage when there is no WorkSpace to invite to yet (RECEIVED)', async () => {
    await cloud.postHire({
      employeeId: 'E-3002',
      userName: 'blater',
      email: 'b.later@example.co.jp',
      startDate: dayAfter(40),
    });
    const res = await api('POST', '/admin/hires/E-3002/reinvite', { json: {} });
    expect(res.status).toBe(409);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ stage: 'RECEIVED' });
    expect(res.body.detail).toContain('RECEIVED');
    const run = await cli(['reinvite', 'E-3002']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('RECEIVED');
  });

  it('from BOUNCED it needs a new email, and then invites the new address', async () => {
    const hireId = await hireInvited('E-3003', 'cbounce', 'c.typo@example.co.jp');
    await setStage(hireId, 'BOUNCED'); // as the email-events function does on a bounce
    const without = await api('POST', '/admin/hires/E-3003/reinvite', { json: {} });
    expect(without.status).toBe(409);
    expect(without.body).toMatchObject({ stage: 'BOUNCED' });
    expect(without.body.detail).toContain('email');
    expect(
      (await api('POST', '/admin/hires/E-3003/reinvite', { json: { email: 'not-an-email' } })).status,
    ).toBe(400);

    const run = await cli(['reinvite', 'E-3003', '--email', 'c.fixed@example.co.jp']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('invitation 2 sent to the new address');
    expect(await table.get(hireId)).toMatchObject({
      stage: 'INVITED',
      person: { email: 'c.fixed@example.co.jp' },
    });
    await eventually(async () => (await mailsTo('c.fixed@example.co.jp')).length === 1, {
      what: 'invitation to the new address',
    });
  });

  it('from FAILED it provisions again under a new execution name and ends INVITED', async () => {
    // The user is missing from the directory: the hire waits for the account until its start date has
    // passed in its time zone (Tokyo), then gives up (FAILED).
    const startDate = dayAfter(1);
    const res = await cloud.postHire({
      employeeId: 'E-3004',
      userName: 'dmissing',
      email: 'd.failed@example.co.jp',
      startDate,
    });
    const hireId = res.body.hireId as string;
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'QUEUED' });
    await cloud.runSchedule('provisioner');
    const startPassed = Date.parse(`${startDate}T00:00:00+09:00`) + 86_400_000;
    await cloud.advance(Math.max(0, startPassed - cloud.clock.nowMs()) + 60_000);
    await cloud.runSchedule('provisioner');
    await eventually(async () => (await table.stage(hireId)) === 'FAILED', { what: 'FAILED' });

    await cloud.addUsers(DIRECTORY, 'dmissing');
    const retry = await api('POST', '/admin/hires/E-3004/reinvite', { json: {} });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({
      outcome: 'retrying',
      stage: 'RECEIVED',
      executionName: 'hire-hr-E-3004-r1',
    });
    expect(await executionStatus('hire-hr-E-3004-r1')).toBeDefined();
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'QUEUED again' });
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'INVITED after the retry');
    const status = await api('GET', '/admin/hires/E-3004');
    expect(status.body.timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['failed', 'retry-provisioning', 'invited']),
    );
    expect(await mailsTo('d.failed@example.co.jp')).toHaveLength(1);
  });

  it('bulk: re-invites every INVITED hire invited longer ago than asked, with a progress bar and a summary', async () => {
    // Two hires invited, then two hours later a third: only the first two are older than an hour. Other
    // tests' hires may be INVITED too: the selection is whatever the list says, and ours are in it.
    const older = [
      await hireInvited('E-3021', 'bulkone', 'bulk.one@example.co.jp'),
      await hireInvited('E-3022', 'bulktwo', 'bulk.two@example.co.jp'),
    ];
    await cloud.advance('2h');
    await hireInvited('E-3023', 'bulknew', 'bulk.new@example.co.jp');
    const listed = await cli(['list', '--stage', 'INVITED', '--older-than', '1h', '--all', '--json']);
    const selected: string[] = JSON.parse(listed.stdout).hires.map((h: any) => h.hireId);
    expect(selected).toEqual(expect.arrayContaining(['hr-E-3021', 'hr-E-3022']));
    expect(selected).not.toContain('hr-E-3023');

    const dry = await cli(['reinvite', '--stage', 'INVITED', '--older-than', '1h', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).wouldReinvite.sort()).toEqual([...selected].sort());

    const run = await cli(['reinvite', '--stage', 'INVITED', '--older-than', '1h'], { tty: true });
    expect(run.code).toBe(0);
    const n = selected.length;
    expect(run.stderr).toContain(`[############################] ${n}/${n}`);
    expect(run.stdout).toContain(
      `${n} selected, ${n} re-invited, 0 provisioning again, 0 skipped (moved on), 0 failed`,
    );
    for (const [hireId, email] of [
      [older[0]!, 'bulk.one@example.co.jp'],
      [older[1]!, 'bulk.two@example.co.jp'],
    ] as const) {
      expect(await table.get(hireId)).toMatchObject({ invitationCount: 2 });
      await eventually(async () => (await mailsTo(email)).length === 2, {
        what: `re-invitation to ${email}`,
      });
    }
    expect(await table.get(hireIdOf('E-3023'))).toMatchObject({ invitationCount: 1 });

    const usage = await cli(['reinvite', '--stage', 'INVITED']);
    expect(usage.code).toBe(2);
  });
});

describe('list', () => {
  it('pages through a stage with a cursor, without scanning, and rejects bad queries', async () => {
    for (const [employeeId, userName] of [
      ['E-3031', 'listone'],
      ['E-3032', 'listtwo'],
    ]) {
      const res = await cloud.postHire({ employeeId, userName, startDate: dayAfter(40) });
      expect(res.status).toBe(202);
    }
    const first = await api('GET', '/admin/hires?stage=RECEIVED&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.hires).toHaveLength(1);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await api('GET', `/admin/hires?stage=RECEIVED&limit=1&cursor=${first.body.cursor}`);
    expect(second.body.hires).toHaveLength(1);
    expect(second.body.hires[0].employeeId).not.toBe(first.body.hires[0].employeeId);
    for (const h of [...first.body.hires, ...second.body.hires]) expect(h.stage).toBe('RECEIVED');

    const all = await cli(['list', '--all', '--limit', '2', '--json']);
    expect(all.code).toBe(0);
    const ids = JSON.parse(all.stdout).hires.map((h: any) => h.employeeId);
    expect(ids).toEqual(expect.arrayContaining(['E-3031', 'E-3032']));
    expect(new Set(ids).size).toBe(ids.length);

    const since = await api(
      'GET',
      `/admin/hires?since=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 365).toISOString())}`,
    );
    expect(since.body.hires).toEqual([]);

    const bad = await api('GET', '/admin/hires?stage=NOPE&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(['stage', 'limit']);
    expect((await api('GET', '/admin/hires?cursor=garbage')).status).toBe(400);

    const text = await cli(['list', '--stage', 'RECEIVED']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/HIRE\s+STAGE/);
    expect(text.stdout).toContain('hr-E-3031');
  });
});

describe('naming a hire', () => {
  const PRESETS: HrPreset[] = ['hibob', 'bamboohr', 'smarthr', 'personio'];

  it('status takes the hire id list prints for every source, and an employee id only one hire has', async () => {
    // A /webhooks/hr employee whose id begins with a source's name.
    const hr = await cloud.postHire({
      employeeId: 'hibob-42',
      userName: 'hrhibob42',
      startDate: dayAfter(40),
    });
    expect(hr.body.hireId).toBe('hr-hibob-42');
    for (const preset of PRESETS) {
      const employeeId = SAMPLE_PEOPLE[preset].complete;
      const person =
        preset === 'smarthr'
          ? ((await (
              await fetch(`${cloud.urls.hrapis}/_fake/people/smarthr/${employeeId}`)
            ).json()) as Record<string, unknown>)
          : undefined;
      const source = cloud.hrSources.find((s) => s.preset === preset)!;
      const res = await postVendorEvent(cloud.urls.http, source, {
        event: VENDOR_EVENTS[preset].hire,
        employeeId,
        ...(person ? { person } : {}),
      });
      expect(res.status, preset).toBe(202);
    }

    const listed = await cli(['list', '--all', '--json']);
    const hireIds: string[] = JSON.parse(listed.stdout).hires.map((h: any) => h.hireId);
    const ours = ['hr-hibob-42', ...PRESETS.map((p) => `${p}-${SAMPLE_PEOPLE[p].complete}`)];
    expect(hireIds).toEqual(expect.arrayContaining(ours));
    const text = await cli(['list', '--all']);
    for (const hireId of ours) {
      expect(text.stdout).toContain(hireId);
      const status = await cli(['status', hireId]);
      expect(status.code, hireId).toBe(0);
      expect(status.stdout).toContain(`(hire ${hireId},`);
    }
    const byEmployee = await cli(['status', 'hibob-42']);
    expect(byEmployee.code).toBe(0);
    expect(byEmployee.stdout).toContain('(hire hr-hibob-42,');
    const bamboo = await cli(['status', SAMPLE_PEOPLE.bamboohr.complete]);
    expect(bamboo.stdout).toContain(`(hire bamboohr-${SAMPLE_PEOPLE.bamboohr.complete},`);
  });

  it('an employee id two hires have is 409 naming both hire ids, and each hire id still answers', async () => {
    const employeeId = SAMPLE_PEOPLE.personio.complete;
    const personio = cloud.hrSources.find((s) => s.preset === 'personio')!;
    const vendor = await postVendorEvent(cloud.urls.http, personio, {
      event: VENDOR_EVENTS.personio.hire,
      employeeId,
    });
    expect([200, 202]).toContain(vendor.status);
    const res = await cloud.postHire({ employeeId, userName: 'hrtwin', startDate: dayAfter(40) });
    expect(res.status).toBe(202);
    const both = [`hr-${employeeId}`, `personio-${employeeId}`];
    const api409 = await api('GET', `/admin/hires/${employeeId}`);
    expect(api409.status).toBe(409);
    expect(api409.type).toContain('application/problem+json');
    expect([...api409.body.hireIds].sort()).toEqual(both);
    const run = await cli(['cancel', employeeId]);
    expect(run.code).toBe(1);
    for (const hireId of both) {
      expect(run.stderr).toContain(hireId);
      expect(await table.stage(hireId)).not.toBe('CANCELLED');
      expect((await cli(['status', hireId])).code).toBe(0);
    }
  });
});

describe('cancel', () => {
  it('stops the workflow, leaves the WorkSpace alone, records who, and refuses a second time with 409', async () => {
    await cloud.postHire({ employeeId: 'E-3041', userName: 'cancelwait', startDate: dayAfter(40) });
    const res = await api('POST', '/admin/hires/E-3041/cancel', { json: { reason: 'offer withdrawn' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'CANCELLED', fromStage: 'RECEIVED', executionStopped: true });
    expect(await executionStatus('hire-hr-E-3041')).toBe('ABORTED');
    const again = await api('POST', '/admin/hires/E-3041/cancel', { json: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ stage: 'CANCELLED' });

    const hire = await table.get(
      await hireInvited('E-3042', 'cancelinvited', 'cancel.invited@example.co.jp'),
    );
    const run = await cli(['cancel', 'E-3042']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`WorkSpace ${hire?.workspaceId} kept`);
    const state = await cloud.sim('/_sim/state');
    expect(state.workspaces.find((w: any) => w.workspaceId === hire?.workspaceId)?.state).toBe('AVAILABLE');
    const status = await api('GET', '/admin/hires/E-3042');
    expect(status.body.stage).toBe('CANCELLED');
    expect(status.body.nextReminder).toBeUndefined();
    expect(status.body.timeline.at(-1)).toMatchObject({ type: 'cancelled', by: 'token:local-admin' });
    expect((await cli(['reinvite', 'E-3042'])).code).toBe(1);
  });
});

describe('import', () => {
  const header = 'employeeId,givenName,familyName,email,userName,startDate,locale';
  const good = [
    `${header}`,
    `W-1,Ichiro,Suzuki,ichiro.suzuki@example.co.jp,isuzuki,${dayAfter(1)},ja-JP`,
    `W-2,"Mary, Jane",Smith,mary.smith@example.com,msmith,${dayAfter(1)},en`,
  ].join('\n');

  it('a malformed wave: 400 listing every bad line and column, nothing imported', async () => {
    const before = (await table.hires()).length;
    const csv = [
      header,
      `W-10,Ok,Row,ok.row@example.com,okrow,${dayAfter(3)},`,
      `W-11,,Smith,not-an-email,ssmith,2025-02-30,`,
      `W-13,Far,Ahead,far.ahead@example.com,fahead,${dayAfter(800)},`,
      `W-12,"unclosed,Smith,x@example.com,xx,${dayAfter(3)},`,
    ].join('\n');
    const res = await api('POST', '/admin/imports', { csv });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    const where = res.body.errors.map((e: any) => `${e.line}:${e.column ?? ''}`);
    expect(where).toEqual(
      expect.arrayContaining(['3:givenName', '3:email', '3:startDate', '4:startDate', '5:givenName']),
    );
    expect(res.body.errors.find((e: any) => e.line === 4).message).toMatch(/at most 365 days ahead/);
    expect(where.some((w: string) => w.startsWith('2:'))).toBe(false);
    expect((await table.hires()).length).toBe(before);

    const dir = mkdtempSync(join(tmpdir(), 'wave-'));
    writeFileSync(join(dir, 'bad.csv'), csv);
    const run = await cli(['import', join(dir, 'bad.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/3\s+email/);
    expect(run.stderr).toContain('nothing was imported');
    expect((await table.hires()).length).toBe(before);

    expect((await api('POST', '/admin/imports', { json: { csv } })).status).toBe(415);
  });

  it('dry run stores nothing; the import goes through the webhook path, idempotent by employee id', async () => {
    const before = (await table.hires()).length;
    const dry = await api('POST', '/admin/imports?dryRun=true', { csv: good });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, total: 2, accepted: 0 });
    expect((await table.hires()).length).toBe(before);

    await cloud.addUsers(DIRECTORY, 'isuzuki', 'msmith');
    const dir = mkdtempSync(join(tmpdir(), 'wave-'));
    writeFileSync(join(dir, 'wave.csv'), good);
    const run = await cli(['import', join(dir, 'wave.csv')], { tty: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 row(s), 2 new, 0 already known');
    expect(run.stderr).toContain('2/2 rows imported');

    const again = await api('POST', '/admin/imports', { csv: good });
    expect(again.body).toMatchObject({ accepted: 0, known: 2, failed: 0 });
    expect((await table.hires()).length).toBe(before + 2);

    const status = await api('GET', '/admin/hires/W-2');
    // An English name is written given name first; the comma inside the quoted cell survives.
    expect(status.body).toMatchObject({ name: 'Mary, Jane Smith', stage: expect.any(String) });
    expect(status.body.timeline[0]).toMatchObject({
      type: 'received',
      by: 'token:local-admin',
      detail: expect.objectContaining({ via: 'import', line: 3 }),
    });
    await cloud.driveUntil(
      async () => (await table.stage(hireIdOf('W-1'))) === 'INVITED',
      'imported hire INVITED',
    );
  });

  it('--skip-invalid imports the valid rows and reports the rest', async () => {
    const csv = [
      header,
      `W-20,A,B,a.b@example.com,wab,${dayAfter(5)},`,
      `W-21,A,B,bad,wbad,${dayAfter(5)},`,
    ].join('\n');
    const res = await api('POST', '/admin/imports?skipInvalid=true', { csv });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, skipped: 1, problems: [{ line: 3, column: 'email' }] });
    // Stored and on its way (earlier tests moved the clock, so it may be queued already).
    expect(['RECEIVED', 'QUEUED']).toContain(await table.stage(hireIdOf('W-20')));
    expect(await table.get(hireIdOf('W-21'))).toBeUndefined();
  });
});

describe('import: files as HR exports them', () => {
  const header = 'employeeId,givenName,familyName,email,userName,startDate,jobTitle';
  const row = (id: string, user: string) =>
    `${id},太郎,山田,${user}@example.co.jp,${user},${dayAfter(5)},営業部　課長`;
  const file = (name: string, bytes: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'wave-'));
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  it('a Shift_JIS (CP932) file from Japanese Excel: detected, 山田 太郎 stored as written', async () => {
    const path = file('cp932.csv', encodeShiftJis(`${header}\r\n${row('J-1', 'tyamada1')}\r\n`));
    const run = await cli(['import', path]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/read \S*cp932.csv as Shift_JIS \(detected; --encoding to say otherwise\)/);
    expect(run.stdout).toContain('1 row(s), 1 new');
    expect((await table.get(hireIdOf('J-1')))?.person).toMatchObject({
      givenName: '太郎',
      familyName: '山田',
      jobTitle: '営業部　課長',
    });
  });

  it('the wrong --encoding: refused with the line and what to do, nothing imported', async () => {
    const path = file('named.csv', encodeShiftJis(`${header}\r\n${row('J-2', 'tyamada2')}\r\n`));
    const run = await cli(['import', '--encoding', 'utf-8', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /2\s+has bytes that are not UTF-8 \(the encoding named\): save the file as UTF-8, or name its encoding/,
    );
    expect(run.stderr).toContain('nothing was imported');
    expect(await table.get(hireIdOf('J-2'))).toBeUndefined();
    expect((await cli(['import', '--encoding', 'latin1', path])).code).toBe(2);
    expect((await cli(['import', '--encoding', 'cp932', path])).code).toBe(0);
    expect((await table.get(hireIdOf('J-2')))?.person.givenName).toBe('太郎');
  });

  it('UTF-16 with a byte order mark imports; without one it is named, not read as columns " j o b T i t l e"', async () => {
    const text = `${header}\n${row('J-3', 'tyamada3')}\n`;
    const withBom = file('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await cli(['import', withBom])).code).toBe(0);
    expect((await table.get(hireIdOf('J-3')))?.person.familyName).toBe('山田');
    const bare = await cli([
      'import',
      file('bare16.csv', Buffer.from(text.replace('J-3', 'J-4'), 'utf16le')),
    ]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('looks like UTF-16 without a byte order mark');
    expect(bare.stderr).not.toContain('unknown column');
  });

  it('the API: a charset it cannot have the bytes of is named, never stored as U+FFFD; a full-width formula cell is refused', async () => {
    const sjis = encodeShiftJis(`${header}\r\n${row('J-5', 'tyamada5')}\r\n`);
    const res = await fetch(`${cloud.urls.http}/admin/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'text/csv; charset=shift_jis' },
      body: sjis,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { line: number; message: string }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining(
          'the API received the body as text (the request says charset=shift_jis)',
        ),
      }),
    ]);
    expect(await table.get(hireIdOf('J-5'))).toBeUndefined();

    const formula = await api('POST', '/admin/imports', {
      csv: `${header}\n${row('J-6', 'tyamada6').replace('営業部　課長', '＝1+1')}\n`,
    });
    expect(formula.status).toBe(400);
    expect(formula.body.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'jobTitle',
        message: expect.stringContaining('starts with "＝"'),
      }),
    ]);
    expect(await table.get(hireIdOf('J-6'))).toBeUndefined();
  });
});

describe('allowlist and the packaged CLI', () => {
  it('prints the rules for ap-northeast-1 from a file and the diff against an older one', async () => {
    const list = await cli([
      'allowlist',
      '--region',
      'ap-northeast-1',
      '--ip-ranges',
      join(FIXTURES, 'ip-ranges-new.json'),
      '--format',
      'json',
    ]);
    expect(list.code).toBe(0);
    const rules = JSON.parse(list.stdout).rules as any[];
    const to = (protocol: string, port: number) =>
      rules.filter((r) => r.protocol === protocol && r.port === port).map((r) => r.destination);
    // 443: AMAZON in GLOBAL, the Region, us-east-1 and us-west-2, and S3 in us-west-2 (the port page).
    const https = [
      ...['205.251.192.0/19', '52.94.0.0/22'],
      ...['13.112.0.0/14', '13.112.197.128/26', '35.73.220.0/26', '54.250.0.0/16', '54.250.251.0/24'],
      ...['2406:da14::/32', '3.80.0.0/12', '34.195.252.0/24', '2600:1f00::/24'],
      ...['35.160.0.0/13', '52.218.128.0/17'],
    ];
    for (const t of ['TCP', 'UDP']) expect([...to(t, 443)].sort()).toEqual([...https].sort());
    // 4195: the Region's gateways and its DCV gateway range from the product's copy of the port page.
    expect(to('UDP', 4195)).toContain('3.114.164.0/22');
    expect(to('UDP', 4195)).toContain('2406:da14:1e4:b300::/56');
    // Never another Region's gateways (eu-west-1, us-west-2, us-east-1 IPv6), nor other subsets.
    for (const decoy of ['52.19.124.0/23', '44.234.54.0/23', '2600:1f18:4c0c:1e00::/56', '52.216.0.0/15'])
      expect(rules.map((r) => r.destination)).not.toContain(decoy);
    expect(
      rules
        .filter((r) => r.port === 4172)
        .map((r) => `${r.protocol} ${r.destination}`)
        .sort(),
    ).toEqual([
      'TCP 13.112.197.128/26',
      'TCP 2406:da14:1e4:b200::/56',
      'TCP 2406:da14:1e4:b300::/56',
      'TCP 35.73.220.0/26',
      'TCP 54.250.251.0/24',
      'UDP 13.112.197.128/26',
      'UDP 2406:da14:1e4:b200::/56',
      'UDP 2406:da14:1e4:b300::/56',
      'UDP 35.73.220.0/26',
      'UDP 54.250.251.0/24',
    ]);
    const diff = await cli([
      'allowlist',
      '--region',
      'ap-northeast-1',
      '--ip-ranges',
      join(FIXTURES, 'ip-ranges-new.json'),
      '--diff',
      join(FIXTURES, 'ip-ranges-old.json'),
    ]);
    expect(diff.code).toBe(0);
    // 443 is TCP and UDP now, and the fixtures carry IPv6 gateway ranges (docs/admin-guide.md "Firewall allowlist").
    expect(diff.stdout).toContain('10 to add, 6 to remove');
    const v6 = await cli([
      'allowlist',
      '--region',
      'ap-northeast-1',
      '--ip-ranges',
      join(FIXTURES, 'ip-ranges-new.json'),
      '--format',
      'cidr',
      '--family',
      '6',
      '--port',
      '4195',
    ]);
    expect(v6.stdout).toBe('2406:da14:1e4:b200::/56\n2406:da14:1e4:b300::/56\n');
    expect((await cli(['allowlist', '--region', 'ap-northeast-1', '--family', '5'])).code).toBe(2);
    expect((await cli(['allowlist'])).code).toBe(2);
  });

  it('runs as `tsx cli/admin.ts` with the API from the environment, exiting non-zero on errors', async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      ONBOARDING_API_URL: cloud.urls.http,
      ONBOARDING_ADMIN_TOKEN: cloud.adminToken,
    };
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    await cloud.postHire({ employeeId: 'E-3051', userName: 'clicancel', startDate: dayAfter(40) });
    expect((await api('POST', '/admin/hires/E-3051/cancel', { json: {} })).status).toBe(200);
    const ok = await run(tsx, ['cli/admin.ts', 'list', '--stage', 'CANCELLED', '--json'], { cwd: ROOT, env });
    const cancelled = JSON.parse(ok.stdout).hires as any[];
    expect(cancelled.map((h) => h.employeeId)).toContain('E-3051');
    for (const h of cancelled) expect(h.stage).toBe('CANCELLED');
    const failed = await run(tsx, ['cli/admin.ts', 'status', 'E-NOPE'], { cwd: ROOT, env }).catch(
      (err) => err,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('no hire with hire id or employee id E-NOPE');
  });
});
