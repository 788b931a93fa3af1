import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';
import { type JournalEntry, readJournal } from '../../local/stepfunctions/journal';
import { emailLedgerKey, hireKey } from '../../src/kernel/table/keys';
import { executionArnFor } from '../../src/provisioning/adapters/stepfunctions';
import { hireTable } from '../support/hires';
import { eventually, type InboxEmail, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Nothing stuck after a crash (issue 11, finding 3), against a local cloud with `--data` that is stopped
 * and started again with its journal edited as a hard kill would have left it: a lost execution, a lost
 * end of execution, an ended execution whose failure event never ran, a PROVISIONING hire off the
 * provisioner's queue. The replayed executions converge, the reconciler mends the rest or fails it with one
 * alert, and `admin resume` does the same for one hire.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const DIRECTORY = 'd-95671a2b3c';
const ADMINS = 'it-admins@example.co.jp';
const dataDir = mkdtempSync(join(tmpdir(), 'recovery-e2e-'));
const journalFile = join(dataDir, 'stepfunctions.json');
const sesFile = join(dataDir, 'ses-emails.jsonl');
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const hireIdOf = (employeeId: string) => `hr-${employeeId}`;
const executionOf = (employeeId: string) => `hire-hr-${employeeId}`;

let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;

async function start(ports?: TestCloud['urls']) {
  const port = (url: string) => Number(new URL(url).port);
  cloud = await startTestCloud({
    dataDir,
    ...(ports
      ? {
          ports: {
            http: port(ports.http),
            dynamodb: port(ports.dynamodb),
            ses: port(ports.ses),
            workspaces: port(ports.workspaces),
            stepfunctions: port(ports.stepfunctions),
            hrapis: 0,
          },
        }
      : {}),
  });
  table?.destroy();
  table = hireTable(cloud);
}

/**
 * Stops the cloud, lets `edit` change the journal as a kill would have left it (and forget that the events
 * of the emails `undelivered` were delivered), starts it again.
 */
async function restart(edit: (entries: JournalEntry[]) => JournalEntry[], undelivered: string[] = []) {
  const urls = cloud.urls;
  await cloud.stop();
  const entries = edit(readJournal(journalFile));
  writeFileSync(journalFile, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const lines = readFileSync(sesFile, 'utf8').split('\n').filter(Boolean);
  const kept = lines.filter((l) => !undelivered.includes(String(JSON.parse(l).delivered)));
  writeFileSync(sesFile, kept.map((l) => `${l}\n`).join(''));
  await start(urls);
}

function db() {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.urls.dynamodb,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

/**
 * What a kill between SES's answer and the mailer's next write leaves of an invited hire: the email sent, its
 * ledger entry still PENDING, the hire still PROVISIONING. Returns the email's message id.
 */
async function unsendInvitation(hireId: string): Promise<string> {
  const client = db();
  const TableName = process.env.TABLE_NAME!;
  const { Attributes } = await client.send(
    new UpdateCommand({
      TableName,
      Key: emailLedgerKey(hireId, 'invitation#1'),
      UpdateExpression: 'SET #s = :pending REMOVE messageId, sentAt',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pending': 'PENDING' },
      ReturnValues: 'ALL_OLD',
    }),
  );
  await client.send(
    new UpdateCommand({
      TableName,
      Key: hireKey(hireId),
      UpdateExpression: 'SET #s = :p REMOVE invitedAt, invitationCount, duePk, dueAt',
      ExpressionAttributeNames: { '#s': 'stage' },
      ExpressionAttributeValues: { ':p': 'PROVISIONING' },
    }),
  );
  client.destroy();
  return String(Attributes?.messageId);
}

/** What a crash between the provisioner's steps can leave: the hire off the provisioner's queue. */
/** A write behind the product's back: the state a crash or a lost write leaves. */
async function rawUpdate(hireId: string, UpdateExpression: string, values?: Record<string, unknown>) {
  const client = db();
  await client.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME!,
      Key: hireKey(hireId),
      UpdateExpression,
      ...(values ? { ExpressionAttributeValues: values } : {}),
    }),
  );
  client.destroy();
}

const dropWorkEntry = (hireId: string) => rawUpdate(hireId, 'REMOVE workPk, workSk');

/** The reconciler's next look at the hire is far off: only an admin's `resume` can find it in this file's time. */
const watchMuchLater = (hireId: string) =>
  rawUpdate(hireId, 'SET watchAt = :later', {
    ':later': new Date(cloud.clock.nowMs() + 300 * 86_400_000).toISOString(),
  });

async function executionStatus(name: string): Promise<string> {
  const sfn = new SFNClient({
    endpoint: cloud.urls.stepfunctions,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const out = await sfn.send(
      new DescribeExecutionCommand({ executionArn: executionArnFor(cloud.stateMachineArn, name) }),
    );
    return out.status!;
  } catch (err) {
    if (err instanceof ExecutionDoesNotExist) return 'none';
    throw err;
  } finally {
    sfn.destroy();
  }
}

async function api(method: string, path: string) {
  const res = await fetch(cloud.urls.http + path, {
    method,
    headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: ROOT,
    env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: cloud.adminToken },
    sessionFile: join(tmpdir(), 'no-such-local-cloud.json'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

type Tagged = InboxEmail & { tags?: Record<string, string> };
const emails = async (hireId: string, kind: string) =>
  ((await cloud.inbox()) as Tagged[]).filter((m) => m.tags?.hireId === hireId && m.tags?.kind === kind);

async function history(employeeId: string) {
  const status = await api('GET', `/admin/hires/${employeeId}`);
  return status.body.timeline as { type: string; by?: string; detail?: Record<string, unknown> }[];
}

async function post(employeeId: string, userName: string, startInDays: number) {
  await cloud.addUsers(DIRECTORY, userName);
  const res = await cloud.postHire({
    employeeId,
    userName,
    email: `${userName}@example.co.jp`,
    startDate: dayAfter(startInDays),
  });
  expect(res.status).toBe(202);
  return hireIdOf(employeeId);
}

/** Queued at once (starts tomorrow), then one provisioner run: PROVISIONING, its WorkSpace still PENDING. */
async function provisioning(employeeId: string, userName: string) {
  const hireId = await post(employeeId, userName, 1);
  await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: `${employeeId} QUEUED` });
  await cloud.runSchedule('provisioner');
  await eventually(async () => (await table.stage(hireId)) === 'PROVISIONING', {
    what: `${employeeId} PROVISIONING`,
  });
  return hireId;
}

beforeAll(async () => {
  await start();
  // Invited before the kill; its execution's end was not written.
  const invited = await post('R-INVITED', 'rinvited', 1);
  await cloud.driveUntil(async () => (await table.stage(invited)) === 'INVITED', 'R-INVITED invited');
  await eventually(async () => (await executionStatus(executionOf('R-INVITED'))) === 'SUCCEEDED');
  // Its invitation went out, but the process died before the ledger or the stage said so.
  const sent = await post('R-SENT', 'rsent', 1);
  await cloud.driveUntil(async () => (await table.stage(sent)) === 'INVITED', 'R-SENT invited');
  await eventually(async () => (await executionStatus(executionOf('R-SENT'))) === 'SUCCEEDED');
  await cloud.bus.idle();
  const sentMessage = await unsendInvitation(sent);
  // PROVISIONING and off the provisioner's queue at the kill; its execution waits on RequestWorkspace.
  const replayed = await provisioning('R-REPLAY', 'rreplay');
  await dropWorkEntry(replayed);
  // Waiting for their provisioning date (weeks away) at the kill.
  // Its provisioning date a day or two away: the test that recovers it waits for that, not for weeks,
  // so the invitation links of the other tests are still valid whichever order they run in.
  await post('R-LOST', 'rlost', 9);
  await post('R-RESUME', 'rresume', 30);
  await post('R-ENDED', 'rended', 30);
  await eventually(async () => (await executionStatus(executionOf('R-ENDED'))) === 'RUNNING');

  await restart(
    (entries) =>
      entries
        // Lost: answered 202, but the journal never had them (the finding).
        .filter((e) => e.name !== executionOf('R-LOST') && e.name !== executionOf('R-RESUME'))
        .map((e) => {
          // The end was not written before the kill: it runs again from the start.
          if (e.name === executionOf('R-INVITED') || e.name === executionOf('R-SENT')) {
            const { stopDate: _s, output: _o, ...running } = e;
            return { ...running, status: 'RUNNING' };
          }
          // Ended, but the process died before the execution-events function saw it.
          if (e.name === executionOf('R-ENDED')) {
            return { ...e, status: 'FAILED', stopDate: e.startDate + 1000, error: 'States.Runtime' };
          }
          return e;
        }),
    [sentMessage],
  );
  // Other tests move the clock past R-RESUME's first check; the reconciler must leave it to `resume`.
  await watchMuchLater(hireIdOf('R-RESUME'));
}, 120_000);

afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('after a hard kill and a restart (npm start -- --data)', () => {
  it('admin resume starts a lost execution now, says what it did, and records who asked', async () => {
    expect(await table.stage(hireIdOf('R-RESUME'))).toBe('RECEIVED');
    expect(await executionStatus(executionOf('R-RESUME'))).toBe('none');

    const first = await api('POST', '/admin/hires/R-RESUME/resume');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      employeeId: 'R-RESUME',
      stage: 'RECEIVED',
      execution: 'none',
      action: 'started-execution',
    });
    expect(await executionStatus(executionOf('R-RESUME'))).toBe('RUNNING');

    // Again: nothing left to do, and the CLI says so plainly.
    const again = await cli(['resume', 'R-RESUME']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('R-RESUME: nothing to do: RECEIVED, workflow RUNNING\n');
    const recovered = (await history('R-RESUME')).filter((e) => e.type === 'recovered');
    expect(recovered).toEqual([
      expect.objectContaining({
        by: 'token:local-admin',
        detail: { action: 'started-execution', execution: 'none' },
      }),
      expect.objectContaining({ by: 'token:local-admin', detail: { action: 'alive', execution: 'RUNNING' } }),
    ]);

    // Where resume has nothing to drive, it says what to use instead; an unknown employee is a 404.
    const invited = await api('POST', '/admin/hires/R-INVITED/resume');
    expect(invited.status).toBe(409);
    expect(invited.type).toContain('application/problem+json');
    expect(invited.body).toMatchObject({ stage: 'INVITED', action: 'resume' });
    expect(invited.body.detail).toContain('use reinvite');
    expect((await api('POST', '/admin/hires/R-NOBODY/resume')).status).toBe(404);
    expect((await cli(['resume', 'R-INVITED'])).code).toBe(1);
  });

  it('replays converge: an invited hire stays invited with one email; one off the queue is queued again', async () => {
    const invited = hireIdOf('R-INVITED');
    await eventually(async () => (await executionStatus(executionOf('R-INVITED'))) === 'SUCCEEDED', {
      what: 'the replay of R-INVITED to end',
    });
    expect(await table.stage(invited)).toBe('INVITED');
    expect(await emails(invited, 'invitation')).toHaveLength(1);
    expect(await emails(invited, 'alert-failed')).toHaveLength(0);

    const replayed = hireIdOf('R-REPLAY');
    await cloud.driveUntil(async () => (await table.stage(replayed)) === 'INVITED', 'R-REPLAY invited', 10);
    await eventually(async () => (await emails(replayed, 'invitation')).length === 1);
    expect(
      await cloud.sim('/_sim/state').then((s) => s.workspaces.filter((w: any) => w.userName === 'rreplay')),
    ).toHaveLength(1);
  });

  it('an invitation SES accepted before the kill is not sent again, and the link in it works', async () => {
    const hireId = hireIdOf('R-SENT');
    // SES's "Email Sent" event, owed since the kill, closes the ledger entry the sender left PENDING.
    await eventually(
      async () => {
        const status = await api('GET', '/admin/hires/R-SENT');
        return status.body.emails.some((e: any) => e.ledgerKey === 'invitation#1' && e.status === 'SENT');
      },
      { what: 'the ledger entry closed' },
    );
    // The replay finds the WorkSpace, and the invitation sent already: INVITED without a second email.
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'R-SENT invited', 10);
    const invitations = await emails(hireId, 'invitation');
    expect(invitations).toHaveLength(1);
    const link = /https?:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/.exec(invitations[0]!.body.text ?? '')?.[0];
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('type="password"');
  });

  it('the reconciler puts a PROVISIONING hire back on the provisioner queue, and it is invited', async () => {
    const hireId = await provisioning('R-NOQUEUE', 'rnoqueue');
    await dropWorkEntry(hireId);
    // The provisioner never sees it again; past its expected time (timeout + grace) the reconciler does.
    await cloud.advance('95m');
    await cloud.runSchedule('reconciler');
    await eventually(
      async () =>
        (await history('R-NOQUEUE')).some(
          (e) => e.type === 'recovered' && e.by === 'reconciler' && e.detail?.action === 'requeued',
        ),
      { what: 'R-NOQUEUE re-queued' },
    );
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'R-NOQUEUE invited', 5);
    await eventually(async () => (await emails(hireId, 'invitation')).length === 1);
  });

  it('the reconciler starts the execution of a hire answered 202 whose execution was lost, and it is invited', async () => {
    const hireId = hireIdOf('R-LOST');
    // Past its first check (15 minutes after it was received): the reconciler's next run finds it.
    await cloud.advance('20m');
    await cloud.runSchedule('reconciler');
    await eventually(async () => (await executionStatus(executionOf('R-LOST'))) === 'RUNNING', {
      what: 'R-LOST started again',
    });
    expect(await history('R-LOST')).toContainEqual(
      expect.objectContaining({
        type: 'recovered',
        by: 'reconciler',
        detail: { action: 'started-execution', execution: 'none' },
      }),
    );
    expect(await table.stage(hireId)).toBe('RECEIVED');
    await cloud.advance('3d');
    await eventually(async () => (await table.stage(hireId)) !== 'RECEIVED', { what: 'R-LOST queued' });
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'R-LOST invited', 5);
    await eventually(async () => (await emails(hireId, 'invitation')).length === 1);
  });

  it('what it cannot mend (the execution ended, the hire left behind) becomes FAILED with one alert', async () => {
    const hireId = hireIdOf('R-ENDED');
    await cloud.advance('20m');
    await cloud.runSchedule('reconciler');
    const hire = await eventually(async () => {
      const h = await table.get(hireId);
      return h?.stage === 'FAILED' ? h : undefined;
    });
    // The error the execution reports, as the execution-status event would have named it.
    expect(hire.lastError).toMatchObject({ error: 'States.Runtime' });
    expect(hire.lastError?.cause).toContain(
      `${executionOf('R-ENDED')} is FAILED while the hire is still RECEIVED`,
    );
    const alerts = await eventually(async () => {
      const found = await emails(hireId, 'alert-failed');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.destination.to).toEqual([ADMINS]);
    // Off the watch index: later runs leave it alone, and nobody is alerted twice.
    await cloud.advance('1h');
    await cloud.runSchedule('reconciler');
    expect(await emails(hireId, 'alert-failed')).toHaveLength(1);
    expect((await history('R-ENDED')).filter((e) => e.type === 'recovered')).toHaveLength(1);
  });
});
