import { describe, expect, it } from 'vitest';
import { classifyCreateFailure, classifyWorkspace } from '../../src/domain/provisioning';
import { createTokenBucket } from '../../src/domain/token-bucket';

const policy = {
  unknownUserRetryMinutes: 120,
  timeoutMinutes: 60,
  firstPollAfterMinutes: 10,
  pollEveryMinutes: 2,
};
const at = (iso: string) => new Date(iso);

describe('a refused CreateWorkspaces request', () => {
  const queued = { queuedAt: '2027-03-25T00:00:00Z', createdAt: '2027-03-01T00:00:00Z' };
  const unknownUser = {
    ErrorCode: 'ResourceNotFound.User',
    ErrorMessage: 'The specified user could not be found in the directory.',
  };

  it('retries an unknown user in five minutes while the directory may still be replicating', () => {
    expect(classifyCreateFailure(unknownUser, queued, at('2027-03-25T01:00:00Z'), policy)).toEqual({
      action: 'retry',
      retryAt: at('2027-03-25T01:05:00Z'),
      error: 'UnknownUser',
      cause: expect.stringContaining('ResourceNotFound.User'),
    });
  });

  it('fails an unknown user once the retry window has passed', () => {
    expect(classifyCreateFailure(unknownUser, queued, at('2027-03-25T02:00:01Z'), policy)).toMatchObject({
      action: 'fail',
      error: 'UnknownUser',
    });
  });

  it('retries at once when a WorkSpace appeared meanwhile, so the next listing adopts it', () => {
    const exists = {
      ErrorCode: 'ResourceExists.WorkSpace',
      ErrorMessage: 'A WorkSpace already exists for the specified user.',
    };
    expect(classifyCreateFailure(exists, queued, at('2027-03-25T01:00:00Z'), policy)).toMatchObject({
      action: 'retry',
      retryAt: at('2027-03-25T01:00:00Z'),
      error: 'WorkspaceExists',
    });
  });

  it('fails anything else with the code and message for the admins', () => {
    const other = { ErrorCode: 'ResourceLimitExceeded', ErrorMessage: 'Quota reached' };
    expect(classifyCreateFailure(other, queued, at('2027-03-25T01:00:00Z'), policy)).toEqual({
      action: 'fail',
      error: 'CreateWorkspacesFailed',
      cause: 'ResourceLimitExceeded: Quota reached',
    });
  });
});

describe('a polled WorkSpace', () => {
  const hire = { workspaceId: 'ws-abc123def', provisioningStartedAt: '2027-03-25T00:00:00Z' };

  it.each(['AVAILABLE', 'STOPPED'])(
    'is ready when %s (AUTO_STOP WorkSpaces may already be stopped)',
    (State) => {
      expect(
        classifyWorkspace({ State: State as 'AVAILABLE' }, hire, at('2027-03-25T00:20:00Z'), policy),
      ).toEqual({
        action: 'available',
      });
    },
  );

  it('is polled again later while PENDING', () => {
    expect(classifyWorkspace({ State: 'PENDING' }, hire, at('2027-03-25T00:20:00Z'), policy)).toEqual({
      action: 'wait',
      nextPollAt: at('2027-03-25T00:22:00Z'),
      state: 'PENDING',
    });
  });

  it('fails after the provisioning timeout, saying it is still PENDING', () => {
    const verdict = classifyWorkspace({ State: 'PENDING' }, hire, at('2027-03-25T01:00:01Z'), policy);
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
        classifyWorkspace({ State: State as 'IMPAIRED' }, hire, at('2027-03-25T00:30:00Z'), policy),
      ).toEqual({ action: 'wait', nextPollAt: at('2027-03-25T00:32:00Z'), state: State });
    },
  );

  it.each(['IMPAIRED', 'UNHEALTHY'])('fails %s at the timeout with the state in the cause', (State) => {
    const verdict = classifyWorkspace(
      { State: State as 'IMPAIRED' },
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
      { State: 'ERROR', ErrorCode: 'InvalidSubnet', ErrorMessage: 'no IPs left' },
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
