import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../src/kernel/token-bucket';
import {
  classifyCreateFailure,
  classifyWorkspace,
  DIRECTORY_WAIT_MAX_DAYS,
  directoryWaitUntil,
  HIRE_TAG_KEY,
  hireTags,
  judgeExistingWorkspace,
  workspaceRequest,
} from '../../src/provisioning/rules';

const policy = {
  directoryAccountGraceMinutes: 120,
  timeoutMinutes: 60,
  firstPollAfterMinutes: 10,
  pollEveryMinutes: 2,
};
const at = (iso: string) => new Date(iso);

describe('a refused CreateWorkspaces request', () => {
  // Queued a week before a start on 2027-04-01 in Tokyo (midnight JST = 15:00Z the day before).
  const queued = {
    queuedAt: '2027-03-24T15:00:00Z',
    createdAt: '2027-03-01T00:00:00Z',
    directoryId: 'd-95671a2b3c',
    person: { userName: 'lateuser', startDate: '2027-04-01', timeZone: 'Asia/Tokyo' },
  };
  const unknownUser = {
    errorCode: 'ResourceNotFound.User',
    errorMessage: 'The specified user could not be found in the directory.',
  };

  it("waits for an unknown user until the start date has passed in the hire's time zone", () => {
    expect(classifyCreateFailure(unknownUser, queued, at('2027-03-25T01:00:00Z'), policy)).toEqual({
      action: 'wait-for-account',
      since: at('2027-03-25T01:00:00Z'),
      // 2027-04-02 00:00 in Tokyo.
      until: at('2027-04-01T15:00:00Z'),
      error: 'UnknownUser',
      cause: expect.stringContaining('ResourceNotFound.User'),
    });
  });

  it('keeps the first answer of this queueing as the start of the wait, and ignores an older queueing', () => {
    const since = '2027-03-25T01:00:00Z';
    const waiting = { ...queued, directoryWait: { queuedAt: queued.queuedAt, since, until: 'x' } };
    expect(classifyCreateFailure(unknownUser, waiting, at('2027-03-30T00:00:00Z'), policy)).toMatchObject({
      action: 'wait-for-account',
      since: at(since),
    });
    const older = { ...waiting, queuedAt: '2027-03-29T00:00:00Z' };
    expect(classifyCreateFailure(unknownUser, older, at('2027-03-30T00:00:00Z'), policy)).toMatchObject({
      action: 'wait-for-account',
      since: at('2027-03-30T00:00:00Z'),
    });
  });

  it('fails an unknown user once the start date has passed, naming the user, directory and wait', () => {
    const verdict = classifyCreateFailure(unknownUser, queued, at('2027-04-01T15:00:00Z'), {
      directoryAccountGraceMinutes: 0,
    });
    expect(verdict).toMatchObject({ action: 'fail', error: 'UnknownUser' });
    expect(verdict.cause).toContain('d-95671a2b3c');
    expect(verdict.cause).not.toContain('lateuser'); // Step Functions keeps the cause: no personal data
    expect(verdict.cause).toContain('start date 2027-04-01');
  });

  it('gives a hire whose start date has passed the grace period for directory replication', () => {
    const late = { ...queued, queuedAt: '2027-04-05T00:00:00Z' };
    expect(classifyCreateFailure(unknownUser, late, at('2027-04-05T00:00:00Z'), policy)).toMatchObject({
      action: 'wait-for-account',
      until: at('2027-04-05T02:00:00Z'),
    });
    const waited = {
      ...late,
      directoryWait: { queuedAt: late.queuedAt, since: '2027-04-05T00:00:00Z', until: 'x' },
    };
    expect(classifyCreateFailure(unknownUser, waited, at('2027-04-05T02:00:00Z'), policy)).toMatchObject({
      action: 'fail',
    });
  });

  it('never waits past DIRECTORY_WAIT_MAX_DAYS after queueing, whatever the lead time', () => {
    const early = { ...queued, person: { ...queued.person, startDate: '2027-05-30' } };
    const until = directoryWaitUntil(early, at('2027-03-25T00:00:00Z'), policy);
    expect(until).toEqual(new Date(Date.parse(queued.queuedAt) + DIRECTORY_WAIT_MAX_DAYS * 86_400_000));
  });

  it('retries at once when a WorkSpace appeared meanwhile, so the next run lists it and checks its tags', () => {
    const exists = {
      errorCode: 'ResourceExists.WorkSpace',
      errorMessage: 'A WorkSpace already exists for the specified user.',
    };
    expect(classifyCreateFailure(exists, queued, at('2027-03-25T01:00:00Z'), policy)).toMatchObject({
      action: 'retry',
      retryAt: at('2027-03-25T01:00:00Z'),
      error: 'WorkspaceExists',
    });
  });

  it('fails anything else with the code and message for the admins', () => {
    const other = { errorCode: 'ResourceLimitExceeded', errorMessage: 'Quota reached' };
    expect(classifyCreateFailure(other, queued, at('2027-03-25T01:00:00Z'), policy)).toEqual({
      action: 'fail',
      error: 'CreateWorkspacesFailed',
      cause: 'ResourceLimitExceeded: Quota reached',
    });
  });
});

describe('a WorkSpace the user already has', () => {
  const hire = { hireId: 'hr-E-1', directoryId: 'd-95671a2b3c', person: { userName: 'jsmith' } };
  const found = { workspaceId: 'ws-0a1b2c3d4', state: 'AVAILABLE' };

  it("is adopted when it carries this hire's tag (a create whose answer was lost)", () => {
    expect(judgeExistingWorkspace({ ...found, taggedHireId: 'hr-E-1' }, hire)).toEqual({ action: 'adopt' });
  });

  it("is refused without our tag or with another hire's, naming the WorkSpace and its state", () => {
    for (const taggedHireId of [undefined, 'hr-E-2']) {
      const verdict = judgeExistingWorkspace({ ...found, ...(taggedHireId ? { taggedHireId } : {}) }, hire);
      expect(verdict).toMatchObject({ action: 'refuse', error: 'WorkspaceNotOurs' });
      if (verdict.action !== 'refuse') throw new Error('refused');
      expect(verdict.cause).toContain('ws-0a1b2c3d4 (AVAILABLE)');
      expect(verdict.cause).toContain('d-95671a2b3c');
    }
  });

  it('is tagged and adopted only when an admin confirmed exactly this WorkSpace', () => {
    expect(judgeExistingWorkspace(found, { ...hire, adoptWorkspaceId: 'ws-0a1b2c3d4' })).toEqual({
      action: 'tag-and-adopt',
    });
    expect(judgeExistingWorkspace(found, { ...hire, adoptWorkspaceId: 'ws-99999999z' })).toMatchObject({
      action: 'refuse',
    });
  });

  it("gets the hire's tags on creation", () => {
    const request = workspaceRequest({
      hireId: 'hr-E-1',
      directoryId: 'd-95671a2b3c',
      bundleId: 'wsb-8vbljg4r6',
      runningMode: 'AUTO_STOP',
      protocol: 'PCOIP',
      person: { userName: 'jsmith' },
    });
    expect(request.tags).toEqual(hireTags('hr-E-1'));
    expect(request.tags).toContainEqual({ key: HIRE_TAG_KEY, value: 'hr-E-1' });
  });
});

describe('the workflow waits long enough for a hire waiting for its directory account', () => {
  it("RequestWorkspace's TimeoutSeconds covers the longest wait plus the longest provisioning", () => {
    const asl = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'workflows', 'onboarding.asl.json'), 'utf8'),
    );
    const longestProvisioningMinutes = 1440; // config.provisioning.timeoutMinutes at most
    expect(asl.States.RequestWorkspace.TimeoutSeconds).toBeGreaterThanOrEqual(
      DIRECTORY_WAIT_MAX_DAYS * 86_400 + longestProvisioningMinutes * 60,
    );
  });
});

describe('a polled WorkSpace', () => {
  const hire = { workspaceId: 'ws-abc123def', provisioningStartedAt: '2027-03-25T00:00:00Z' };

  it.each(['AVAILABLE', 'STOPPED'])(
    'is ready when %s (AUTO_STOP WorkSpaces may already be stopped)',
    (State) => {
      expect(
        classifyWorkspace(
          { workspaceId: 'ws-abc123def', state: State },
          hire,
          at('2027-03-25T00:20:00Z'),
          policy,
        ),
      ).toEqual({
        action: 'available',
      });
    },
  );

  it('is polled again later while PENDING', () => {
    expect(
      classifyWorkspace(
        { workspaceId: 'ws-abc123def', state: 'PENDING' },
        hire,
        at('2027-03-25T00:20:00Z'),
        policy,
      ),
    ).toEqual({
      action: 'wait',
      nextPollAt: at('2027-03-25T00:22:00Z'),
      state: 'PENDING',
    });
  });

  it('fails after the provisioning timeout, saying it is still PENDING', () => {
    const verdict = classifyWorkspace(
      { workspaceId: 'ws-abc123def', state: 'PENDING' },
      hire,
      at('2027-03-25T01:00:01Z'),
      policy,
    );
    expect(verdict).toEqual({
      action: 'fail',
      error: 'ProvisioningTimeout',
      cause: 'WorkSpace ws-abc123def is still PENDING 60 minutes after it was requested',
    });
  });

  it.each(['IMPAIRED', 'UNHEALTHY'])(
    'is never taken for AVAILABLE while %s: polled again until the timeout',
    (State) => {
      expect(
        classifyWorkspace(
          { workspaceId: 'ws-abc123def', state: State },
          hire,
          at('2027-03-25T00:30:00Z'),
          policy,
        ),
      ).toEqual({ action: 'wait', nextPollAt: at('2027-03-25T00:32:00Z'), state: State });
    },
  );

  it.each(['IMPAIRED', 'UNHEALTHY'])('fails %s at the timeout with the state in the cause', (State) => {
    const verdict = classifyWorkspace(
      { workspaceId: 'ws-abc123def', state: State },
      hire,
      at('2027-03-25T01:00:01Z'),
      policy,
    );
    expect(verdict).toEqual({
      action: 'fail',
      error: 'WorkspaceUnhealthy',
      cause: `WorkSpace ws-abc123def is ${State} (not responding to WorkSpaces health checks) 60 minutes after it was requested`,
    });
  });

  it('fails in ERROR with the reason WorkSpaces gave', () => {
    const verdict = classifyWorkspace(
      {
        workspaceId: 'ws-abc123def',
        state: 'ERROR',
        errorCode: 'InvalidSubnet',
        errorMessage: 'no IPs left',
      },
      hire,
      at('2027-03-25T00:20:00Z'),
      policy,
    );
    expect(verdict).toMatchObject({ action: 'fail', error: 'WorkspaceError' });
    expect(verdict.action === 'fail' && verdict.cause).toContain('InvalidSubnet: no IPs left');
  });

  it('fails when the WorkSpace is gone', () => {
    expect(classifyWorkspace(undefined, hire, at('2027-03-25T00:20:00Z'), policy)).toMatchObject({
      action: 'fail',
      error: 'WorkspaceMissing',
    });
  });
});

describe('the API budget', () => {
  it('lets a burst through, then paces to the rate', async () => {
    let now = 0;
    const slept: number[] = [];
    const bucket = createTokenBucket({
      ratePerSecond: 2,
      burst: 5,
      nowMs: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(slept).toEqual([]);
    for (let i = 0; i < 4; i++) await bucket.take();
    // Four more calls at 2 per second take two seconds.
    expect(now).toBe(2000);
  });
});
