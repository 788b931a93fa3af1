import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAllowlistSeenStore } from '../../src/kernel/table/allowlist-seen';
import { PORT_PAGE } from '../../src/network/port-page';
import { sampleWithPcoipFile } from '../support/fakes';
import { eventually, type InboxEmail, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * The allowlist watch against the local cloud: the file it reads is swapped as a person would; each change
 * that matters for the sample configuration with a PCoIP bundle (ap-northeast-1, PCoIP and Amazon DCV) emails every network
 * contact once, in their language; a run with nothing new, or with changes elsewhere, emails nobody.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ip-ranges');
const CONTACTS = { ja: 'network-team@example.co.jp', en: 'netops@example.com' };
let cloud: TestCloud;
let file: string;

const swap = (name: string) => copyFileSync(join(FIXTURES, name), file);
const networkEmails = async () =>
  (await cloud.inbox()).filter((e) =>
    e.destination.to.some((to) => to === CONTACTS.ja || to === CONTACTS.en),
  );
const watch = async () => {
  await cloud.runSchedule('allowlistWatch');
  // SES's "Email Sent" events close the ledger asynchronously; give them a moment to land.
  await new Promise((r) => setTimeout(r, 300));
};
const to = (emails: InboxEmail[], address: string) =>
  emails.filter((e) => e.destination.to.includes(address));

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'watch-')), 'ip-ranges.json');
  copyFileSync(join(FIXTURES, 'ip-ranges-old.json'), file);
  cloud = await startTestCloud({ ipRangesFile: file, configFile: sampleWithPcoipFile() });
});

afterAll(async () => {
  await cloud?.stop();
});

describe('the allowlist watch', () => {
  it('runs once a day', async () => {
    const res = await fetch(`${cloud.urls.http}/_local/schedules`);
    const { schedules } = (await res.json()) as {
      schedules: { functionKey?: string; expression?: string }[];
    };
    expect(JSON.stringify(schedules)).toMatch(
      /allowlistWatch[^}]*rate\(1 day\)|rate\(1 day\)[^}]*allowlistWatch/,
    );
  });

  it('remembers what it saw first and emails nobody', async () => {
    await watch();
    expect(await networkEmails()).toEqual([]);
  });

  it('emails each contact once, in their language, when the ranges that matter change', async () => {
    swap('ip-ranges-new.json');
    await watch();
    const emails = await eventually(
      async () => {
        const all = await networkEmails();
        return all.length >= 2 && all;
      },
      { what: 'the change emails' },
    );
    expect(emails).toHaveLength(2);
    const [ja] = to(emails, CONTACTS.ja);
    const [en] = to(emails, CONTACTS.en);
    expect(en!.subject).toBe(
      '[Example Corp IT] Amazon WorkSpaces firewall ranges changed: 10 to open, 6 to close',
    );
    expect(ja!.subject).toContain('追加 10 件、削除 6 件');
    const text = en!.body.text ?? '';
    expect(text).toContain('ap-northeast-1: TCP/UDP 4195, Amazon DCV streaming and health checks');
    expect(text).toContain('2406:da14:1e4:b300::/56');
    expect(text).toContain('35.73.220.0/26');
    expect(text).toContain('2406:da14:1e4:a100::/56');
    expect(text).toContain('52.68.0.0/15');
    // Other Regions' ranges and Global Accelerator (off in the sample configuration) are not news.
    expect(text).not.toContain('2600:1f18');
    expect(text).not.toContain('99.83.128.0/17');
  });

  it('emails nobody again when nothing changed, or only ranges that do not matter', async () => {
    await watch();
    const elsewhere = JSON.parse(readFileSync(file, 'utf8'));
    elsewhere.syncToken = '1740000000';
    elsewhere.prefixes.push(
      {
        ip_prefix: '52.19.200.0/24',
        region: 'eu-west-1',
        service: 'WORKSPACES_GATEWAYS',
        network_border_group: 'eu-west-1',
      },
      {
        ip_prefix: '15.197.0.0/16',
        region: 'GLOBAL',
        service: 'GLOBALACCELERATOR',
        network_border_group: 'GLOBAL',
      },
      {
        ip_prefix: '54.240.0.0/18',
        region: 'ap-northeast-1',
        service: 'EC2',
        network_border_group: 'ap-northeast-1',
      },
    );
    writeFileSync(file, JSON.stringify(elsewhere));
    await watch();
    expect(await networkEmails()).toHaveLength(2);
  });

  it('tells the next change too, once: the old ranges coming back are a new change', async () => {
    swap('ip-ranges-old.json');
    await watch();
    await watch();
    const emails = await eventually(
      async () => {
        const all = await networkEmails();
        return all.length >= 4 && all;
      },
      { what: 'the second change emails' },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await networkEmails()).toHaveLength(4);
    expect(to(emails, CONTACTS.en).at(-1)!.subject).toContain('6 to open, 10 to close');
  });

  it('emails nobody and forgets nothing when the file is not ip-ranges.json', async () => {
    writeFileSync(file, '{"hello": 1}');
    await watch();
    expect(await networkEmails()).toHaveLength(4);
    // The ranges seen are still the old ones: reading them again is no change.
    swap('ip-ranges-old.json');
    await watch();
    expect(await networkEmails()).toHaveLength(4);
  });

  it('tells what a release’s update of the port page data file opens, once, naming the update', async () => {
    // The item as the release before the data file left it: no DCV gateway ranges, no read date.
    const seen = createAllowlistSeenStore({
      client: DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: cloud.urls.dynamodb,
          region: cloud.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      ),
      tableName: process.env.TABLE_NAME!,
      now: () => new Date(),
    });
    const before = (await seen.get())!;
    expect(before.portPage).toBe(PORT_PAGE.read);
    const { portPage: _read, ...older } = before;
    const tokyoDcv = '3.114.164.0/22';
    expect(before.rules).toContain(`ap-northeast-1 UDP 4195 ${tokyoDcv}`);
    expect(
      await seen.save(
        { ...older, version: before.version + 1, rules: before.rules.filter((k) => !k.endsWith(tokyoDcv)) },
        before.version,
      ),
    ).toBe(true);
    await watch();
    const emails = await eventually(
      async () => {
        const all = await networkEmails();
        return all.length >= 6 && all;
      },
      { what: 'the data file change emails' },
    );
    const en = to(emails, CONTACTS.en).at(-1)!;
    expect(en.subject).toContain('2 to open, 0 to close');
    expect(en.body.text).toContain('ap-northeast-1: TCP/UDP 4195');
    expect(en.body.text).toContain(tokyoDcv);
    expect(en.body.text).toContain(`port page (${PORT_PAGE.page}), now as read on ${PORT_PAGE.read}.`);
    expect(to(emails, CONTACTS.ja).at(-1)!.body.text).toContain(tokyoDcv);
    await watch();
    await new Promise((r) => setTimeout(r, 300));
    expect(await networkEmails()).toHaveLength(6);
    expect((await seen.get())!.portPage).toBe(PORT_PAGE.read);
  });
});
