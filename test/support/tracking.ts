import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { hireKey, LEDGER_PREFIX } from '../../src/kernel/table/keys';
import { eventually, type TestCloud } from './local-cloud';

/** Helpers for the completion-tracking tests: hires driven to INVITED, links, the ledger, the raw item. */
export const SIMPLE_AD = 'd-95671a2b3c';
export const AD_CONNECTOR = 'd-90676d4e5f';
const DAY_MS = 86_400_000;

export function trackingHelpers(cloud: TestCloud) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.urls.dynamodb,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const TableName = process.env.TABLE_NAME!;

  const rawHire = async (hireId: string) =>
    (await client.send(new GetCommand({ TableName, Key: hireKey(hireId), ConsistentRead: true }))).Item as
      | Record<string, any>
      | undefined;

  const helpers = {
    rawHire,
    stage: async (hireId: string) => (await rawHire(hireId))?.stage as string | undefined,
    /** The send-once ledger of a hire: key → sentAt (local clock). */
    async ledger(hireId: string): Promise<Record<string, string>> {
      const out = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': hireKey(hireId).pk, ':prefix': LEDGER_PREFIX },
          ConsistentRead: true,
        }),
      );
      return Object.fromEntries(
        (out.Items ?? []).map((i) => [
          String(i.sk).slice(LEDGER_PREFIX.length),
          String(i.sentAt ?? i.status),
        ]),
      );
    },
    async now(): Promise<Date> {
      const res = await fetch(`${cloud.urls.http}/_local/clock`);
      return new Date(((await res.json()) as { now: string }).now);
    },
    async moveClockTo(at: Date) {
      const res = await fetch(`${cloud.urls.http}/_local/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: at.toISOString() }),
      });
      if (!res.ok) throw new Error(`clock: ${res.status} ${await res.text()}`);
    },
    /** Posts hires (each with its own directory user) and drives the provisioner until all are INVITED. */
    async inviteHires(hires: Record<string, unknown>[], directoryId = SIMPLE_AD): Promise<string[]> {
      await cloud.sim('/_sim/users', { directoryId, userNames: hires.map((h) => h.userName) });
      // A provisioner run started by a clock jump must not pick up the first hires a minute before the
      // rest: the tests expect everyone invited in the same minute.
      await eventually(
        async () =>
          cloud.scheduler
            .schedules()
            .every(
              (s) => s.functionKey !== 'provisioner' || (!s.running && s.nextAtMs > cloud.clock.nowMs()),
            ),
        { what: 'the provisioner run of the clock jump to finish' },
      );
      const ids: string[] = [];
      for (const data of hires) {
        const res = await cloud.postHire({ startDate: dayAfter(1), ...data });
        if (res.status !== 202)
          throw new Error(`hire not accepted: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.hireId as string);
      }
      const allInvited = async () =>
        (await Promise.all(ids.map((id) => helpers.stage(id)))).every(
          (s) => s && !['RECEIVED', 'QUEUED', 'PROVISIONING'].includes(s),
        );
      for (let minute = 0; minute < 30; minute++) {
        if (await allInvited()) return ids;
        await cloud.advance('1m');
        await cloud.runSchedule('provisioner');
        await cloud.settled();
      }
      // An invitation stopped at its timeout while it held its email's claim (a loaded machine) waits for the
      // claim to go stale on the clock (EmailInProgressError, retried every minute): keep time moving.
      for (let check = 1; !(await allInvited()); check++) {
        if (check > 90) throw new Error('timed out waiting for every hire invited');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        if (check % 5 === 0) await cloud.advance('1m');
      }
      return ids;
    },
    async emailsTo(address: string) {
      return (await cloud.inbox()).filter((m) => m.destination.to.includes(address));
    },
    /** The setup links in the emails to an address, oldest first. */
    async setupLinks(address: string): Promise<string[]> {
      return (await helpers.emailsTo(address)).flatMap((m) => {
        const match = /https?:\/\/[^\s"<>]+\/setup\/[A-Za-z0-9_-]{43}/.exec(m.body.text ?? '');
        return match ? [match[0]] : [];
      });
    },
    async passwordResets(userName: string): Promise<number> {
      const state = await cloud.sim('/_sim/state');
      const dir = state.directories.find((d: any) => d.directoryId === SIMPLE_AD);
      return dir.passwordResets[userName] ?? 0;
    },
    async login(hireId: string) {
      const hire = await rawHire(hireId);
      await cloud.sim('/_sim/login', { workspaceId: hire?.workspaceId });
    },
    destroy: () => client.destroy(),
  };
  return helpers;
}

export function dayAfter(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

export function postForm(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * Local weekday (1 = Monday) and minutes since midnight of an instant in a zone, read with Intl: the tests'
 * own check of business hours, independent of the product's implementation.
 */
export function localTime(at: Date | number, timeZone: string): { weekday: number; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function inBusinessHours(at: Date | number, timeZone: string): boolean {
  const { weekday, minutes } = localTime(at, timeZone);
  return weekday >= 1 && weekday <= 5 && minutes >= 9 * 60 && minutes < 18 * 60;
}

/** The first minute at or after `fromMs` inside 09:00–18:00 Monday to Friday in the zone (brute force). */
export function firstBusinessMinute(fromMs: number, timeZone: string): number {
  let t = Math.ceil(fromMs / 60_000) * 60_000;
  while (!inBusinessHours(t, timeZone)) t += 60_000;
  return t;
}
