import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleWithPcoipFile } from '../support/fakes';
import { hireTable } from '../support/hires';
import { captureLines } from '../support/lambda';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * PCoIP's end of support through the local cloud: a configuration with a PCoIP bundle starts with the
 * warning `npm start` prints (both dates, the field), and once the product's clock reaches 2027-10-31 a
 * function that loads it (a cold start) refuses it, naming the field, and accepts nothing.
 */
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ configFile: sampleWithPcoipFile() });
});
afterAll(async () => {
  await cloud?.stop();
});

describe('a configuration with a PCoIP bundle', () => {
  it('starts with a warning naming the field and both dates', () => {
    expect(cloud.configWarnings).toEqual([
      'config.bundles.rules[2].protocol: PCOIP (bundle wsb-8vbljg4r6): AWS accepts no new PCoIP customers from 2026-07-31 and ends support for PCoIP-based WorkSpaces Personal on 2027-10-31, when this configuration will be refused; choose an Amazon DCV bundle (protocol WSP)',
    ]);
  });

  it('is refused from 2027-10-31 on the local clock: the webhook stores nothing and the log names the field', async () => {
    await fetch(`${cloud.urls.http}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '2027-10-31T00:00:00Z' }),
    });
    const { result, lines, stderr } = await captureLines(() =>
      cloud.postHire({ employeeId: 'E-PCOIP-1', userName: 'pcoip1', startDate: '2027-11-15' }),
    );
    expect(result.status).toBe(500);
    const logged = JSON.stringify([...lines, ...stderr]);
    expect(logged).toContain('config.bundles.rules[2].protocol: PCOIP (bundle wsb-8vbljg4r6) is refused');
    expect(logged).toContain('2027-10-31');
    expect(logged).toContain('2026-07-31');
    // Nothing was accepted: the table holds no such hire.
    const table = hireTable(cloud);
    try {
      expect(await table.get('hr-E-PCOIP-1')).toBeUndefined();
    } finally {
      table.destroy();
    }
  });
});
