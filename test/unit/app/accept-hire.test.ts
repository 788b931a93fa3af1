import { describe, expect, it } from 'vitest';
import { acceptHire } from '../../../src/intake/accept-hire';
import { requestWorkspace } from '../../../src/provisioning/request-workspace';
import { hireTags } from '../../../src/provisioning/rules';
import { appWorld, SIMPLE_AD, sampleHire, testConfig } from '../../support/fakes';

/**
 * The webhook's use case (and the wave import's, row by row) on the in-memory table: a new hire, a repeated
 * or replayed delivery, a user name another hire holds, HR changes by stage, HR's cancel.
 */
const DAY = 86_400_000;

function world(opts: Parameters<typeof appWorld>[0] = {}) {
  const w = appWorld({ start: '2027-03-01T00:00:00Z', ...opts });
  let n = 0;
  const deliver = (body: unknown, webhookId = `msg-${++n}`) =>
    acceptHire(w.deps, { webhookId, rawBody: Buffer.from(JSON.stringify(body)), body });
  return { ...w, deliver };
}

const hired = (over: Record<string, unknown> = {}, type = 'employee.hired') => ({
  type,
  data: {
    employeeId: 'E-1',
    givenName: 'Hanako',
    familyName: 'Yamada',
    email: 'hanako.yamada@example.co.jp',
    userName: 'hyamada',
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    startDate: '2027-04-01',
    ...over,
  },
});

describe('a new hire', () => {
  it('is stored RECEIVED with its user name claimed and its workflow started, once', async () => {
    const w = world();
    expect(await w.deliver(hired())).toEqual({ outcome: 'accepted', hireId: 'hr-E-1', stage: 'RECEIVED' });
    const hire = w.table.hires.get('hr-E-1')!;
    expect(hire).toMatchObject({ stage: 'RECEIVED', directoryId: SIMPLE_AD, executionName: 'hire-hr-E-1' });
    // Seven days before the start, at midnight in Tokyo.
    expect(hire.provisionAt).toBe('2027-03-24T15:00:00Z');
    expect(w.sfn.started).toEqual([
      { name: 'hire-hr-E-1', input: { hireId: 'hr-E-1', provisionAt: '2027-03-24T15:00:00Z' } },
    ]);
    expect([...w.table.claims.values()]).toEqual([
      expect.objectContaining({ hireId: 'hr-E-1', userName: 'hyamada' }),
    ]);
    expect(w.table.events.get('hr-E-1')).toEqual([
      expect.objectContaining({ type: 'received', stage: 'RECEIVED' }),
    ]);
    // The reconciler looks in 15 minutes whether its execution exists.
    expect(w.table.watch.get('hr-E-1')).toBe('2027-03-01T00:15:00.000Z');
  });

  it('sent again (a retry, or the same record under a new id) changes nothing', async () => {
    const w = world();
    await w.deliver(hired(), 'msg-a');
    expect(await w.deliver(hired(), 'msg-a')).toMatchObject({ outcome: 'known', changed: [] });
    expect(await w.deliver(hired(), 'msg-b')).toMatchObject({ outcome: 'known', changed: [] });
    expect(w.table.hires.size).toBe(1);
    expect(new Set(w.sfn.started.map((s) => s.name))).toEqual(new Set(['hire-hr-E-1']));
    expect(w.table.events.get('hr-E-1')).toHaveLength(1);
  });

  it('a known webhook-id with other content is a replay: refused, nothing changed', async () => {
    const w = world();
    await w.deliver(hired(), 'msg-a');
    expect(await w.deliver(hired({ givenName: 'Mallory' }), 'msg-a')).toEqual({ outcome: 'replayed' });
    expect(w.table.hires.get('hr-E-1')!.person.givenName).toBe('Hanako');
  });

  it('with invalid fields: every bad field named, nothing stored', async () => {
    const w = world();
    const result = await w.deliver(hired({ email: 'not-an-address', userName: 'Administrator' }));
    expect(result.outcome).toBe('invalid');
    expect(result.outcome === 'invalid' && result.errors.map((e) => e.field).sort()).toEqual([
      'data.email',
      'data.userName',
    ]);
    expect(w.table.hires.size + w.table.claims.size + w.table.deliveries.size).toBe(0);
  });

  it('an update for someone never hired through us is acknowledged and ignored', async () => {
    const w = world();
    expect(await w.deliver(hired({}, 'employee.updated'))).toEqual({
      outcome: 'ignored',
      type: 'employee.updated',
      reason: 'unknown employee',
    });
    expect(w.table.hires.size).toBe(0);
  });

  it("with another live hire's user name (any case): 409 on data.userName, nothing stored", async () => {
    const w = world();
    await w.deliver(hired());
    const result = await w.deliver(hired({ employeeId: 'E-2', userName: 'HYamada' }));
    expect(result).toMatchObject({
      outcome: 'conflict',
      errors: [
        { field: 'data.userName', message: 'is already the user name of another hire in this directory' },
      ],
    });
    expect(w.table.hires.has('hr-E-2')).toBe(false);
    expect(w.table.deliveries.size).toBe(1);
  });

  it('takes the user name of a cancelled hire', async () => {
    const w = world();
    await w.deliver(hired());
    await w.deliver({ type: 'employee.hire_cancelled', data: { employeeId: 'E-1' } });
    expect(await w.deliver(hired({ employeeId: 'E-2' }))).toMatchObject({
      outcome: 'accepted',
      hireId: 'hr-E-2',
    });
  });
});

/** Counts the table calls a delivery makes, store by store (`newHires.create`, `hires.get`, ...). */
function countTableCalls(w: ReturnType<typeof world>) {
  const calls: string[] = [];
  const deps = w.deps as unknown as Record<string, Record<string, unknown>>;
  for (const store of ['newHires', 'hires', 'deliveries', 'userNames', 'history']) {
    const port = deps[store]!;
    deps[store] = new Proxy(port, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${store}.${String(name)}`);
          return value.apply(target, args);
        };
      },
    });
  }
  return calls;
}

describe('a new hire, in round trips', () => {
  it('is one write (delivery, claim, hire, history line) and no read, then the start', async () => {
    const w = world();
    const calls = countTableCalls(w);
    expect(await w.deliver(hired())).toMatchObject({ outcome: 'accepted' });
    expect(calls).toEqual(['newHires.create']);
    expect(w.table.deliveries.get('msg-1')).toMatchObject({ hireId: 'hr-E-1' });
    expect(w.sfn.started).toHaveLength(1);
  });

  it('a replay is told from the refused write alone: nothing read, nothing written', async () => {
    const w = world();
    await w.deliver(hired(), 'msg-a');
    const calls = countTableCalls(w);
    expect(await w.deliver(hired({ employeeId: 'E-2', userName: 'other' }), 'msg-a')).toEqual({
      outcome: 'replayed',
    });
    expect(calls).toEqual(['newHires.create']);
    expect(w.table.hires.has('hr-E-2')).toBe(false);
  });

  it('a retry finds the hire in the refusal: no read of the hire or the delivery, nothing started twice', async () => {
    const w = world();
    await w.deliver(hired(), 'msg-a');
    const calls = countTableCalls(w);
    expect(await w.deliver(hired(), 'msg-a')).toMatchObject({ outcome: 'known', changed: [] });
    expect(calls.filter((c) => c.endsWith('.get'))).toEqual([]);
    expect(calls[0]).toBe('newHires.create');
    expect(w.table.events.get('hr-E-1')).toHaveLength(1);
  });

  it('a user name a live hire holds: its holder read once, 409, nothing written', async () => {
    const w = world();
    await w.deliver(hired());
    const calls = countTableCalls(w);
    const events = w.table.events.get('hr-E-1')!.length;
    expect(await w.deliver(hired({ employeeId: 'E-2' }))).toMatchObject({ outcome: 'conflict' });
    expect(calls).toEqual(['newHires.create', 'hires.get']);
    expect(w.table.hires.has('hr-E-2')).toBe(false);
    expect(w.table.claims.size).toBe(1);
    expect(w.table.events.get('hr-E-1')).toHaveLength(events);
  });

  it("a cancelled hire's user name: its holder read once, the claim taken over, written again", async () => {
    const w = world();
    await w.deliver(hired());
    await w.deliver({ type: 'employee.hire_cancelled', data: { employeeId: 'E-1' } });
    // The cancel freed the name; a claim left behind (an older cancel, a crash) is dead all the same.
    w.table.claims.set(`${SIMPLE_AD}#hyamada`, {
      directoryId: SIMPLE_AD,
      userName: 'hyamada',
      hireId: 'hr-E-1',
      claimedAt: '2027-03-01T00:00:00.000Z',
    });
    const calls = countTableCalls(w);
    expect(await w.deliver(hired({ employeeId: 'E-2' }))).toMatchObject({ outcome: 'accepted' });
    expect(calls).toEqual(['newHires.create', 'hires.get', 'userNames.takeOver', 'newHires.create']);
    expect(w.table.claims.get(`${SIMPLE_AD}#hyamada`)).toMatchObject({ hireId: 'hr-E-2' });
  });
});

describe('an HR change', () => {
  it('of a queued hire whose start date moves: back to RECEIVED under a new execution, the old one stopped', async () => {
    const w = world({ start: '2027-03-25T00:00:00Z' });
    await w.deliver(hired());
    await requestWorkspace(w.deps, { hireId: 'hr-E-1', taskToken: 'token-1', executionName: 'hire-hr-E-1' });
    expect(w.table.work.get('hr-E-1')).toMatchObject({ queue: 'QUEUED' });

    const result = await w.deliver(hired({ startDate: '2027-05-10' }, 'employee.updated'));
    expect(result).toEqual({
      outcome: 'updated',
      hireId: 'hr-E-1',
      stage: 'RECEIVED',
      changed: ['startDate'],
    });
    const hire = w.table.hires.get('hr-E-1')!;
    expect(hire).toMatchObject({
      stage: 'RECEIVED',
      executionName: 'hire-hr-E-1-s1',
      // A week before 05-10 is 05-03, Constitution Day: Friday 04-30 00:00 JST, the working day before.
      provisionAt: '2027-04-29T15:00:00Z',
    });
    expect(hire.taskToken).toBeUndefined();
    expect(w.table.work.has('hr-E-1')).toBe(false);
    expect(w.sfn.started.at(-1)).toEqual({
      name: 'hire-hr-E-1-s1',
      input: { hireId: 'hr-E-1', provisionAt: '2027-04-29T15:00:00Z' },
    });
    expect(w.sfn.stopped).toEqual([expect.objectContaining({ name: 'hire-hr-E-1', error: 'Rescheduled' })]);
    // The history names the fields, never their values.
    const line = w.table.events.get('hr-E-1')!.at(-1)!;
    expect(line).toMatchObject({ type: 'hr-updated', stage: 'RECEIVED', detail: { fields: ['startDate'] } });
    expect(JSON.stringify(line)).not.toContain('hanako');
  });

  it('of the user name once the WorkSpace exists: 409, nothing changed, one alert however often it comes', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'PROVISIONING', workspaceId: 'ws-0123456789' }));
    const change = hired({ userName: 'hanako' }, 'employee.updated');
    for (const id of ['msg-a', 'msg-b']) {
      expect(await w.deliver(change, id)).toMatchObject({
        outcome: 'conflict',
        errors: [{ field: 'data.userName' }],
      });
    }
    expect(w.table.hires.get('hr-E-1')!.person.userName).toBe('hyamada');
    expect(w.ses.sent).toHaveLength(1);
    expect(w.ses.sent[0]!.to).toEqual(testConfig.email.adminAddresses);
    expect(w.table.events.get('hr-E-1')!.map((e) => e.type)).toEqual(['hr-change-refused']);
  });

  it('of a cancelled hire is refused', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'CANCELLED' }));
    expect(await w.deliver(hired({ givenName: 'Hana' }, 'employee.updated'))).toMatchObject({
      outcome: 'conflict',
      stage: 'CANCELLED',
    });
  });
});

describe("HR's cancel", () => {
  const cancel = { type: 'employee.hire_cancelled', data: { employeeId: 'E-1' } };

  it('stops everything and keeps the WorkSpace (the default), with one alert naming it', async () => {
    const w = world();
    await w.deliver(hired());
    w.ws.addUser(SIMPLE_AD, 'hyamada');
    const workspaceId = w.ws.add({ userName: 'hyamada', tags: hireTags('hr-E-1') });
    await w.deps.hires.update('hr-E-1', { stage: 'RECEIVED', set: { workspaceId } });

    const first = await w.deliver(cancel, 'msg-c1');
    expect(first).toEqual({
      outcome: 'cancelled',
      hireId: 'hr-E-1',
      stage: 'CANCELLED',
      workspace: { workspaceId, action: 'kept', reason: 'off' },
    });
    expect(w.table.claims.size).toBe(0);
    expect(w.sfn.stopped.map((s) => s.name)).toContain('hire-hr-E-1');
    expect(await w.deliver(cancel, 'msg-c2')).toMatchObject({ outcome: 'cancelled', stage: 'CANCELLED' });
    expect(w.ses.sent).toHaveLength(1);
    expect(w.ws.terminated).toEqual([]);
  });

  it('terminates an unused WorkSpace made for the hire when the configuration says so', async () => {
    const config = { ...testConfig, onCancel: { terminateUnusedWorkspace: true } };
    const w = world({ config });
    await w.deliver(hired());
    const workspaceId = w.ws.add({ userName: 'hyamada', tags: hireTags('hr-E-1') });
    await w.deps.hires.update('hr-E-1', { stage: 'RECEIVED', set: { workspaceId } });

    expect(await w.deliver(cancel)).toMatchObject({ workspace: { workspaceId, action: 'terminated' } });
    expect(w.ws.terminated).toEqual([workspaceId]);
    expect(w.table.hires.get('hr-E-1')!.workspaceTerminatedAt).toBe(w.clock.now().toISOString());
  });

  it('keeps a WorkSpace someone signed in to, even when terminating is allowed', async () => {
    const config = { ...testConfig, onCancel: { terminateUnusedWorkspace: true } };
    const w = world({ config });
    await w.deliver(hired());
    const workspaceId = w.ws.add({ userName: 'hyamada', tags: hireTags('hr-E-1') });
    w.ws.connected(workspaceId, new Date(w.clock.nowMs() - DAY));
    await w.deps.hires.update('hr-E-1', { stage: 'RECEIVED', set: { workspaceId } });
    expect(await w.deliver(cancel)).toMatchObject({
      workspace: { workspaceId, action: 'kept', reason: 'used' },
    });
    expect(w.ws.terminated).toEqual([]);
  });

  it('of someone who has signed in already: 409, the hire stays ACTIVE', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'ACTIVE' }));
    expect(await w.deliver(cancel)).toMatchObject({ outcome: 'conflict', stage: 'ACTIVE' });
    expect(w.table.hires.get('hr-E-1')!.stage).toBe('ACTIVE');
  });
});
