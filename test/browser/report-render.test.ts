/**
 * The admin report's HTML file (`npm run admin -- report --html`) in headless Chromium, as the emails are
 * tested (test/browser/email-render.test.ts: same Chromium, same skip and CI rules): at phone and desktop
 * widths nothing is wider than the window, the numbers and commands are on screen, nothing is loaded.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/kernel/hire/stages';
import { renderReportHtml } from '../../src/report/html';
import { buildReport, type ReportHire } from '../../src/report/report';
import { launchChromium, openHtml, requireInCi, SCREENSHOTS, skipReason } from '../support/chromium';

requireInCi('the report');

type Browser = import('playwright-core').Browser;

const NOW = new Date('2027-04-02T03:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

/** A busy day: every stage, long wave names without spaces, many stuck hires with long employee ids. */
function sampleReport() {
  const stages: Stage[] = ['RECEIVED', 'QUEUED', 'PROVISIONING', 'INVITED', 'PASSWORD_SET', 'ACTIVE'];
  const hires: ReportHire[] = [];
  for (let i = 0; i < 400; i++) {
    const stage = stages[i % stages.length]!;
    hires.push({
      employeeId: `E-${10000 + i}`,
      stage: i % 37 === 0 ? 'FAILED' : i % 41 === 0 ? 'BOUNCED' : i % 43 === 0 ? 'ESCALATED' : stage,
      source: i % 3 ? 'hr' : 'hibob',
      wave: i % 2 ? '2027-04-migration-tokyo-head-office-and-osaka-branch-sales-division' : 'april',
      createdAt: hoursAgo(80),
      updatedAt: hoursAgo(40 - (i % 30)),
      ...(['INVITED', 'PASSWORD_SET', 'ACTIVE'].includes(stage)
        ? { firstInvitedAt: hoursAgo(70 - (i % 9)) }
        : {}),
      ...(stage === 'ACTIVE' ? { activeAt: hoursAgo(20 - (i % 7)) } : {}),
      ...(stage === 'QUEUED' ? { watchAt: hoursAgo(1) } : {}),
      ...(i % 37 === 0 ? { lastError: 'ProvisioningTimeout' } : {}),
      ...(i % 41 === 0 ? { bounceType: 'Bounce' as const } : {}),
    });
  }
  hires.push({
    employeeId: 'EMPLOYEE-WITH-A-VERY-LONG-IDENTIFIER-0000000000000000000001',
    stage: 'BOUNCED',
    source: 'bamboohr',
    createdAt: hoursAgo(90),
    updatedAt: hoursAgo(89),
    bounceType: 'Complaint',
  });
  return buildReport(hires, {
    now: NOW,
    filter: { since: hoursAgo(24 * 30), wave: 'april' },
    read: { queries: 10, itemsRead: hires.length },
  });
}

describe.skipIf(skipReason !== undefined)(
  skipReason ? `the report in headless Chromium: SKIPPED, ${skipReason}` : 'the report in headless Chromium',
  () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    const report = sampleReport();
    const cases = (['ja', 'en'] as const).flatMap((locale) =>
      [375, 1024].map((width) => [locale, width] as const),
    );

    it.each(cases)(
      '%s at %i px: fits, shows the funnel and what to do, loads nothing',
      async (locale, width) => {
        const html = await renderReportHtml(report, { locale, timeZone: 'Asia/Tokyo' });
        const { page, requests } = await openHtml(browser, html, width);
        try {
          const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
          expect(scrollWidth).toBeLessThanOrEqual(width);

          // Every element inside the window, not only the page's own width (an overflow: hidden would hide it).
          const outside = await page.evaluate<string[]>(
            `[...document.querySelectorAll('body *')].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > ${width} + 0.5); }).map((e) => e.tagName + ' ' + (e.textContent || '').slice(0, 40))`,
          );
          expect(outside).toEqual([]);

          const active = report.funnel.find((f) => f.stage === 'ACTIVE')!.count;
          const count = page.locator('[data-stage="ACTIVE"]');
          expect(await count.textContent()).toBe(String(active));
          expect(await count.isVisible()).toBe(true);

          const command = page.getByText(report.stuck[0]!.command, { exact: true }).first();
          expect(await command.isVisible()).toBe(true);
          const box = await command.boundingBox();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(width);

          expect(await page.locator('svg').count()).toBeGreaterThan(10);
          expect(await page.locator('html').getAttribute('lang')).toBe(locale);
          expect(requests).toEqual([]);
          await page.screenshot({ path: join(SCREENSHOTS, `report-${locale}-${width}.png`), fullPage: true });
        } finally {
          await page.close();
        }
      },
    );
  },
);
