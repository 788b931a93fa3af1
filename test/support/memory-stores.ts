import type { Clock } from '../../src/kernel/clock';
import {
  DuplicateError,
  ExecutionSupersededError,
  HireNotFoundError,
  InvalidCursorError,
  StageConflictError,
  VersionConflictError,
} from '../../src/kernel/errors';
import type { HireEvent, HireRecord } from '../../src/kernel/hire/record';
import type { StoredSetupToken } from '../../src/kernel/hire/setup-access';
import type { Stage } from '../../src/kernel/hire/stages';
import { claimNameKeys, type UserNameClaim, userNameKey } from '../../src/kernel/hire/user-name';
import { isWatched, type WatchPolicy, watchAfterMove } from '../../src/kernel/hire/watched-stages';
import type { Delivery } from '../../src/kernel/table/deliveries';
import type { LedgerEntry } from '../../src/kernel/table/email-ledger';
import { DEFAULT_WATCH_POLICY, expectedStages, watchAfterWrite } from '../../src/kernel/table/hire-write';
import type { FieldUpdate, StageMove } from '../../src/kernel/table/hires';
import type { WorkQueueName } from '../../src/kernel/table/keys';
import type { NewHireRefusal } from '../../src/kernel/table/new-hires';
import type { TableStores } from '../../src/kernel/table/stores';
import type { ReportHire } from '../../src/report/report';

/**
 * The hire table in memory, for unit tests of use cases: every store port of src/kernel/table over one
 * set of maps, with the conditions of the DynamoDB stores (the stage table, expected stage, version and
 * execution, the ledger's claim and stale rule, the setup token's attempts and claim, the user-name claim's
 * holder) and the sparse indexes (work queues, reminder due times, watch times, stage lists). No network.
 * Every read returns a copy, as a real read would. `table` is the raw state, for setting up and asserting.
 */
export interface MemoryTable {
  hires: Map<string, HireRecord>;
  events: Map<string, HireEvent[]>;
  ledgers: Map<string, Map<string, LedgerEntry>>;
  tokens: Map<string, StoredSetupToken>;
  claims: Map<string, UserNameClaim>;
  deliveries: Map<string, Delivery>;
  owners: Map<string, string>;
  /** Sparse-index entries of the hire items, by hire id. */
  work: Map<string, { queue: WorkQueueName; dueAt: string }>;
  due: Map<string, string>;
  ready: Map<string, string>;
  watch: Map<string, string>;
}

export interface MemoryStores extends TableStores {
  table: MemoryTable;
  /** Puts a hire as it is (no conditions, no index entries unless given): the state a test starts from. */
  seed(
    hire: HireRecord,
    index?: {
      work?: { queue: WorkQueueName; dueAt: string };
      due?: string;
      watch?: string;
      ready?: string;
    },
  ): void;
}

const copy = <T>(value: T): T => structuredClone(value);
const claimKey = (c: { directoryId: string; userName: string }) =>
  `${c.directoryId}#${userNameKey(c.userName)}`;
/** As the table: the folded key, and the lower-cased one older claims were written under. */
const claimKeys = (c: { directoryId: string; userName: string }) =>
  claimNameKeys(c.userName).map((key) => `${c.directoryId}#${key}`);

export function memoryStores(clock: Clock, opts: { watch?: WatchPolicy } = {}): MemoryStores {
  const policy = opts.watch ?? DEFAULT_WATCH_POLICY;
  const table: MemoryTable = {
    hires: new Map(),
    events: new Map(),
    ledgers: new Map(),
    tokens: new Map(),
    claims: new Map(),
    deliveries: new Map(),
    owners: new Map(),
    work: new Map(),
    due: new Map(),
    ready: new Map(),
    watch: new Map(),
  };
  const now = () => clock.now().toISOString();
  const ledgerOf = (hireId: string) => {
    const ledger = table.ledgers.get(hireId) ?? new Map<string, LedgerEntry>();
    table.ledgers.set(hireId, ledger);
    return ledger;
  };

  const append = async (hireId: string, event: Omit<HireEvent, 'at'>) => {
    const list = table.events.get(hireId) ?? [];
    list.push({ ...copy(event), at: now() });
    table.events.set(hireId, list);
  };

  function write(
    hireId: string,
    w: StageMove | FieldUpdate,
    expected: readonly Stage[],
    to: Stage | undefined,
  ) {
    const hire = table.hires.get(hireId);
    if (!hire) throw new HireNotFoundError(hireId);
    if (w.expectExecutionName !== undefined && hire.executionName !== w.expectExecutionName) {
      throw new ExecutionSupersededError({
        hireId,
        executionName: w.expectExecutionName,
        current: hire.executionName,
      });
    }
    if (!expected.includes(hire.stage)) {
      throw new StageConflictError({ hireId, expected: [...expected], actual: hire.stage });
    }
    if (w.expectVersion !== undefined && hire.version !== w.expectVersion) {
      throw new VersionConflictError({ hireId, expected: w.expectVersion, actual: hire.version });
    }
    const next = { ...hire } as Record<string, unknown>;
    for (const [field, value] of Object.entries(w.set ?? {})) {
      if (value !== undefined) next[field] = copy(value);
    }
    for (const field of w.remove ?? []) delete next[field];
    if (to) next.stage = to;
    next.version = hire.version + 1;
    next.updatedAt = now();
    if (w.work) table.work.set(hireId, { ...w.work });
    else if (w.work === null) table.work.delete(hireId);
    if (w.due) table.due.set(hireId, w.due.at);
    else if (w.due === null) table.due.delete(hireId);
    if (w.ready) table.ready.set(hireId, w.ready.at);
    else if (w.ready === null) table.ready.delete(hireId);
    const watchAt = watchAfterWrite(w, to ?? expected[0]!, to !== undefined, { now: clock.now(), policy });
    if (watchAt) table.watch.set(hireId, watchAt);
    else if (watchAt === null) table.watch.delete(hireId);
    const written = next as unknown as HireRecord;
    table.hires.set(hireId, written);
    return written;
  }

  const get = async (hireId: string) => {
    const hire = table.hires.get(hireId);
    return hire ? copy(hire) : undefined;
  };

  const stores: MemoryStores = {
    table,
    seed(hire, index = {}) {
      table.hires.set(hire.hireId, copy(hire));
      if (index.work) table.work.set(hire.hireId, { ...index.work });
      if (index.due) table.due.set(hire.hireId, index.due);
      if (index.ready) table.ready.set(hire.hireId, index.ready);
      if (index.watch) table.watch.set(hire.hireId, index.watch);
    },

    hires: {
      async create(record, indexes = {}) {
        if (table.hires.has(record.hireId)) {
          throw new DuplicateError(record.hireId, `hire ${record.hireId} exists already`);
        }
        table.hires.set(record.hireId, copy(record));
        const watchAt = watchAfterMove(record.stage, {
          now: clock.now(),
          provisionAt: record.provisionAt,
          policy,
        });
        if (watchAt) table.watch.set(record.hireId, watchAt);
        if (indexes.readyAt) table.ready.set(record.hireId, indexes.readyAt);
      },
      get,
      async require(hireId) {
        const hire = await get(hireId);
        if (!hire) throw new HireNotFoundError(hireId);
        return hire;
      },
      async move(hireId, move) {
        const written = write(hireId, move, expectedStages(hireId, move), move.to);
        if (move.event) await append(hireId, { ...move.event, stage: written.stage });
        return copy(written);
      },
      async update(hireId, update) {
        const written = write(hireId, update, [update.stage], undefined);
        if (update.event) await append(hireId, { ...update.event, stage: written.stage });
        return copy(written);
      },
      async getWithIndexes(hireId) {
        const hire = table.hires.get(hireId);
        if (!hire) return undefined;
        const work = table.work.get(hireId);
        const watchAt = table.watch.get(hireId);
        return { hire: copy(hire), ...(work ? { work: { ...work } } : {}), ...(watchAt ? { watchAt } : {}) };
      },
    },

    history: {
      append,
      async list(hireId) {
        return copy(table.events.get(hireId) ?? []);
      },
    },

    ledger: {
      async claim(hireId, ledgerKey, staleAfterMs) {
        const ledger = ledgerOf(hireId);
        const entry = ledger.get(ledgerKey);
        const stale = new Date(clock.nowMs() - staleAfterMs).toISOString();
        if (!entry || (entry.status === 'PENDING' && (entry.claimedAt ?? '') < stale)) {
          ledger.set(ledgerKey, { ledgerKey, status: 'PENDING', claimedAt: now() });
          return 'claimed';
        }
        return entry.status === 'SENT' ? 'already-sent' : 'in-progress';
      },
      async markSent(hireId, ledgerKey, messageId, to) {
        const entry = ledgerOf(hireId).get(ledgerKey);
        ledgerOf(hireId).set(ledgerKey, {
          ...entry,
          ledgerKey,
          status: 'SENT',
          messageId,
          sentAt: now(),
          ...(to ? { to: [...to] } : {}),
        });
      },
      async confirmSent(hireId, ledgerKey, messageId) {
        const entry = ledgerOf(hireId).get(ledgerKey);
        if (entry?.status === 'SENT') return false;
        ledgerOf(hireId).set(ledgerKey, { ...entry, ledgerKey, status: 'SENT', messageId, sentAt: now() });
        return true;
      },
      async release(hireId, ledgerKey) {
        if (ledgerOf(hireId).get(ledgerKey)?.status === 'PENDING') ledgerOf(hireId).delete(ledgerKey);
      },
      async entries(hireId) {
        return [...ledgerOf(hireId).values()]
          .sort((a, b) => a.ledgerKey.localeCompare(b.ledgerKey))
          .map((e) => copy(e));
      },
    },

    deliveries: {
      async record(delivery) {
        const earlier = table.deliveries.get(delivery.webhookId);
        if (earlier) return copy(earlier);
        table.deliveries.set(delivery.webhookId, copy(delivery));
        return undefined;
      },
      async get(webhookId) {
        const found = table.deliveries.get(webhookId);
        return found ? copy(found) : undefined;
      },
    },

    // The table's transaction: every condition checked first, then every item written, or none.
    newHires: {
      async create(hire) {
        const { record } = hire;
        const hireId = record.hireId;
        const claim = { directoryId: record.directoryId, userName: record.person.userName, hireId };
        const refused: NewHireRefusal = {};
        const earlier = table.deliveries.get(hire.delivery.webhookId);
        if (earlier && earlier.bodyHash !== hire.delivery.bodyHash) refused.delivery = copy(earlier);
        const holder = table.claims.get(claimKey(claim));
        if (holder && holder.hireId !== hireId) refused.claim = copy(holder);
        const existing = [hireId, ...hire.otherHireIds].map((id) => table.hires.get(id)).find(Boolean);
        if (existing) refused.hire = copy(existing);
        if (!hire.olderClaimsJudged) {
          const [, ...olderKeys] = claimKeys(claim);
          const olderClaims = olderKeys
            .map((key) => table.claims.get(key))
            .filter((c): c is UserNameClaim => c !== undefined && c.hireId !== hireId);
          if (olderClaims.length) refused.olderClaims = copy(olderClaims);
        }
        if (Object.keys(refused).length) return { created: false, refused };
        table.deliveries.set(hire.delivery.webhookId, { ...copy(hire.delivery), hireId });
        table.claims.set(claimKey(claim), { ...claim, claimedAt: now() });
        await stores.hires.create(record, hire.readyAt ? { readyAt: hire.readyAt } : {});
        await append(hireId, { ...copy(hire.event), stage: record.stage });
        return { created: true };
      },
    },

    userNames: {
      async claim(claim) {
        const key = claimKey(claim);
        const holder = table.claims.get(key);
        if (holder && holder.hireId !== claim.hireId) return { claimed: false, holder: copy(holder) };
        table.claims.set(key, { ...claim, claimedAt: now() });
        return { claimed: true };
      },
      async takeOver(claim, holderHireId) {
        const key = claimKey(claim);
        if (table.claims.get(key)?.hireId !== holderHireId) return false;
        table.claims.set(key, { ...claim, claimedAt: now() });
        return true;
      },
      async release(claim) {
        for (const key of claimKeys(claim)) {
          if (table.claims.get(key)?.hireId === claim.hireId) table.claims.delete(key);
        }
      },
      async find(names) {
        const keys = new Set(names.flatMap(claimKeys));
        return [...keys].flatMap((key) => {
          const found = table.claims.get(key);
          return found ? [copy(found)] : [];
        });
      },
    },

    setupTokens: {
      async put(tokenHash, hireId, expiresAt) {
        table.tokens.set(tokenHash, {
          tokenHash,
          hireId,
          attempts: 0,
          validUntil: expiresAt.toISOString(),
          issuedAt: now(),
        });
      },
      async get(tokenHash) {
        const token = table.tokens.get(tokenHash);
        return token ? copy(token) : undefined;
      },
      async takeAttempt(tokenHash, maxAttempts) {
        const token = table.tokens.get(tokenHash);
        if (!token || token.usedAt || token.attempts >= maxAttempts) return false;
        token.attempts++;
        return true;
      },
      async claim(tokenHash, staleAfterMs) {
        const token = table.tokens.get(tokenHash);
        if (!token || token.usedAt) return 'used';
        const stale = new Date(clock.nowMs() - staleAfterMs).toISOString();
        if (token.claimedAt && token.claimedAt >= stale) return 'busy';
        token.claimedAt = now();
        return 'claimed';
      },
      async release(tokenHash) {
        const token = table.tokens.get(tokenHash);
        if (token) delete token.claimedAt;
      },
      async markUsed(tokenHash) {
        const token = table.tokens.get(tokenHash);
        if (!token) return;
        token.usedAt = now();
        delete token.claimedAt;
      },
    },

    workspaceOwners: {
      async put(workspaceId, hireId) {
        table.owners.set(workspaceId, hireId);
      },
      async find(workspaceId) {
        return table.owners.get(workspaceId);
      },
    },

    workQueue: {
      async listDue(queue, dueBy, limit) {
        return [...table.work.entries()]
          .filter(([, entry]) => entry.queue === queue && entry.dueAt <= dueBy)
          .sort(([a, x], [b, y]) => x.dueAt.localeCompare(y.dueAt) || a.localeCompare(b))
          .slice(0, limit)
          .map(([hireId]) => copy(table.hires.get(hireId)!));
      },
    },

    dueIndex: {
      async listDue(dueBy, limit) {
        const hires = [...table.due.entries()]
          .filter(([, at]) => at <= dueBy)
          .sort(([a, x], [b, y]) => x.localeCompare(y) || a.localeCompare(b))
          .slice(0, limit)
          .map(([hireId]) => copy(table.hires.get(hireId)!));
        return { hires, itemsRead: hires.length };
      },
    },

    readyIndex: {
      async listDue(dueBy, limit) {
        return [...table.ready.entries()]
          .filter(([, at]) => at <= dueBy)
          .sort(([a, x], [b, y]) => x.localeCompare(y) || a.localeCompare(b))
          .slice(0, limit)
          .map(([hireId]) => hireId);
      },
    },

    watchIndex: {
      async listDue(dueBy, limit) {
        return [...table.watch.entries()]
          .filter(([, at]) => at <= dueBy)
          .sort(([a, x], [b, y]) => x.localeCompare(y) || a.localeCompare(b))
          .slice(0, limit)
          .map(([hireId]) => hireId);
      },
      async watchAgain(hireId, stage, at) {
        if (table.hires.get(hireId)?.stage !== stage) return false;
        if (at !== null && isWatched(stage)) table.watch.set(hireId, at);
        else table.watch.delete(hireId);
        return true;
      },
    },

    stageIndex: {
      async list(query) {
        const offset = query.cursor ? Number.parseInt(query.cursor, 36) : 0;
        if (Number.isNaN(offset)) throw new InvalidCursorError('the cursor is not one this API returned');
        const matching = [...table.hires.values()]
          .filter((h) => h.stage === query.stage)
          .filter((h) => !query.since || h.updatedAt >= query.since)
          .filter((h) => !query.invitedBefore || (h.invitedAt ?? h.createdAt) <= query.invitedBefore)
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
        const hires = matching.slice(offset, offset + query.limit).map(copy);
        const next = offset + hires.length;
        return next < matching.length ? { hires, cursor: next.toString(36) } : { hires };
      },
      async reportRows(query) {
        const inStage = [...table.hires.values()]
          .filter((h) => h.stage === query.stage)
          .filter((h) => !query.since || h.updatedAt >= query.since);
        const hires = inStage
          .filter((h) => query.wave === undefined || h.wave === query.wave)
          .map((h) => {
            const watchAt = table.watch.get(h.hireId);
            const row: ReportHire = {
              employeeId: h.person.employeeId,
              stage: h.stage,
              source: h.source,
              createdAt: h.createdAt,
              updatedAt: h.updatedAt,
              ...(h.wave !== undefined ? { wave: h.wave } : {}),
              ...(h.firstInvitedAt ? { firstInvitedAt: h.firstInvitedAt } : {}),
              ...(h.invitedAt ? { invitedAt: h.invitedAt } : {}),
              ...(h.activeAt ? { activeAt: h.activeAt } : {}),
              ...(watchAt ? { watchAt } : {}),
              ...(h.escalatedAt ? { escalatedAt: h.escalatedAt } : {}),
              ...(h.bounce ? { bounceType: h.bounce.type } : {}),
              ...(h.lastError ? { lastError: h.lastError.error } : {}),
              ...(h.foreignWorkspace ? { foreignWorkspace: true } : {}),
              ...(h.workspaceId ? { workspaceId: h.workspaceId } : {}),
              protocol: h.protocol,
              ...(h.workspaceTerminatedAt ? { workspaceTerminatedAt: h.workspaceTerminatedAt } : {}),
            };
            return row;
          });
        return { hires, queries: 1, itemsRead: inStage.length };
      },
    },
  };
  return stores;
}
