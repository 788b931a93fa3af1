import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';
import { SETUP_PAGE_POLICY } from '../../src/tracking/emails/setup-page';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { postForm, trackingHelpers } from '../support/tracking';

/**
 * The hosted password page through its public URL (the link in the invitation), against the local cloud
 * and the directory simulator. Setup links live 1 hour here so expiry can be tried without reminders.
 * Also: links revoked by an SES complaint, and the page while WorkSpaces throttles every call.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
let configDir: string;

const GOOD = 'Welcome#2026';
const person = (key: string) => ({
  employeeId: `E-PW-${key}`,
  userName: `pw${key}`,
  email: `pw.${key}@example.co.jp`,
});

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'onboarding-pw-'));
  const config = JSON.parse(readFileSync(join(import.meta.dirname, '../../config/onboarding.json'), 'utf8'));
  config.setupTokenTtlHours = 1;
  writeFileSync(join(configDir, 'onboarding.json'), JSON.stringify(config));
  cloud = await startTestCloud({
    provisioningDelayMs: 30_000,
    configFile: join(configDir, 'onboarding.json'),
  });
  t = trackingHelpers(cloud);
  // Bundled mode builds every function first: slow on a busy machine.
}, 120_000);
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/**
 * Each test invites its own hire: links live an hour here, and a test may move the shared clock past that
 * (the expiry test), so no test relies on a link another one made.
 */
async function invite(key: string): Promise<string> {
  const [hireId] = await t.inviteHires([person(key)]);
  return hireId!;
}

async function linkOf(key: string): Promise<string> {
  const links = await eventually(async () => {
    const found = await t.setupLinks(person(key).email);
    return found.length ? found : undefined;
  });
  return links.at(-1)!;
}

describe('the password setup page', () => {
  it('sets the password once: PASSWORD_SET, then ACTIVE on the first login; reuse gets 410', async () => {
    const ids = { happy: await invite('happy') };
    const link = await linkOf('happy');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
        `style-src 'sha256-${SETUP_PAGE_POLICY.styleSha256}'`,
    );
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('name="password"');
    expect(html).toContain('pwhappy');

    const weak = await postForm(link, { password: 'weakpass', confirm: 'weakpass' });
    expect(weak.status).toBe(422);
    const mismatch = await postForm(link, { password: GOOD, confirm: `${GOOD}x` });
    expect(mismatch.status).toBe(422);
    expect(await t.stage(ids.happy)).toBe('INVITED');
    expect(await t.passwordResets('pwhappy')).toBe(0);

    const done = await postForm(link, { password: GOOD, confirm: GOOD });
    expect(done.status).toBe(200);
    const doneHtml = await done.text();
    expect(doneHtml).not.toContain(GOOD);
    expect(await t.stage(ids.happy)).toBe('PASSWORD_SET');
    expect(await t.passwordResets('pwhappy')).toBe(1);

    const again = await postForm(link, { password: 'Another#2026', confirm: 'Another#2026' });
    expect(again.status).toBe(410);
    expect((await fetch(link)).status).toBe(410);
    expect(await t.passwordResets('pwhappy')).toBe(1);

    await t.login(ids.happy);
    await eventually(async () => (await t.stage(ids.happy)) === 'ACTIVE', { what: 'hire ACTIVE' });
    const item = await t.rawHire(ids.happy);
    expect(item?.dueAt).toBeUndefined();
    expect(item?.activeAt).toBeDefined();
    expect(await t.passwordResets('pwhappy')).toBe(1);
  });

  it('answers a wrong or malformed token with the expired page and stores nothing', async () => {
    const ids = { guess: await invite('guess') };
    const base = (await linkOf('guess')).replace(/\/setup\/.*$/, '/setup/');
    const wrong = `${base}${'A'.repeat(43)}`;
    const table = hireTable(cloud);
    const before = await table.count();
    expect((await fetch(wrong)).status).toBe(410);
    expect((await postForm(wrong, { password: GOOD, confirm: GOOD })).status).toBe(410);
    expect((await fetch(`${base}not-a-token`)).status).toBe(410);
    expect((await postForm(`${base}not-a-token`, { password: GOOD, confirm: GOOD })).status).toBe(410);
    expect(await table.count()).toBe(before);
    expect(await t.stage(ids.guess)).toBe('INVITED');
    table.destroy();
  });

  it('pauses the link after 5 attempts, even for a good password, and changes nothing', async () => {
    const ids = { attempts: await invite('attempts') };
    const link = await linkOf('attempts');
    for (let i = 0; i < 5; i++) {
      expect((await postForm(link, { password: `weak${i}`, confirm: `weak${i}` })).status).toBe(422);
    }
    const blocked = await postForm(link, { password: GOOD, confirm: GOOD });
    expect(blocked.status).toBe(429);
    expect((await fetch(link)).status).toBe(429);
    expect(await t.stage(ids.attempts)).toBe('INVITED');
    expect(await t.passwordResets('pwattempts')).toBe(0);
  });

  it('works until the deadline the email shows, then refuses with 410 and changes nothing', async () => {
    const ids = { expiry: await invite('expiry') };
    const link = await linkOf('expiry');
    expect((await fetch(link)).status).toBe(200);
    // The lifetime is an hour here; the link works until 17:00 on the working day it ends on.
    const expiresAt = Date.parse((await t.rawHire(ids.expiry))!.setupTokenExpiresAt);
    await t.moveClockTo(new Date(expiresAt - 60_000));
    expect((await fetch(link)).status).toBe(200);
    await t.moveClockTo(new Date(expiresAt + 1_000));
    expect((await fetch(link)).status).toBe(410);
    const late = await postForm(link, { password: GOOD, confirm: GOOD });
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('<h1>');
    expect(await t.stage(ids.expiry)).toBe('INVITED');
    expect(await t.passwordResets('pwexpiry')).toBe(0);
  });
});

describe('setup links and WorkSpaces trouble', () => {
  it('after an SES complaint the link answers 410 and resets nothing; a re-invite to a new address sends a link that works', async () => {
    const complaint = { employeeId: 'E-PW-complaint', userName: 'pwcomplaint', locale: 'en-US' };
    const [hireId] = await t.inviteHires([{ ...complaint, email: 'complaint@simulator.amazonses.com' }]);
    await eventually(async () => (await t.stage(hireId!)) === 'BOUNCED', { what: 'hire BOUNCED' });
    const [link] = await t.setupLinks('complaint@simulator.amazonses.com');

    const page = await fetch(link!);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('This link no longer works');
    expect(html).not.toContain('name="password"');
    const post = await postForm(link!, { password: GOOD, confirm: GOOD });
    expect(post.status).toBe(410);
    expect(await t.passwordResets('pwcomplaint')).toBe(0);
    expect(await t.stage(hireId!)).toBe('BOUNCED');

    // What an admin runs: `npm run admin -- reinvite E-PW-complaint --email ...`.
    let out = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (out += text), isTTY: false },
      stderr: { write: (text: string) => (out += text), isTTY: false },
      cwd: tmpdir(),
      env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: cloud.adminToken },
      sessionFile: join(tmpdir(), 'no-such-local-cloud.json'),
    };
    const code = await main(
      ['reinvite', complaint.employeeId, '--email', 'pw.complaint.new@example.co.jp'],
      io,
    );
    expect({ code, out }).toMatchObject({ code: 0 });
    const fresh = await eventually(async () => (await t.setupLinks('pw.complaint.new@example.co.jp'))[0]);
    expect((await fetch(link!)).status).toBe(410);
    expect((await fetch(fresh)).status).toBe(200);
    expect((await postForm(fresh, { password: GOOD, confirm: GOOD })).status).toBe(200);
    expect(await t.passwordResets('pwcomplaint')).toBe(1);
    expect(await t.stage(hireId!)).toBe('PASSWORD_SET');
    // The old link never sets anything, even now.
    expect((await postForm(link!, { password: GOOD, confirm: GOOD })).status).toBe(410);
    expect(await t.passwordResets('pwcomplaint')).toBe(1);
  });

  it('while WorkSpaces throttles every call the page answers from what the invitation said, and a POST sets the password', async () => {
    const ids = { throttled: await invite('throttled') };
    const link = await linkOf('throttled');
    // What the invitation told the person, kept for when WorkSpaces cannot be asked.
    expect((await t.rawHire(ids.throttled))?.signIn).toEqual({ mode: 'directory-password' });
    // Past the 60 s the directory lookups are reused for: the page must ask WorkSpaces.
    await cloud.advance('2m');
    await cloud.sim('/_sim/calls/reset', {});
    await cloud.sim('/_sim/faults', { throttleRate: 1 });
    try {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('name="password"');
      const done = await postForm(link, { password: GOOD, confirm: GOOD });
      expect(done.status).toBe(200);
      expect(await t.stage(ids.throttled)).toBe('PASSWORD_SET');
      expect(await t.passwordResets('pwthrottled')).toBe(1);
      // WorkSpaces was asked (and refused) a few times per page view at most, within the page's deadline.
      const calls = await cloud.sim('/_sim/calls');
      const asked = calls.byOperation.DescribeWorkspaceDirectories;
      expect(asked.throttled).toBe(asked.requests);
      expect(asked.requests).toBeGreaterThanOrEqual(2);
      expect(asked.requests).toBeLessThanOrEqual(6);
    } finally {
      await cloud.sim('/_sim/faults', { throttleRate: 0 });
    }
  });
});
