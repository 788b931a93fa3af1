import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OREGON_DIRECTORY_ID, SIMPLE_AD_DIRECTORY_ID } from '../../local/workspaces-sim';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Whom a hire asks, as config/onboarding.json says it: the US desk for a hire in the US (whatever their
 * directory) and for a hire in the Oregon directory, the Tokyo desk for everyone else, in the invitation
 * and on the setup page; every subject with one brand, the company name in the email's language.
 */
const US_PHONE = '+1-503-555-0100';
const TOKYO_PHONE = '+81-3-0000-0000';

const CASES = [
  { employeeId: 'E-SC-1', userName: 'scus1', extra: { country: 'US', locale: 'en-US' }, desk: US_PHONE },
  // The hire's country wins over their directory (HR pinned the Tokyo one).
  {
    employeeId: 'E-SC-2',
    userName: 'scus2',
    extra: { country: 'US', locale: 'en-US', directoryId: SIMPLE_AD_DIRECTORY_ID },
    desk: US_PHONE,
  },
  // No rule for GB: the Oregon directory's desk (Field Sales in English goes there).
  {
    employeeId: 'E-SC-3',
    userName: 'scgb1',
    extra: { country: 'GB', locale: 'en-GB', department: 'Field Sales' },
    desk: US_PHONE,
  },
  { employeeId: 'E-SC-4', userName: 'scjp1', extra: { country: 'JP', locale: 'ja-JP' }, desk: TOKYO_PHONE },
] as const;

let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const emailOf = (userName: string) => `${userName}@example.com`;

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function invitationTo(address: string) {
  const [mail] = await eventually(async () => {
    const found = (await cloud.inbox()).filter((m) => m.destination.to.includes(address));
    return found.length ? found : undefined;
  });
  return mail!;
}

describe('support contact per country or directory', () => {
  it("shows each hire their country's support, else their directory's, else everyone's", async () => {
    const ids: string[] = [];
    for (const c of CASES) {
      await cloud.addUsers(SIMPLE_AD_DIRECTORY_ID, c.userName);
      await cloud.addUsers(OREGON_DIRECTORY_ID, c.userName);
      const res = await cloud.postHire({
        employeeId: c.employeeId,
        userName: c.userName,
        email: emailOf(c.userName),
        startDate: dayAfter(1),
        ...c.extra,
      });
      expect(res.status).toBe(202);
      ids.push(res.body.hireId as string);
    }
    await cloud.driveUntil(async () => {
      const stages = await Promise.all(ids.map((id) => table.stage(id)));
      return stages.every((s) => s === 'INVITED');
    }, 'every hire INVITED');

    for (const c of CASES) {
      const mail = await invitationTo(emailOf(c.userName));
      const other = c.desk === US_PHONE ? TOKYO_PHONE : US_PHONE;
      expect(mail.body.text, c.employeeId).toContain(c.desk);
      expect(mail.body.text, c.employeeId).not.toContain(other);
      // The setup page of the link says whom to ask too, once the link is used.
      const link = /https?:\/\/[^\s"<>]+\/setup\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '')![0];
      const good = 'Welcome#2026';
      const form = new URLSearchParams({ password: good, confirm: good }).toString();
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      expect((await fetch(link, { method: 'POST', headers, body: form })).status).toBe(200);
      const used = await fetch(link);
      expect(used.status, c.employeeId).toBe(410);
      const page = await used.text();
      expect(page, c.employeeId).toContain(c.desk);
      expect(page, c.employeeId).not.toContain(other);

      // One brand: the sample's subject prefix in the email's language, and no other.
      const brand = c.extra.locale.startsWith('ja') ? '【Example Corp IT】 ' : '[Example Corp IT] ';
      expect(mail.subject.startsWith(brand), mail.subject).toBe(true);
      expect(mail.subject.slice(brand.length), mail.subject).not.toMatch(/Example|エグザンプル|【|\[/);
      expect(mail.body.text).toContain(
        c.extra.locale.startsWith('ja') ? '株式会社エグザンプル' : 'Example Corp',
      );
    }
  });
});
