import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailClaim, HireStore, LedgerEntry, StageChange } from '../../src/adapters/hire-store';
import { createMailer } from '../../src/adapters/mailer';
import type { Clock } from '../../src/clock';
import { HireNotFoundError, StageConflictError, VersionConflictError } from '../../src/domain/errors';
import type { HireEvent, HireRecord } from '../../src/domain/hire-record';
import type { StoredSetupToken } from '../../src/domain/setup-access';
import { allowedFrom } from '../../src/domain/stages';
import { type UserNameClaim, userNameKey } from '../../src/domain/user-name';

/**
 * The hire table in memory, for unit tests of use cases: the same conditions as the DynamoDB adapter
 * (expected stages, expected version, the ledger's claim and stale rule), no network. Every read returns
 * a copy, as a real read would.
 */
export interface MemoryHireStore extends HireStore {
  hires: Map<string, HireRecord>;
  tokens: Map<string, StoredSetupToken>;
  events: Map<string, HireEvent[]>;
  /** `due` index entries written by changes (hireId → ISO time). */
  due: Map<string, string>;
}

type Ledger = Map<string, LedgerEntry>;

export function memoryHireStore(clock: Clock): MemoryHireStore {
  const hires = new Map<string, HireRecord>();
  const tokens = new Map<string, StoredSetupToken>();
  const events = new Map<string, HireEvent[]>();
  const ledgers = new Map<string, Ledger>();
  const due = new Map<string, string>();
  const copy = <T>(value: T): T => structuredClone(value);
  const ledgerOf = (hireId: string): Ledger => {
    const ledger = ledgers.get(hireId) ?? new Map<string, LedgerEntry>();
    ledgers.set(hireId, ledger);
    return ledger;
  };
  const now = () => clock.now().toISOString();
  const claims = new Map<string, UserNameClaim>();
  const claimKey = (c: { directoryId: string; userName: string }) =>
    `${c.directoryId}#${userNameKey(c.userName)}`;

  const store: MemoryHireStore = {
    hires,
    tokens,
    events,
    due,
    async create(record) {
      hires.set(record.hireId, copy(record));
    },
    async get(hireId) {
      const hire = hires.get(hireId);
      return hire ? copy(hire) : undefined;
    },
    async require(hireId) {
      const hire = await store.get(hireId);
      if (!hire) throw new HireNotFoundError(hireId);
      return hire;
    },
    async change(hireId, change: StageChange) {
      const hire = hires.get(hireId);
      if (!hire) throw new HireNotFoundError(hireId);
      const expected = change.from ?? allowedFrom(change.to);
      if (!expected.includes(hire.stage)) {
        throw new StageConflictError({ hireId, expected, actual: hire.stage });
      }
      if (change.expectVersion !== undefined && hire.version !== change.expectVersion) {
        throw new VersionConflictError({ hireId, expected: change.expectVersion, actual: hire.version });
      }
      const next = { ...hire } as Record<string, unknown>;
      for (const [field, value] of Object.entries(change.set ?? {})) {
        if (value !== undefined) next[field] = copy(value);
      }
      for (const field of change.remove ?? []) delete next[field];
      next.stage = change.to;
      next.version = hire.version + 1;
      next.updatedAt = now();
      if (change.due) due.set(hireId, change.due.at);
      else if (change.due === null) due.delete(hireId);
      hires.set(hireId, next as unknown as HireRecord);
      if (change.event) await store.appendEvent(hireId, { ...change.event, stage: change.to });
      return copy(next as unknown as HireRecord);
    },
    async appendEvent(hireId, event) {
      const list = events.get(hireId) ?? [];
      list.push({ ...copy(event), at: now() });
      events.set(hireId, list);
    },
    async history(hireId) {
      return copy(events.get(hireId) ?? []);
    },
    async listWork() {
      return [];
    },
    async recordDelivery() {
      return undefined;
    },
    async getDelivery() {
      return undefined;
    },
    async claimUserName(claim) {
      const key = claimKey(claim);
      const holder = claims.get(key);
      if (holder && holder.hireId !== claim.hireId) return { claimed: false, holder: copy(holder) };
      claims.set(key, { ...claim, claimedAt: now() });
      return { claimed: true };
    },
    async takeOverUserName(claim, holderHireId) {
      const key = claimKey(claim);
      if (claims.get(key)?.hireId !== holderHireId) return false;
      claims.set(key, { ...claim, claimedAt: now() });
      return true;
    },
    async releaseUserName(claim) {
      const key = claimKey(claim);
      if (claims.get(key)?.hireId === claim.hireId) claims.delete(key);
    },
    async userNameClaims(names) {
      return names.flatMap((n) => {
        const found = claims.get(claimKey(n));
        return found ? [copy(found)] : [];
      });
    },
    async claimEmail(hireId, ledgerKey, staleAfterMs): Promise<EmailClaim> {
      const ledger = ledgerOf(hireId);
      const entry = ledger.get(ledgerKey);
      const stale = new Date(clock.nowMs() - staleAfterMs).toISOString();
      if (!entry || (entry.status === 'PENDING' && (entry.claimedAt ?? '') < stale)) {
        ledger.set(ledgerKey, { ledgerKey, status: 'PENDING', claimedAt: now() });
        return 'claimed';
      }
      return entry.status === 'SENT' ? 'already-sent' : 'in-progress';
    },
    async confirmEmailSent(hireId, ledgerKey, messageId) {
      const entry = ledgerOf(hireId).get(ledgerKey);
      if (entry?.status === 'SENT') return false;
      ledgerOf(hireId).set(ledgerKey, { ...entry, ledgerKey, status: 'SENT', messageId, sentAt: now() });
      return true;
    },
    // The reconciler's index is not modelled here: use cases that need it are tested on the local cloud.
    async getWithIndexes(hireId) {
      const hire = hires.get(hireId);
      return hire ? { hire: copy(hire) } : undefined;
    },
    async listWatched() {
      return [];
    },
    async watchAgain(hireId, stage) {
      return hires.get(hireId)?.stage === stage;
    },
    async markEmailSent(hireId, ledgerKey, messageId, to) {
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
    async releaseEmail(hireId, ledgerKey) {
      if (ledgerOf(hireId).get(ledgerKey)?.status === 'PENDING') ledgerOf(hireId).delete(ledgerKey);
    },
    async putSetupToken(tokenHash, hireId, expiresAt) {
      tokens.set(tokenHash, { tokenHash, hireId, attempts: 0, validUntil: expiresAt.toISOString() });
    },
    async ledger(hireId) {
      return [...ledgerOf(hireId).values()]
        .sort((a, b) => a.ledgerKey.localeCompare(b.ledgerKey))
        .map((e) => copy(e));
    },
    async listByStage() {
      return { hires: [] };
    },
  };
  return store;
}

/** A movable clock for unit tests. */
export function testClock(start = '2027-03-25T01:00:00Z') {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    nowMs: () => ms,
    advance(byMs: number) {
      ms += byMs;
    },
  };
}

export interface SentEmailRecord {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * What SES does with a SendEmail, scripted per call: accept (default), refuse, or hold the answer until the
 * test lets it go. The real mailer (ledger, claim, release) runs on top of it with the in-memory store.
 */
export function fakeSes() {
  const sent: SentEmailRecord[] = [];
  interface Step {
    outcome: 'accept' | 'refuse';
    before?: () => Promise<void>;
    released?: Promise<void>;
  }
  const plan: Step[] = [];
  let n = 0;
  const client = {
    async send(command: { input: any }) {
      const step = plan.shift() ?? { outcome: 'accept' };
      await step.before?.();
      if (step.outcome === 'refuse') {
        const err = new Error('Email address is not verified.');
        err.name = 'MessageRejected';
        throw err;
      }
      const input = command.input;
      sent.push({
        to: input.Destination.ToAddresses,
        subject: input.Content.Simple.Subject.Data,
        text: input.Content.Simple.Body.Text.Data,
        html: input.Content.Simple.Body.Html.Data,
      });
      await step.released;
      return { MessageId: `msg-${++n}` };
    },
  };
  return {
    client: client as unknown as SESv2Client,
    sent,
    /** The next SendEmail is refused: nothing goes out. */
    refuseNext() {
      plan.push({ outcome: 'refuse' });
    },
    /** Runs `before` when the next SendEmail arrives, before SES decides (to look at or change the table). */
    onNext(before: () => Promise<void>, outcome: Step['outcome'] = 'accept') {
      plan.push({ outcome, before });
    },
    /** The next SendEmail goes out, but its answer waits for the returned function to be called. */
    holdNext() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      plan.push({ outcome: 'accept', released });
      return release;
    },
  };
}

export function memoryMailer(store: HireStore, ses: ReturnType<typeof fakeSes>) {
  return createMailer({ store, from: 'IT <it@example.com>', client: ses.client });
}
