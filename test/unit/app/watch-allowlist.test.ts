import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ChatNotification,
  chatNotificationProblems,
} from '../../../src/kernel/alerts/chat-notification';
import { parseConfig } from '../../../src/kernel/config/load';
import { IpRangesFormatError, UnknownWorkspacesRegionError } from '../../../src/kernel/errors';
import type { AllowlistSeenStore, SeenAllowlist } from '../../../src/kernel/table/allowlist-seen';
import { PORT_PAGE, type PortPage } from '../../../src/network/port-page';
import {
  ALLOWLIST_WATCH_LEDGER_ID,
  type AllowlistWatchDeps,
  watchAllowlist,
} from '../../../src/network/watch-allowlist';
import { fakeSes, memoryMailer, sampleWithPcoip, testClock } from '../../support/fakes';
import { memoryStores } from '../../support/memory-stores';

// The sample's bundles and one PCoIP bundle: both protocols' ranges matter.
const SAMPLE = sampleWithPcoip();
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/ip-ranges', name), 'utf8'));

function memorySeen(): AllowlistSeenStore & { item?: SeenAllowlist } {
  const store: AllowlistSeenStore & { item?: SeenAllowlist } = {
    async get() {
      return store.item && structuredClone(store.item);
    },
    async save(next, expected) {
      if ((store.item?.version ?? undefined) !== expected) return false;
      store.item = structuredClone(next);
      return true;
    },
  };
  return store;
}

function world(network: Record<string, unknown> = {}) {
  const clock = testClock();
  const stores = memoryStores(clock);
  const ses = fakeSes();
  let ranges = fixture('ip-ranges-old.json');
  const seen = memorySeen();
  const config = parseConfig({ ...SAMPLE, network: { ...SAMPLE.network, ...network } });
  const deps: AllowlistWatchDeps = {
    readIpRanges: async () => ranges,
    seen,
    mailer: memoryMailer(stores.ledger, ses),
    config,
    clock,
    region: 'ap-northeast-1',
  };
  return {
    deps,
    ses,
    seen,
    stores,
    use(name: string) {
      ranges = fixture(name);
    },
    useRaw(value: unknown) {
      ranges = value;
    },
  };
}

describe('the allowlist watch', () => {
  it('first remembers, then emails every contact once per change, each in their language', async () => {
    const w = world();
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'first-look', emailed: 0 });
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'unchanged', emailed: 0 });
    w.use('ip-ranges-new.json');
    expect(await watchAllowlist(w.deps)).toMatchObject({
      outcome: 'changed',
      added: 10,
      removed: 6,
      emailed: 2,
    });
    expect(w.ses.sent.map((e) => e.to[0])).toEqual(['network-team@example.co.jp', 'netops@example.com']);
    expect(w.ses.sent[0]!.subject).toContain('追加 10 件');
    expect(w.ses.sent[1]!.subject).toContain('10 to open, 6 to close');
    // The ledger owner is no hire, and its tags say so.
    expect(w.ses.sent[0]!.tags.hireId).toBe(ALLOWLIST_WATCH_LEDGER_ID);
    expect(w.ses.sent[0]!.tags.kind).toBe('network-change');
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'unchanged' });
    expect(w.ses.sent).toHaveLength(2);
    expect(w.seen.item?.version).toBe(2);
  });

  it('a run that dies after emailing is repeated by the next one without a second copy, in email or chat', async () => {
    const w = world();
    const published: ChatNotification[] = [];
    w.deps.chat = { publish: async (n) => void published.push(n) };
    await watchAllowlist(w.deps);
    w.use('ip-ranges-new.json');
    const save = w.seen.save;
    w.seen.save = async () => {
      throw new Error('the Lambda timed out');
    };
    await expect(watchAllowlist(w.deps)).rejects.toThrow('timed out');
    expect(w.ses.sent).toHaveLength(2);
    w.seen.save = save;
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'changed', emailed: 0 });
    expect(w.ses.sent).toHaveLength(2);
    // One chat message per change, in the admins' language, however many contacts and runs.
    expect(published).toHaveLength(1);
    const [message] = published as [ChatNotification];
    expect(chatNotificationProblems(JSON.stringify(message))).toEqual([]);
    expect(message.id).toMatch(new RegExp(`^${ALLOWLIST_WATCH_LEDGER_ID}#network-change#`));
    // The sample's admins read Japanese (defaults.locale), whatever each contact reads.
    expect(message.content.title).toContain('追加 10 件');
    expect(message.content.description).toMatch(/`[0-9a-f.:]+\/\d+`/);
    expect(message.content.nextSteps![0]).toContain('`npm run admin -- allowlist --region ap-northeast-1`');
  });

  it('SES refusing one email leaves the change unsaved, and the next run sends only what is missing', async () => {
    const w = world();
    await watchAllowlist(w.deps);
    w.use('ip-ranges-new.json');
    w.ses.onNext(async () => undefined);
    w.ses.refuseNext();
    await expect(watchAllowlist(w.deps)).rejects.toThrow(/SES did not accept/);
    expect(w.ses.sent).toHaveLength(1);
    expect(w.seen.item?.version).toBe(1);
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'changed', emailed: 1 });
    expect(w.ses.sent.map((e) => e.to[0])).toEqual(['network-team@example.co.jp', 'netops@example.com']);
  });

  it('the same ranges coming back later are a new change, told again', async () => {
    const w = world();
    await watchAllowlist(w.deps);
    w.use('ip-ranges-new.json');
    await watchAllowlist(w.deps);
    w.use('ip-ranges-old.json');
    await watchAllowlist(w.deps);
    w.use('ip-ranges-new.json');
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'changed', emailed: 2 });
    expect(w.ses.sent).toHaveLength(6);
  });

  it('watches only what matters: Global Accelerator ranges only when it is on', async () => {
    const off = world();
    await watchAllowlist(off.deps);
    const ga = structuredClone(fixture('ip-ranges-old.json'));
    ga.prefixes.push({ ip_prefix: '15.197.0.0/16', region: 'GLOBAL', service: 'GLOBALACCELERATOR' });
    off.useRaw(ga);
    expect(await watchAllowlist(off.deps)).toMatchObject({ outcome: 'unchanged' });

    const on = world({ globalAccelerator: true });
    await watchAllowlist(on.deps);
    on.useRaw(ga);
    expect(await watchAllowlist(on.deps)).toMatchObject({ outcome: 'changed', added: 2, removed: 0 });
    expect(on.ses.sent[1]!.text).toContain('15.197.0.0/16');
  });

  it('reports what a release’s update of the port page data file opens and closes, and remembers its date', async () => {
    const w = world();
    const release = (read: string, tokyo: string[]): PortPage => ({
      ...PORT_PAGE,
      read,
      regions: {
        ...PORT_PAGE.regions,
        'ap-northeast-1': { ...PORT_PAGE.regions['ap-northeast-1']!, dcvGateways: tokyo },
      },
    });
    w.deps.portPage = release('2026-06-01', ['3.114.164.0/22']);
    await watchAllowlist(w.deps);
    expect(w.seen.item?.portPage).toBe('2026-06-01');
    // The next release's copy of the page moved Tokyo's DCV gateways; ip-ranges.json did not change.
    w.deps.portPage = release('2026-12-06', ['3.114.168.0/22']);
    expect(await watchAllowlist(w.deps)).toMatchObject({
      outcome: 'changed',
      added: 2,
      removed: 2,
      emailed: 2,
    });
    const en = w.ses.sent[1]!.text;
    expect(en).toContain('ap-northeast-1: TCP/UDP 4195');
    expect(en).toContain('3.114.168.0/22');
    expect(en).toContain('3.114.164.0/22');
    expect(en).toContain(
      `copy of AWS's WorkSpaces port page (${PORT_PAGE.page}), now as read on 2026-12-06 (before: as read on 2026-06-01)`,
    );
    expect(w.ses.sent[0]!.text).toContain('2026-12-06 時点');
    expect(w.seen.item?.portPage).toBe('2026-12-06');
    // A later release that re-read the page with nothing new for these Regions is remembered, not emailed.
    w.deps.portPage = release('2027-03-01', ['3.114.168.0/22']);
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'unchanged', emailed: 0 });
    expect(w.seen.item?.portPage).toBe('2027-03-01');
    expect(w.ses.sent).toHaveLength(2);
  });

  it('an item saved by a release before the data file: its new ranges are one change, told once', async () => {
    const w = world();
    await watchAllowlist(w.deps);
    const { portPage: _none, ...older } = w.seen.item!;
    w.seen.item = { ...older, rules: older.rules.filter((k) => !k.includes('3.114.164.0/22')) };
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'changed', added: 2, removed: 0 });
    expect(w.ses.sent[1]!.text).toContain(`now as read on ${PORT_PAGE.read}. The DCV gateway ranges`);
    expect(await watchAllowlist(w.deps)).toMatchObject({ outcome: 'unchanged' });
    expect(w.ses.sent).toHaveLength(2);
  });

  it('tells the admins when no contact is configured', async () => {
    const w = world({ contacts: [] });
    await watchAllowlist(w.deps);
    w.use('ip-ranges-new.json');
    await watchAllowlist(w.deps);
    expect(w.ses.sent.map((e) => e.to)).toEqual([['it-admins@example.co.jp']]);
  });

  it('a file that is not ip-ranges.json, or a Region without WorkSpaces, changes nothing', async () => {
    const w = world();
    await watchAllowlist(w.deps);
    w.useRaw({ hello: 1 });
    await expect(watchAllowlist(w.deps)).rejects.toThrow(IpRangesFormatError);
    const r = world({ regions: ['ap-northeast-3'] });
    await expect(watchAllowlist(r.deps)).rejects.toThrow(UnknownWorkspacesRegionError);
    expect(r.seen.item).toBeUndefined();
    expect([...w.ses.sent, ...r.ses.sent]).toEqual([]);
  });
});
