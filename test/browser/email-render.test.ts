/**
 * The invitation as a person sees it: rendered by headless Chromium at phone and desktop widths.
 * Needs Debian's Chromium (`apt-get install -y chromium`; Japanese glyphs need a CJK font such as
 * fonts-ipafont-gothic). Skipped, with the reason in its name, where it is not installed; in CI (`CI` set,
 * as .ci/run does) a missing Chromium fails instead, so a green CI always rendered the emails.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAllowlistChangeEmail, renderEmail, renderSetupPage } from '../../local/emails';
import { maskEmail } from '../../src/kernel/hire/mask-email';
import { renderNetworkPage } from '../../src/network/emails/network-page-html';
import { renderReadinessEmail } from '../../src/tracking/emails/readiness-email';
import { allowlistChangeSample, networkPageSamples } from '../fixtures/email/network-change';
import { contexts, invitation, readinessSamples } from '../fixtures/email/samples';
import { launchChromium, openHtml, requireInCi, SCREENSHOTS, skipReason } from '../support/chromium';

requireInCi('the emails');

type Browser = import('playwright-core').Browser;

describe.skipIf(skipReason !== undefined)(
  skipReason ? `emails in headless Chromium: SKIPPED, ${skipReason}` : 'emails in headless Chromium',
  () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    const open = (html: string, width: number) => openHtml(browser, html, width);

    const cases = (['ja', 'en'] as const).flatMap((locale) =>
      [375, 1024].map((width) => [locale, width] as const),
    );

    it.each(cases)(
      '%s invitation at %i px: fits, shows code and user name, loads nothing',
      async (locale, width) => {
        const data = invitation(locale === 'ja' ? 'simple-ad-pcoip' : 'managed-ad-wsp');
        const email = await renderEmail('invitation', contexts[locale], data);
        const { page, requests } = await open(email.html, width);
        try {
          const { scrollWidth, innerWidth } = await page.evaluate<{
            scrollWidth: number;
            innerWidth: number;
          }>(
            // A string, so this Node-only project needs no DOM typings.
            '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
          );
          expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

          for (const value of [data.directory.registrationCode, data.person.userName]) {
            const shown = page.getByText(value, { exact: true }).first();
            expect(await shown.isVisible()).toBe(true);
            const box = await shown.boundingBox();
            expect(box).not.toBeNull();
            expect(box!.x).toBeGreaterThanOrEqual(0);
            expect(box!.x + box!.width).toBeLessThanOrEqual(width);
          }
          // The preheader is for the inbox list only.
          expect(await page.getByText(email.preheader).first().isVisible()).toBe(false);
          expect(requests).toEqual([]);

          await page.screenshot({
            path: join(SCREENSHOTS, `invitation-${locale}-${width}.png`),
            fullPage: true,
          });
        } finally {
          await page.close();
        }
      },
    );

    it.each(cases)(
      '%s invitation at %i px: one date style, each client once, the support contact inside the page',
      async (locale, width) => {
        const data = invitation('simple-ad-pcoip', {
          clients: ['windows', 'macos', 'linux', 'ios', 'android', 'chromeos'],
        });
        const email = await renderEmail('invitation', contexts[locale], data);
        const { page, requests } = await open(email.html, width);
        try {
          // The deadline and the start date, side by side in the details, written alike.
          const expected =
            locale === 'ja'
              ? { 期限: '2027年4月1日(木) 0:30 JST', 利用開始日: '2027年4月1日(木)' }
              : {
                  'Please act by': 'Wednesday, March 31, 2027 at 11:30 AM EDT',
                  'Start date': 'Thursday, April 1, 2027',
                };
          for (const [label, value] of Object.entries(expected)) {
            const row = page.locator('td', { has: page.getByText(label, { exact: true }) }).last();
            const shown = ((await row.locator('div').nth(1).textContent()) ?? '').replace(/\s+/g, ' ');
            expect(shown, label).toBe(value);
            const box = await row.boundingBox();
            expect(box!.x + box!.width, label).toBeLessThanOrEqual(width);
          }
          for (const client of ['Android', 'Chromebook']) {
            const links = page.locator('a', { hasText: client });
            expect(await links.count(), client).toBe(1);
            expect(await links.first().isVisible()).toBe(true);
          }
          const phone = page.getByText(contexts[locale].company.supportContact.phone!).first();
          expect(await phone.isVisible()).toBe(true);
          const box = await phone.boundingBox();
          expect(box!.x + box!.width).toBeLessThanOrEqual(width);
          expect(requests).toEqual([]);
          await page.screenshot({
            path: join(SCREENSHOTS, `invitation-details-${locale}-${width}.png`),
            fullPage: true,
          });
        } finally {
          await page.close();
        }
      },
    );

    it.each(cases)(
      '%s allowlist change email at %i px: fits, IPv6 ranges readable, loads nothing',
      async (locale, width) => {
        const email = await renderAllowlistChangeEmail(contexts[locale], allowlistChangeSample());
        const { page, requests } = await open(email.html, width);
        try {
          const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
          expect(scrollWidth).toBeLessThanOrEqual(width);
          const range = page.getByText('2406:da14:1e4:b300::/56').first();
          expect(await range.isVisible()).toBe(true);
          const box = await range.boundingBox();
          expect(box!.x + box!.width).toBeLessThanOrEqual(width);
          expect(requests).toEqual([]);
          await page.screenshot({
            path: join(SCREENSHOTS, `network-change-${locale}-${width}.png`),
            fullPage: true,
          });
        } finally {
          await page.close();
        }
      },
    );

    const signInCases = (
      ['saml-pcoip', 'saml-fallback-wsp', 'saml-certificate-wsp', 'identity-center-wsp'] as const
    ).flatMap((variant) => cases.map(([locale, width]) => [variant, locale, width] as const));

    it.each(signInCases)(
      '%s invitation (%s) at %i px: fits, the sign-in page link stays inside, loads nothing',
      async (variant, locale, width) => {
        const data = invitation(variant);
        const email = await renderEmail('invitation', contexts[locale], data);
        const { page, requests } = await open(email.html, width);
        try {
          const { scrollWidth, innerWidth } = await page.evaluate<{
            scrollWidth: number;
            innerWidth: number;
          }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
          expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
          const url = data.signIn?.userAccessUrl;
          if (url) {
            const links = page.locator(`a[href="${url}"]`);
            expect(await links.count()).toBeGreaterThan(0);
            for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox()))) {
              expect(box).not.toBeNull();
              expect(box!.x).toBeGreaterThanOrEqual(0);
              expect(box!.x + box!.width).toBeLessThanOrEqual(width);
            }
          }
          expect(requests).toEqual([]);
          await page.screenshot({
            path: join(SCREENSHOTS, `invitation-${variant}-${locale}-${width}.png`),
            fullPage: true,
          });
        } finally {
          await page.close();
        }
      },
    );

    it.each(cases)(
      '%s readiness checks at %i px: fit, show every check and what to do, load nothing',
      async (locale, width) => {
        for (const [name, data] of Object.entries(readinessSamples)) {
          const email = await renderReadinessEmail(contexts[locale], data);
          const { page, requests } = await open(email.html, width);
          try {
            const { scrollWidth, innerWidth } = await page.evaluate<{
              scrollWidth: number;
              innerWidth: number;
            }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
            expect(scrollWidth, name).toBeLessThanOrEqual(innerWidth);
            const firstRow = locale === 'ja' ? 'WorkSpace の用意' : 'WorkSpace available';
            const shown = page.getByText(firstRow, { exact: true }).first();
            expect(await shown.isVisible(), name).toBe(true);
            const box = await shown.boundingBox();
            expect(box!.x + box!.width, name).toBeLessThanOrEqual(width);
            expect(requests, name).toEqual([]);
            await page.screenshot({
              path: join(SCREENSHOTS, `readiness-${name}-${locale}-${width}.png`),
              fullPage: true,
            });
          } finally {
            await page.close();
          }
        }
      },
    );

    it.each(cases)(
      '%s network page (GET /network/{region}) at %i px: fits, ranges and host names readable, loads nothing',
      async (locale, width) => {
        for (const [name, view] of Object.entries(networkPageSamples())) {
          const { html } = await renderNetworkPage(contexts[locale], view);
          const { page, requests } = await open(html, width);
          try {
            const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
            expect(scrollWidth, name).toBeLessThanOrEqual(width);
            const shown =
              view.kind === 'allowlist'
                ? [view.list.rules.find((r) => r.family === 6)!.destination, view.list.domains.at(-1)!.domain]
                : [];
            for (const value of shown) {
              const text = page.getByText(value).first();
              expect(await text.isVisible(), `${name}: ${value}`).toBe(true);
              const box = await text.boundingBox();
              expect(box!.x, name).toBeGreaterThanOrEqual(0);
              expect(box!.x + box!.width, `${name}: ${value}`).toBeLessThanOrEqual(width);
            }
            expect(requests, name).toEqual([]);
            await page.screenshot({
              path: join(
                SCREENSHOTS,
                `network-page-${name.replace(/[^a-z0-9]+/gi, '-')}-${locale}-${width}.png`,
              ),
              fullPage: true,
            });
          } finally {
            await page.close();
          }
        }
      },
    );

    it.each([375, 1024])('the password setup form fits at %i px and loads nothing', async (width) => {
      const { html } = await renderSetupPage('invalid', contexts.ja, {
        userName: 'hyamada',
        errors: ['too-short', 'missing-symbol'],
      });
      const { page, requests } = await open(html, width);
      try {
        const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
        expect(scrollWidth).toBeLessThanOrEqual(width);
        expect(await page.locator('input[name=password]').isVisible()).toBe(true);
        expect(await page.locator('input[name=confirm]').isVisible()).toBe(true);
        expect(requests).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `setup-invalid-ja-${width}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    });

    it.each(cases)(
      '%s "a newer email was sent" page for an older link at %i px: fits, names when and where, no form',
      async (locale, width) => {
        // A long address, to see that it wraps instead of widening the page on a phone.
        const to = maskEmail('hanako.yamada@tokyo-head-office.subsidiary.example.co.jp');
        const { status, html } = await renderSetupPage('superseded', contexts[locale], {
          newerEmail: { sentAt: new Date('2027-03-26T01:30:00Z'), to },
        });
        expect(status).toBe(410);
        const { page, requests } = await open(html, width);
        try {
          const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
          expect(scrollWidth).toBeLessThanOrEqual(width);
          const address = page.getByText(to, { exact: true });
          expect(await address.isVisible()).toBe(true);
          const box = await address.boundingBox();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(width);
          const when =
            locale === 'ja' ? '2027年3月26日(金) 10:30 JST' : 'Thursday, March 25, 2027 at 9:30 PM EDT';
          expect(await page.getByText(when).first().isVisible()).toBe(true);
          expect(await page.locator('form').count()).toBe(0);
          expect(requests).toEqual([]);
          await page.screenshot({
            path: join(SCREENSHOTS, `setup-superseded-${locale}-${width}.png`),
            fullPage: true,
          });
        } finally {
          await page.close();
        }
      },
    );
  },
);
