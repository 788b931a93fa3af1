import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExecutionSupersededError,
  InvalidTransitionError,
  StageConflictError,
  VersionConflictError,
} from '../../src/kernel/errors';
import { createTableStores, type TableStores } from '../../src/kernel/table/stores';
import { sampleHire, testClock } from '../support/fakes';
import { memoryStores } from '../support/memory-stores';
import { startServiceTable } from '../support/service-table';

/**
 * One contract, two tables: the DynamoDB stores (on dynalite, with the table and indexes of serverless.yml)
 * and the in-memory stores the unit tests of the use cases run on must refuse and answer alike, or a unit
 * test would pass on rules the product does not have.
 */
const MINUTE = 60_000;

let table: Awaited<ReturnType<typeof startServiceTable>> | undefined;
let client: DynamoDBDocumentClient;
let tableName = '';

beforeAll(async () => {
  table = await startServiceTable();
  ({ client, tableName } = table);
});

afterAll(async () => {
  await table?.close();
});

type Clock = ReturnType<typeof testClock>;
let tableNumber = 0;
const kinds: [string, (clock: Clock) => TableStores & { seedHire(id: string): Promise<void> }][] = [
  [
    'DynamoDB',
    (clock) => {
      // Every test gets its own hire ids, so one table serves them all.
      const prefix = `t${++tableNumber}-`;
      const stores = createTableStores({ client, tableName, now: clock.now });
      return withPrefix(stores, prefix);
    },
  ],
  [
    'in-memory',
    (clock) => {
      const stores = memoryStores(clock);
      return withPrefix(stores, '');
    },
  ],
];

/** Hire ids of this test (`E-1` → `<prefix>E-1`) and a way to create one RECEIVED hire. */
function withPrefix(stores: TableStores, prefix: string) {
  return {
    ...stores,
    async seedHire(id: string) {
      await stores.hires.create(
        sampleHire({
          hireId: prefix + id,
          executionName: `hire-${prefix}${id}`,
          person: { ...sampleHire().person, employeeId: prefix + id },
        }),
      );
    },
    prefix,
  };
}

describe.each(kinds)('the %s stores', (_kind, make) => {
  const setup = async () => {
    const clock = testClock('2027-03-25T00:00:00Z');
    const stores = make(clock) as ReturnType<typeof make> & { prefix: string };
    const id = `${stores.prefix}E-1`;
    await stores.seedHire('E-1');
    return { clock, stores, id };
  };

  it('move along the stage table: the stage, a version bump, the history line with the new stage', async () => {
    const { stores, id } = await setup();
    const moved = await stores.hires.move(id, {
      to: 'QUEUED',
      set: { queuedAt: 'q' },
      event: { type: 'queued' },
    });
    expect(moved).toMatchObject({ stage: 'QUEUED', version: 2, queuedAt: 'q' });
    expect(await stores.history.list(id)).toEqual([
      expect.objectContaining({ type: 'queued', stage: 'QUEUED' }),
    ]);
  });

  it('a move the stage table does not allow is refused before anything is written', async () => {
    const { stores, id } = await setup();
    await expect(stores.hires.move(id, { to: 'ACTIVE', from: ['RECEIVED'] })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(stores.hires.move(id, { to: 'QUEUED', from: ['QUEUED'] })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect(await stores.hires.get(id)).toMatchObject({ stage: 'RECEIVED', version: 1 });
  });

  it('a move from another stage than the hire is in: StageConflictError naming the actual stage', async () => {
    const { stores, id } = await setup();
    await expect(stores.hires.move(id, { to: 'PROVISIONING', from: ['QUEUED'] })).rejects.toMatchObject({
      name: 'StageConflictError',
      actual: 'RECEIVED',
    });
  });

  it('an update keeps the stage and checks it, the version and the execution', async () => {
    const { stores, id } = await setup();
    const updated = await stores.hires.update(id, { stage: 'RECEIVED', set: { bundleId: 'wsb-other0001' } });
    expect(updated).toMatchObject({ stage: 'RECEIVED', version: 2, bundleId: 'wsb-other0001' });
    await expect(stores.hires.update(id, { stage: 'QUEUED' })).rejects.toBeInstanceOf(StageConflictError);
    await expect(stores.hires.update(id, { stage: 'RECEIVED', expectVersion: 1 })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    await expect(
      stores.hires.update(id, { stage: 'RECEIVED', expectExecutionName: 'hire-replaced' }),
    ).rejects.toBeInstanceOf(ExecutionSupersededError);
  });

  it('index entries ride on the hire: the work queue, the reminder due time, the watch time', async () => {
    const { stores, id, clock } = await setup();
    const now = clock.now().toISOString();
    expect(
      await stores.watchIndex.listDue(new Date(clock.nowMs() + 15 * MINUTE).toISOString(), 10),
    ).toContain(id);
    await stores.hires.move(id, { to: 'QUEUED', work: { queue: 'QUEUED', dueAt: now } });
    expect((await stores.workQueue.listDue('QUEUED', now, 10)).map((h) => h.hireId)).toContain(id);
    expect((await stores.hires.getWithIndexes(id))?.work).toEqual({ queue: 'QUEUED', dueAt: now });
    // QUEUED is watched 40 minutes on.
    expect((await stores.hires.getWithIndexes(id))?.watchAt).toBe(
      new Date(clock.nowMs() + 40 * MINUTE).toISOString(),
    );

    await stores.hires.move(id, { to: 'PROVISIONING', work: null });
    await stores.hires.move(id, { to: 'INVITED', due: { at: now } });
    expect((await stores.workQueue.listDue('QUEUED', now, 10)).map((h) => h.hireId)).not.toContain(id);
    expect((await stores.dueIndex.listDue(now, 10)).hires.map((h) => h.hireId)).toContain(id);
    // INVITED is not watched: the reconciler leaves it to reminders and admins.
    expect((await stores.hires.getWithIndexes(id))?.watchAt).toBeUndefined();
    expect(await stores.watchIndex.watchAgain(id, 'QUEUED', now)).toBe(false);
  });

  it('the readiness time rides on the hire: set at creation, moved by an update, taken off with null', async () => {
    const { stores, clock } = await setup();
    const id = `${stores.prefix}E-R`;
    const at = new Date(clock.nowMs() + 60 * MINUTE).toISOString();
    await stores.hires.create(
      sampleHire({
        hireId: id,
        executionName: `hire-${id}`,
        person: { ...sampleHire().person, employeeId: id },
      }),
      { readyAt: at },
    );
    expect(await stores.readyIndex.listDue(clock.now().toISOString(), 10)).not.toContain(id);
    expect(await stores.readyIndex.listDue(at, 10)).toContain(id);
    const later = new Date(clock.nowMs() + 120 * MINUTE).toISOString();
    await stores.hires.update(id, { stage: 'RECEIVED', ready: { at: later } });
    expect(await stores.readyIndex.listDue(at, 10)).not.toContain(id);
    expect(await stores.readyIndex.listDue(later, 10)).toContain(id);
    await stores.hires.update(id, { stage: 'RECEIVED', ready: null });
    expect(await stores.readyIndex.listDue(later, 10)).not.toContain(id);
  });

  it('the send-once ledger: one claim, in progress for others, taken over only when stale, SENT once', async () => {
    const { stores, clock } = await setup();
    const hireId = `${(stores as { prefix: string }).prefix}E-1`;
    expect(await stores.ledger.claim(hireId, 'invitation#1', 5 * MINUTE)).toBe('claimed');
    expect(await stores.ledger.claim(hireId, 'invitation#1', 5 * MINUTE)).toBe('in-progress');
    clock.advance(6 * MINUTE);
    expect(await stores.ledger.claim(hireId, 'invitation#1', 5 * MINUTE)).toBe('claimed');
    await stores.ledger.markSent(hireId, 'invitation#1', 'msg-1', ['a@example.com']);
    await stores.ledger.release(hireId, 'invitation#1');
    expect(await stores.ledger.claim(hireId, 'invitation#1', 5 * MINUTE)).toBe('already-sent');
    expect(await stores.ledger.confirmSent(hireId, 'invitation#1', 'msg-1')).toBe(false);
    expect(await stores.ledger.entries(hireId)).toEqual([
      expect.objectContaining({ ledgerKey: 'invitation#1', status: 'SENT', to: ['a@example.com'] }),
    ]);
  });

  it('setup tokens: when stored, attempts counted, one claim at a time, single use', async () => {
    const { stores, id, clock } = await setup();
    const hash = `${id}-hash`;
    const storedAt = clock.now().toISOString();
    await stores.setupTokens.put(hash, id, new Date(clock.nowMs() + 60 * MINUTE));
    // A bounce revokes the tokens stored until then: the store keeps when each one was.
    expect((await stores.setupTokens.get(hash))?.issuedAt).toBe(storedAt);
    expect(await stores.setupTokens.takeAttempt(hash, 1)).toBe(true);
    expect(await stores.setupTokens.takeAttempt(hash, 1)).toBe(false);
    expect(await stores.setupTokens.claim(hash, MINUTE)).toBe('claimed');
    expect(await stores.setupTokens.claim(hash, MINUTE)).toBe('busy');
    await stores.setupTokens.markUsed(hash);
    expect(await stores.setupTokens.claim(hash, MINUTE)).toBe('used');
    expect(await stores.setupTokens.get(hash)).toMatchObject({
      hireId: id,
      attempts: 1,
      usedAt: clock.now().toISOString(),
    });
  });

  it('user-name claims: one holder, any case; taken over only from the holder; released by it alone', async () => {
    const { stores, id } = await setup();
    const claim = { directoryId: 'd-95671a2b3c', userName: `${id}-user`, hireId: id };
    expect(await stores.userNames.claim(claim)).toEqual({ claimed: true });
    const other = { ...claim, userName: claim.userName.toUpperCase(), hireId: `${id}-other` };
    expect(await stores.userNames.claim(other)).toMatchObject({ claimed: false, holder: { hireId: id } });
    await stores.userNames.release(other);
    expect(await stores.userNames.takeOver(other, 'someone-else')).toBe(false);
    expect(await stores.userNames.takeOver(other, id)).toBe(true);
    expect(await stores.userNames.find([claim])).toEqual([
      expect.objectContaining({ hireId: `${id}-other` }),
    ]);
  });

  it('user-name claims: one account for every spelling the directory folds together', async () => {
    const { stores, id } = await setup();
    const claim = { directoryId: 'd-95671a2b3c', userName: `${id}-müller`, hireId: id };
    expect(await stores.userNames.claim(claim)).toEqual({ claimed: true });
    for (const userName of [`${id}-MULLER`, `${id}-mu\u0308ller`, `${id}-ｍｕｌｌｅｒ`]) {
      const other = { ...claim, userName, hireId: `${id}-other` };
      expect(await stores.userNames.claim(other), userName).toMatchObject({
        claimed: false,
        holder: { hireId: id },
      });
      expect(await stores.userNames.find([other]), userName).toEqual([
        expect.objectContaining({ hireId: id }),
      ]);
    }
    await stores.userNames.release(claim);
    expect(await stores.userNames.find([claim])).toEqual([]);
  });

  it('webhook deliveries: the first is kept, a repeat returns it', async () => {
    const { stores, id } = await setup();
    const delivery = { webhookId: `${id}-msg`, bodyHash: 'h1', hireId: id };
    expect(await stores.deliveries.record(delivery, 1)).toBeUndefined();
    expect(await stores.deliveries.record({ ...delivery, bodyHash: 'h2' }, 1)).toMatchObject({
      bodyHash: 'h1',
    });
    expect(await stores.deliveries.get(delivery.webhookId)).toMatchObject({ bodyHash: 'h1' });
  });

  it("the report's read: one stage's hires in a small projection (no names or addresses), by wave and since", async () => {
    const { stores, clock, id } = await setup();
    const p = stores.prefix;
    const wave = `${p}wave-1`;
    await stores.hires.create(
      sampleHire({
        hireId: `${p}E-2`,
        executionName: `hire-${p}E-2`,
        wave,
        person: { ...sampleHire().person, employeeId: `${p}E-2` },
        lastError: { error: 'WorkspaceError', cause: 'quota', at: clock.now().toISOString() },
        // The PCoIP count reads the WorkSpace and its protocol.
        workspaceId: 'ws-pcoip0002',
        protocol: 'PCOIP',
      }),
    );
    await stores.hires.move(`${p}E-2`, { to: 'QUEUED', event: { type: 'queued' } });

    const queued = await stores.stageIndex.reportRows({ stage: 'QUEUED', wave });
    expect(queued.hires).toEqual([
      {
        employeeId: `${p}E-2`,
        stage: 'QUEUED',
        source: 'hr',
        wave,
        createdAt: expect.any(String),
        updatedAt: clock.now().toISOString(),
        watchAt: expect.any(String),
        lastError: 'WorkspaceError',
        workspaceId: 'ws-pcoip0002',
        protocol: 'PCOIP',
      },
    ]);
    expect(queued.queries).toBeGreaterThanOrEqual(1);
    expect(queued.itemsRead).toBeGreaterThanOrEqual(1);

    const received = await stores.stageIndex.reportRows({ stage: 'RECEIVED' });
    const ours = received.hires.filter((h) => h.employeeId.startsWith(p) && h.employeeId.endsWith('E-1'));
    expect(ours).toEqual([expect.objectContaining({ employeeId: id, stage: 'RECEIVED' })]);
    expect(ours[0]).not.toHaveProperty('wave');

    const later = new Date(clock.nowMs() + MINUTE).toISOString();
    const since = await stores.stageIndex.reportRows({ stage: 'QUEUED', since: later, wave });
    expect(since.hires).toEqual([]);
  });
});

const nameOf = (r: { directoryId: string; person: { userName: string } }) => ({
  directoryId: r.directoryId,
  userName: r.person.userName,
});

describe.each(kinds)('a new hire in one write, the %s stores', (_kind, make) => {
  const setup = () => {
    const clock = testClock('2027-03-25T00:00:00Z');
    const stores = make(clock) as ReturnType<typeof make> & { prefix: string };
    const p = stores.prefix;
    const newHire = (id: string, userName: string, webhookId: string, bodyHash = 'h1') => {
      const hire = sampleHire({
        hireId: p + id,
        executionName: `hire-${p}${id}`,
        person: { ...sampleHire().person, employeeId: p + id, userName: p + userName },
      });
      return {
        record: hire,
        delivery: { webhookId: p + webhookId, bodyHash },
        deliveryExpiresAtSeconds: 2_000_000_000,
        event: { type: 'received', detail: { webhookId: p + webhookId } },
        otherHireIds: [] as string[],
      };
    };
    return { stores, p, newHire };
  };

  it('writes the delivery, the claim, the hire and its first history line together', async () => {
    const { stores, p, newHire } = setup();
    const write = newHire('N-1', 'nuser', 'w-1');
    expect(await stores.newHires.create(write)).toEqual({ created: true });
    expect(await stores.hires.get(`${p}N-1`)).toMatchObject({ stage: 'RECEIVED', version: 1 });
    expect(await stores.deliveries.get(`${p}w-1`)).toMatchObject({ bodyHash: 'h1', hireId: `${p}N-1` });
    expect(await stores.userNames.find([nameOf(write.record)])).toEqual([
      expect.objectContaining({ hireId: `${p}N-1` }),
    ]);
    expect(await stores.history.list(`${p}N-1`)).toEqual([
      expect.objectContaining({ type: 'received', stage: 'RECEIVED' }),
    ]);
  });

  it('refused, writes nothing and hands back what is in the way: the hire, the replayed delivery, the claim', async () => {
    const { stores, p, newHire } = setup();
    await stores.newHires.create(newHire('N-1', 'nuser', 'w-1'));
    // The same delivery again: only the hire is in the way.
    const again = await stores.newHires.create(newHire('N-1', 'nuser', 'w-1'));
    expect(again).toMatchObject({ created: false, refused: { hire: { hireId: `${p}N-1` } } });
    expect(again.created === false && again.refused.delivery).toBeUndefined();
    // The same webhook id with other content, for another person with the same user name.
    const other = await stores.newHires.create(newHire('N-2', 'nuser', 'w-1', 'h2'));
    expect(other).toMatchObject({
      created: false,
      refused: { delivery: { bodyHash: 'h1' }, claim: { hireId: `${p}N-1` } },
    });
    expect(await stores.hires.get(`${p}N-2`)).toBeUndefined();
    expect(await stores.history.list(`${p}N-2`)).toEqual([]);
    // Under an older id of the employee.
    const older = newHire('N-3', 'third', 'w-3');
    older.otherHireIds = [`${p}N-1`];
    expect(await stores.newHires.create(older)).toMatchObject({
      created: false,
      refused: { hire: { hireId: `${p}N-1` } },
    });
    expect(await stores.deliveries.get(`${p}w-3`)).toBeUndefined();
    expect(await stores.userNames.find([nameOf(older.record)])).toEqual([]);
  });
});
