/**
 * Headless Chromium for the browser tests (emails, pages, the report): Debian's Chromium driven by
 * playwright-core. Where it is missing the suites skip with the reason in their name; in CI (`CI` set, as
 * .ci/run does) `requireInCi` fails instead, so a green CI always rendered them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

// CHROMIUM_PATH points elsewhere (another install, or a missing one to see what CI does without it).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasPlaywright = await import('playwright-core').then(
  () => true,
  () => false,
);

/** Why the browser suites cannot run here, or undefined when they can. */
export const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed`
  : !hasPlaywright
    ? 'playwright-core is not installed'
    : undefined;

export const SCREENSHOTS = join(import.meta.dirname, '..', 'out', 'screenshots');

/** In CI a missing Chromium is a failure, not a skip. */
export function requireInCi(what: string): void {
  const inCi = !!process.env.CI && process.env.CI !== 'false';
  describe.runIf(inCi && skipReason !== undefined)(`${what} in headless Chromium, in CI`, () => {
    it(`needs Chromium: CI must render ${what}, not skip it`, () => {
      expect.fail(`${skipReason}: .ci/run installs Debian's chromium before the tests; see its output`);
    });
  });
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** `html` in a new page of `width` px; every request it makes is recorded and refused (nothing may load). */
export async function openHtml(
  browser: Browser,
  html: string,
  width: number,
): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests };
}
