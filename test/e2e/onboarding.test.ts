import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../local/emails';
import { loadConfig } from '../../src/kernel/config/load';
import { hireEmailContext } from '../../src/kernel/email/context';
import { networkPageUrl } from '../../src/kernel/email/links';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * The heart of the product through its public contract: a signed employee.hired webhook ends with a
 * WorkSpace AVAILABLE in the simulator, the hire INVITED and one invitation in the inbox.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;

const DIRECTORY = 'd-95671a2b3c';
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function invitationsTo(email: string) {
  return (await cloud.inbox()).filter((m) => m.destination.to.includes(email));
}

describe('a signed employee.hired webhook', () => {
  it('ends with an AVAILABLE WorkSpace, the hire INVITED and one invitation with the registration code', async () => {
    await cloud.addUsers(DIRECTORY, 'tkimura');
    const res = await cloud.postHire({
      employeeId: 'E-1001',
      userName: 'tkimura',
      email: 'taro.kimura@example.co.jp',
      givenName: '太郎',
      familyName: '木村',
      startDate: dayAfter(1),
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ hireId: expect.any(String), stage: 'RECEIVED' });
    const hireId = res.body.hireId as string;

    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'hire QUEUED' });
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'hire INVITED');

    const hire = await table.get(hireId);
    const state = await cloud.sim('/_sim/state');
    const workspace = state.workspaces.find((w: any) => w.workspaceId === hire?.workspaceId);
    expect(workspace).toMatchObject({ userName: 'tkimura', directoryId: DIRECTORY, state: 'AVAILABLE' });
    const mails = await eventually(async () => {
      const found = await invitationsTo('taro.kimura@example.co.jp');
      return found.length ? found : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain('wsnrt+A1B2C3');
    expect(mails[0]!.body.text).toContain('tkimura');
    expect(mails[0]!.body.html).toContain('wsnrt+A1B2C3');

    // The email in the inbox is exactly what src/email renders for this hire (the preview shows the same).
    const setupUrl = /https?:\/\/[^\s"<>]+\/setup\/[A-Za-z0-9_-]{43}/.exec(mails[0]!.body.text ?? '')?.[0];
    expect(setupUrl).toBeDefined();
    const config = loadConfig();
    const ctx = hireEmailContext(config, hire!.person);
    const publicBaseUrl = setupUrl!.slice(0, setupUrl!.indexOf('/setup/'));
    const rendered = await renderEmail('invitation', ctx, {
      person: hire!.person,
      directory: { type: 'SIMPLE_AD', registrationCode: 'wsnrt+A1B2C3', alias: 'corp-example' },
      passwordSetup: 'hosted',
      setupUrl: setupUrl!,
      workspace: { id: hire!.workspaceId!, protocol: hire!.protocol },
      network: {
        region: 'ap-northeast-1',
        pageUrl: networkPageUrl(publicBaseUrl, 'ap-northeast-1', hire!.protocol, ctx.locale),
      },
      // The deadline shown is the token's expiry itself (17:00 on a working day, docs/admin-guide.md "Links that work").
      actBy: new Date(hire!.setupTokenExpiresAt!),
      startDate: hire!.person.startDate,
    });
    expect(mails[0]!.subject).toBe(rendered.subject);
    expect(mails[0]!.body.text).toBe(rendered.text);
    expect(mails[0]!.body.html).toBe(rendered.html);
  });

  it('waits for the provisioning date when the start date is weeks away', async () => {
    await cloud.addUsers(DIRECTORY, 'ssato');
    const res = await cloud.postHire({
      employeeId: 'E-1002',
      userName: 'ssato',
      email: 's.sato@example.co.jp',
      startDate: dayAfter(30),
    });
    expect(res.status).toBe(202);
    const hireId = res.body.hireId as string;
    await cloud.advance('2d');
    await cloud.runSchedule('provisioner');
    expect(await table.stage(hireId)).toBe('RECEIVED');
    // Provisioning starts 7 days before the start date.
    await cloud.advance('22d');
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', {
      what: 'hire QUEUED after the wait',
    });
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'hire INVITED');
  });
});

describe('duplicates', () => {
  it('the same delivery repeated, and the same employee under a new webhook-id: one WorkSpace, one invitation', async () => {
    await cloud.addUsers(DIRECTORY, 'dupuser');
    const data = {
      employeeId: 'E-2001',
      userName: 'dupuser',
      email: 'dup@example.co.jp',
      startDate: dayAfter(1),
    };
    const first = await cloud.postHire(data, { webhookId: 'msg_dup_1' });
    const again = await cloud.postHire(data, { webhookId: 'msg_dup_1' });
    const newId = await cloud.postHire(data, { webhookId: 'msg_dup_2' });
    expect(first.status).toBe(202);
    // The same delivery again is a sender's retry: answered as the first; a new id, as a known employee.
    expect(again.status).toBe(202);
    expect(newId.status).toBe(200);
    expect(again.body).toEqual({ hireId: first.body.hireId, stage: expect.any(String) });
    expect(newId.body).toEqual({ hireId: first.body.hireId, stage: expect.any(String), changed: [] });
    expect(newId.body.hireId).toBe(first.body.hireId);

    const hireId = first.body.hireId as string;
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED');
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'hire INVITED');
    // Deliveries after the invitation change nothing either.
    expect((await cloud.postHire(data, { webhookId: 'msg_dup_3' })).status).toBe(200);
    await cloud.advance('5m');
    await cloud.runSchedule('provisioner');

    const state = await cloud.sim('/_sim/state');
    expect(state.workspaces.filter((w: any) => w.userName === 'dupuser')).toHaveLength(1);
    expect(await invitationsTo('dup@example.co.jp')).toHaveLength(1);
  });
});
