import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceKey } from '../../src/kernel/table/keys';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { AD_CONNECTOR, trackingHelpers } from '../support/tracking';

/**
 * First login with an AD Connector directory (people keep their company password, so there is no password
 * step): the EventBridge event moves the hire from INVITED straight to ACTIVE, and the reminder run's
 * connection check catches a login whose event never arrived.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
let configDir: string;

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'onboarding-login-'));
  const config = JSON.parse(readFileSync(join(import.meta.dirname, '../../config/onboarding.json'), 'utf8'));
  for (const directory of config.directories) directory.default = directory.id === AD_CONNECTOR;
  writeFileSync(join(configDir, 'onboarding.json'), JSON.stringify(config));
  cloud = await startTestCloud({
    provisioningDelayMs: 30_000,
    configFile: join(configDir, 'onboarding.json'),
  });
  t = trackingHelpers(cloud);
});
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('first login', () => {
  it('an AD Connector hire (company password) goes from INVITED straight to ACTIVE on the login event', async () => {
    const [hireId] = await t.inviteHires(
      [{ employeeId: 'E-FL-1', userName: 'flconnector', email: 'fl.connector@example.co.jp' }],
      AD_CONNECTOR,
    );
    expect(await t.stage(hireId!)).toBe('INVITED');
    expect(await t.setupLinks('fl.connector@example.co.jp')).toEqual([]);
    await t.login(hireId!);
    await eventually(async () => (await t.stage(hireId!)) === 'ACTIVE', { what: 'hire ACTIVE' });
    expect((await t.rawHire(hireId!))?.dueAt).toBeUndefined();
  });

  it('a missed login event is caught by the reminder run’s connection check before anyone is reminded', async () => {
    const [hireId] = await t.inviteHires(
      [{ employeeId: 'E-FL-2', userName: 'flmissed', email: 'fl.missed@example.co.jp' }],
      AD_CONNECTOR,
    );
    const item = await t.rawHire(hireId!);
    // Without the pointer the login event cannot find the hire, as if EventBridge had dropped it.
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.urls.dynamodb,
        region: cloud.region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    await client.send(
      new DeleteCommand({ TableName: process.env.TABLE_NAME!, Key: workspaceKey(item!.workspaceId) }),
    );
    client.destroy();
    await t.login(hireId!);
    await cloud.bus.idle();
    expect(await t.stage(hireId!)).toBe('INVITED');

    await cloud.sim('/_sim/calls/reset', {});
    await t.moveClockTo(new Date(Date.parse(item!.dueAt) + 60_000));
    await cloud.runSchedule('reminders');
    await eventually(async () => (await t.stage(hireId!)) === 'ACTIVE', {
      what: 'hire ACTIVE from the fallback',
    });
    expect(Object.keys(await t.ledger(hireId!))).toEqual(['invitation#1']);
    const calls = await cloud.sim('/_sim/calls');
    expect(calls.byOperation.DescribeWorkspacesConnectionStatus.requests).toBeGreaterThanOrEqual(1);
  });
});
