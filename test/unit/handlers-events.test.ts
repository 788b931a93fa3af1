import { describe, expect, it } from 'vitest';
import { handleEmailEvent } from '../../functions/email-events/handler';
import { handleExecutionEvent } from '../../functions/execution-events/handler';
import { handleLogin } from '../../functions/login-events/handler';
import { handleProvisionerRun } from '../../functions/provisioner/handler';
import { handleReconcilerRun } from '../../functions/reconciler/handler';
import { handleFailure } from '../../functions/record-failure/handler';
import { handleReminderRun } from '../../functions/reminders/handler';
import { handleRequestWorkspace } from '../../functions/request-workspace/handler';
import { handleSendInvitation } from '../../functions/send-invitation/handler';
import { statusChangeEvent } from '../../local/stepfunctions/status-events';
import type { HireRecord } from '../../src/kernel/hire/record';
import { eventFunction } from '../../src/kernel/http/chains';
import bounce from '../fixtures/ses/bounce.json' with { type: 'json' };
import { appWorld, sampleHire, testConfig } from '../support/fakes';
import { captureLines, lambdaContext } from '../support/lambda';

/**
 * The seams of the Step Functions tasks, schedules and EventBridge targets (`handleX(event, deps)`), with
 * in-memory ports: what each leaves in the table, the outbox and the workflows, the funnel metric it adds,
 * and the error names that reach Step Functions.
 */
const ADMIN = 'it-admins@example.co.jp';
const emf = (lines: Record<string, any>[]) => lines.filter((l) => l._aws);

/** Runs `handle` as its function does: in the event chain, so metrics go out when it ends. */
async function invoke<E, D, R>(handle: (e: E, d: D, c: any) => Promise<R>, event: E, deps: D, name = 'fn') {
  return captureLines(() => eventFunction(handle, { deps: () => deps })(event, lambdaContext(name)));
}

const WORKSPACE = 'ws-0123456789';

/** A stored hire, PROVISIONING on its WorkSpace since the webhook an hour before the test clock's start. */
function hireRecord(over: Partial<HireRecord> = {}): HireRecord {
  return sampleHire({
    stage: 'PROVISIONING',
    version: 3,
    workspaceId: WORKSPACE,
    createdAt: '2027-03-24T23:00:00Z',
    updatedAt: '2027-03-25T00:00:00Z',
    ...over,
  });
}

describe('request-workspace', () => {
  it('queues a RECEIVED hire with the task token the provisioner resumes', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord({ stage: 'RECEIVED', workspaceId: undefined }));
    const { result } = await invoke(handleRequestWorkspace, { hireId: 'hr-E-1', taskToken: 'tok-1' }, w.deps);
    expect(result).toEqual({ queued: true });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ stage: 'QUEUED', taskToken: 'tok-1' });
  });

  it('ends the replay of an invited hire under the name the workflow catches', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord({ stage: 'INVITED' }));
    const err = await invoke(handleRequestWorkspace, { hireId: 'hr-E-1', taskToken: 'tok-2' }, w.deps).catch(
      (e) => e,
    );
    expect(err.name).toBe('HireAlreadyInvitedError');
    expect(w.table.hires.get('hr-E-1')?.taskToken).toBeUndefined();
  });
});

describe('send-invitation', () => {
  it('sends the invitation once, marks the hire INVITED and counts it with the time since the webhook', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord({ createdAt: '2027-03-24T23:00:00Z' }));
    const event = { hireId: 'hr-E-1', workspaceId: 'ws-0123456789' };
    const first = await invoke(handleSendInvitation, event, w.deps, 'sendInvitation');
    expect(first.result).toEqual({ invitation: 1, sent: true });
    expect(w.ses.sent.map((m) => m.to)).toEqual([['hanako.yamada@example.co.jp']]);
    expect(w.table.hires.get('hr-E-1')?.stage).toBe('INVITED');
    expect(emf(first.lines)).toMatchObject([{ HiresInvited: 1, TimeToInvite: 2 * 3600 }]);
    expect(await w.deps.workspaceOwners.find(WORKSPACE)).toBe('hr-E-1');

    const again = await invoke(handleSendInvitation, event, w.deps, 'sendInvitation');
    expect(again.result).toEqual({ invitation: 1, sent: false });
    expect(w.ses.sent).toHaveLength(1);
    expect(emf(again.lines)).toEqual([]);
  });

  it('fails with DirectoryNotFoundError when the directory is not registered with WorkSpaces', async () => {
    const w = appWorld();
    w.ws.directories.clear();
    w.stores.seed(hireRecord());
    const err = await handleSendInvitation({ hireId: 'hr-E-1', workspaceId: 'ws-0123456789' }, w.deps).catch(
      (e) => e,
    );
    expect(err.name).toBe('DirectoryNotFoundError');
    expect(w.ses.sent).toEqual([]);
  });
});

describe('record-failure', () => {
  it('marks the hire FAILED, alerts the admins once and counts one failed hire', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord());
    const input = { hireId: 'hr-E-1', error: 'WorkspaceError', cause: '{"errorMessage":"ERROR state"}' };
    const first = await invoke(handleFailure, input, w.deps, 'recordFailure');
    expect(first.result).toEqual({ alerted: true });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ stage: 'FAILED', failureCount: 1 });
    expect(w.ses.sent.map((m) => m.to)).toEqual([[ADMIN]]);
    expect(emf(first.lines)).toMatchObject([{ HiresFailed: 1 }]);
    const again = await invoke(handleFailure, input, w.deps, 'recordFailure');
    expect(again.result).toEqual({ alerted: false });
    expect(w.ses.sent).toHaveLength(1);
    expect(emf(again.lines)).toEqual([]);
  });
});

describe('execution-events', () => {
  const MACHINE = 'arn:aws:states:ap-northeast-1:000000000000:stateMachine:onboarding-local-onboarding';
  const ended = (name: string, status: string) =>
    statusChangeEvent({
      executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`,
      stateMachineArn: MACHINE,
      name,
      status,
      startDate: 1_700_000_000_000,
      stopDate: 1_700_000_100_000,
      input: '{"hireId":"hr-E-1","provisionAt":"2027-03-25T00:00:00Z"}',
      region: 'ap-northeast-1',
      accountId: '000000000000',
      now: new Date('2027-03-25T01:00:00Z'),
    });

  it('sends a hire whose current execution was stopped from outside through the failure route', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord({ stage: 'QUEUED' }));
    const deps = w.deps;
    const { result, lines } = await invoke(handleExecutionEvent, ended('hire-hr-E-1', 'ABORTED'), deps);
    expect(result).toEqual({ outcome: 'failed', hireId: 'hr-E-1', alerted: true });
    expect(w.table.hires.get('hr-E-1')?.lastError?.error).toBe('ExecutionAborted');
    expect(emf(lines)).toMatchObject([{ HiresFailed: 1 }]);
  });

  it('ignores the end of an execution the hire no longer runs on', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord({ stage: 'QUEUED', executionName: 'hire-hr-E-1-s1' }));
    const deps = w.deps;
    expect(await handleExecutionEvent(ended('hire-hr-E-1', 'ABORTED'), deps)).toEqual({
      outcome: 'not-current',
      hireId: 'hr-E-1',
    });
    expect(w.table.hires.get('hr-E-1')?.stage).toBe('QUEUED');
  });
});

describe('email-events', () => {
  it('marks the hire BOUNCED on a bounce of its invitation, alerts the admins and counts one bounced hire', async () => {
    const w = appWorld();
    w.stores.seed(
      hireRecord({
        hireId: 'hr-E-3001',
        stage: 'INVITED',
        invitedAt: '2027-03-25T00:00:00Z',
        person: { ...hireRecord().person, employeeId: 'E-3001', email: 'bounce@simulator.amazonses.com' },
      }),
    );
    const { result, lines } = await invoke(handleEmailEvent, bounce, w.deps, 'emailEvents');
    expect(result).toMatchObject({ outcome: 'bounced', hireId: 'hr-E-3001', alerted: true });
    expect(w.table.hires.get('hr-E-3001')?.stage).toBe('BOUNCED');
    expect(w.ses.sent.map((m) => m.to)).toEqual([[ADMIN]]);
    expect(emf(lines)).toMatchObject([{ HiresBounced: 1 }]);
  });

  it('acknowledges an event that is not ours without touching anything', async () => {
    const w = appWorld();
    expect(
      await handleEmailEvent({ source: 'aws.ses', 'detail-type': 'Email Delivered', detail: {} }, w.deps),
    ).toEqual({
      outcome: 'ignored',
    });
  });
});

describe('login-events', () => {
  const login = (workspaceId: string, actionType = 'successfulLogin') => ({
    source: 'aws.workspaces',
    'detail-type': 'WorkSpaces Access',
    time: '2027-03-26T00:00:00Z',
    detail: { actionType, workspaceId, loginTime: '2027-03-26T00:00:00Z' },
  });

  it('makes the owner of the WorkSpace ACTIVE on the first login, with the time since the invitation', async () => {
    const w = appWorld();
    w.stores.seed(hireRecord({ stage: 'PASSWORD_SET', invitedAt: '2027-03-25T00:00:00Z' }));
    await w.deps.workspaceOwners.put(WORKSPACE, 'hr-E-1');
    const deps = w.deps;
    const { result, lines } = await invoke(handleLogin, login('ws-0123456789'), deps, 'loginEvents');
    expect(result).toEqual({ outcome: 'activated', hireId: 'hr-E-1' });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ stage: 'ACTIVE', activeAt: '2027-03-26T00:00:00Z' });
    expect(emf(lines)).toMatchObject([{ TimeToFirstLogin: 86_400 }]);
    expect(await handleLogin(login('ws-0123456789'), deps)).toEqual({
      outcome: 'already-active',
      hireId: 'hr-E-1',
    });
  });

  it('ignores other access events and WorkSpaces nobody onboarded', async () => {
    const w = appWorld();
    const deps = w.deps;
    expect(await handleLogin(login('ws-0123456789', 'failedLogin'), deps)).toEqual({ outcome: 'ignored' });
    expect(await handleLogin(login('ws-unknown'), deps)).toEqual({ outcome: 'unknown-workspace' });
  });
});

describe('the scheduled runs', () => {
  it('provisioner: a run with nothing queued makes no WorkSpaces call and reports what it did', async () => {
    const w = appWorld();
    const { result } = await invoke(handleProvisionerRun, {}, w.deps, 'provisioner');
    expect(result).toMatchObject({ created: 0, adopted: 0 });
    expect(w.ws.api.calls()).toEqual({});
  });

  it('reconciler: a run with no hire overdue asks Step Functions nothing', async () => {
    const w = appWorld();
    const deps = w.deps;
    const report = await handleReconcilerRun({}, deps, lambdaContext('reconciler'));
    expect(report).toMatchObject({ due: 0 });
    expect(w.sfn.started).toEqual([]);
  });

  it('reminders: reminds a due hire in their business hours, counts it and reports the WorkSpaces calls of the run', async () => {
    const w = appWorld();
    // Thursday 10:00 in Tokyo; invited a day ago.
    w.stores.seed(hireRecord({ stage: 'INVITED', invitedAt: '2027-03-24T01:00:00Z', invitationCount: 1 }), {
      due: '2027-03-25T01:00:00.000Z',
    });
    const { result, lines } = await invoke(handleReminderRun, {}, w.deps, 'reminders');
    expect(result).toMatchObject({ due: 1, reminded: 1, escalated: 0 });
    expect(result.calls).toEqual({ DescribeWorkspacesConnectionStatus: 1, DescribeWorkspaceDirectories: 1 });
    expect(w.ses.sent.map((m) => m.to)).toEqual([['hanako.yamada@example.co.jp']]);
    expect(emf(lines)).toMatchObject([{ RemindersSent: 1 }]);
  });

  it('reminders: escalates a hire out of reminders to the manager and admins, and counts one escalated hire', async () => {
    const w = appWorld();
    w.stores.seed(
      hireRecord({
        stage: 'INVITED',
        invitedAt: '2027-03-10T01:00:00Z',
        invitationCount: 1,
        reminders: {
          invitation: 1,
          sent: testConfig.reminders.afterDays.length,
          lastAt: '2027-03-17T01:00:00Z',
        },
      }),
      { due: '2027-03-25T00:00:00Z' },
    );
    const { result, lines } = await invoke(handleReminderRun, {}, w.deps, 'reminders');
    expect(result).toMatchObject({ escalated: 1 });
    expect(w.table.hires.get('hr-E-1')?.stage).toBe('ESCALATED');
    expect(w.ses.sent.flatMap((m) => m.to)).toContain(ADMIN);
    expect(emf(lines)).toMatchObject([{ HiresEscalated: 1 }]);
  });
});
