import { systemClock } from '../src/kernel/clock';

/**
 * The local SES account: its sending limits and verified identities, as SES v2 `GetAccount` and
 * `GetEmailIdentity` report them. The values can be set at start (`npm start -- --ses-sandbox`, options of
 * the local cloud) and at run time (`POST <ses>/_sim/account`), so a test can make the admin preflight's
 * SES lines red or green.
 */
export interface SesAccountSettings {
  /** False: the SES sandbox, which sends only to verified identities. */
  productionAccessEnabled: boolean;
  /** Emails the account may send in 24 hours; -1 means unlimited (as GetAccount reports it). */
  max24HourSend: number;
  /** Emails the account may send per second. */
  maxSendRate: number;
  /** Emails counted as sent in the last 24 hours before any was sent here (a busy account's starting point). */
  sentBefore: number;
  /** The identities (addresses or domains) verified for sending; null: every identity is verified. */
  verifiedIdentities: string[] | null;
}

/**
 * A new AWS account's SES: the sandbox, 200 emails in 24 hours at 1 a second. The local cloud starts with
 * DEFAULT_LOCAL_ACCOUNT instead, so its tests and demos are not held to the sandbox's pace.
 */
export const SANDBOX_ACCOUNT: SesAccountSettings = {
  productionAccessEnabled: false,
  max24HourSend: 200,
  maxSendRate: 1,
  sentBefore: 0,
  verifiedIdentities: null,
};

/** The local cloud's own account: out of the sandbox, limits high enough for every test and the bench. */
export const DEFAULT_LOCAL_ACCOUNT: SesAccountSettings = {
  productionAccessEnabled: true,
  max24HourSend: 100_000,
  maxSendRate: 50,
  sentBefore: 0,
  verifiedIdentities: null,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SesAccount {
  settings(): SesAccountSettings;
  /** Applies a partial update; the problems of a bad one (nothing is changed then). */
  update(change: unknown): string[];
  /**
   * Notes an accepted email and its number of recipients (SES counts recipients), on the local clock, so
   * moving the clock a day empties the window.
   */
  noteSent(atMs?: number, recipients?: number): void;
  sentLast24Hours(nowMs?: number): number;
  /** Whether an address or domain is verified for sending (an address is, when its domain is). */
  isVerified(identity: string): boolean;
  /** The SES v2 GetAccount answer. */
  getAccount(): Record<string, unknown>;
  /** The SES v2 GetEmailIdentity answer, or undefined for an identity SES does not know. */
  getEmailIdentity(identity: string): Record<string, unknown> | undefined;
}

export function createSesAccount(initial: Partial<SesAccountSettings> = {}): SesAccount {
  let current: SesAccountSettings = { ...DEFAULT_LOCAL_ACCOUNT, ...initial };
  let sent: number[] = [];

  const sentLast24Hours = (nowMs = systemClock.nowMs()) => {
    sent = sent.filter((at) => at > nowMs - DAY_MS);
    return current.sentBefore + sent.length;
  };
  const isVerified = (identity: string) => {
    const list = current.verifiedIdentities;
    if (list === null) return true;
    const wanted = identity.toLowerCase();
    const domain = wanted.includes('@') ? wanted.slice(wanted.lastIndexOf('@') + 1) : undefined;
    return list.some((v) => v.toLowerCase() === wanted || v.toLowerCase() === domain);
  };

  return {
    settings: () => ({ ...current }),
    update(change) {
      const problems = checkSettings(change);
      if (problems.length === 0) current = { ...current, ...(change as Partial<SesAccountSettings>) };
      return problems;
    },
    noteSent(atMs = systemClock.nowMs(), recipients = 1) {
      for (let i = 0; i < recipients; i++) sent.push(atMs);
    },
    sentLast24Hours,
    isVerified,
    getAccount: () => ({
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: 'HEALTHY',
      ProductionAccessEnabled: current.productionAccessEnabled,
      SendingEnabled: true,
      SendQuota: {
        Max24HourSend: current.max24HourSend,
        MaxSendRate: current.maxSendRate,
        SentLast24Hours: sentLast24Hours(),
      },
    }),
    getEmailIdentity(identity) {
      if (!isVerified(identity)) return undefined;
      return {
        IdentityType: identity.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
        FeedbackForwardingStatus: true,
        VerifiedForSendingStatus: true,
        VerificationStatus: 'SUCCESS',
      };
    },
  };
}

const NUMBERS = ['max24HourSend', 'maxSendRate', 'sentBefore'] as const;

function checkSettings(change: unknown): string[] {
  if (typeof change !== 'object' || change === null || Array.isArray(change))
    return ['expected a JSON object'];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    if (key === 'productionAccessEnabled') {
      if (typeof value !== 'boolean') problems.push(`${key}: expected true or false`);
    } else if ((NUMBERS as readonly string[]).includes(key)) {
      const least = key === 'max24HourSend' ? -1 : key === 'maxSendRate' ? 1 : 0;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < least)
        problems.push(`${key}: expected a number of at least ${least}`);
    } else if (key === 'verifiedIdentities') {
      if (value !== null && !(Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')))
        problems.push(`${key}: expected null or a list of addresses and domains`);
    } else problems.push(`${key}: unknown field`);
  }
  return problems;
}
