import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsPage } from '../../bench/results/page';
import type { Results } from '../../bench/results/results';
import { render } from '../../bench/results/template';

const BENCH = resolve(import.meta.dirname, '..', '..', 'bench');
const read = (file: string) => readFileSync(join(BENCH, file), 'utf8');

describe('bench/RESULTS.md', () => {
  it('is bench/results.json written through bench/results.template.md, word for word', () => {
    const results = JSON.parse(read('results.json')) as Results;
    expect(resultsPage(results)).toBe(read('RESULTS.md'));
  });

  it('says what was not measured, scenario by scenario, when a run measured nothing', () => {
    const results = JSON.parse(read('results.json')) as Results;
    const page = resultsPage({
      machine: results.machine,
      totalSeconds: 3,
      only: ['crash'],
      targets: results.targets,
      measured: {},
      bulk: [],
      webhook: undefined,
      webhookData: undefined,
      sweep: undefined,
      bundles: undefined,
      cost: undefined,
      crash: undefined,
      report: undefined,
    });
    expect(page).toContain('Produced by `npm run bench -- --only crash`');
    expect(page).toContain('The bulk run failed; see bench/out/bulk-*.log.');
    expect(page).toContain('**Not measured:** the run failed.');
    expect(page).toContain('The crash run failed; see bench/out/crash.log and bench/out/crash-cloud.log.');
    expect(page.match(/\| n\/a \|/g)).toHaveLength(11);
    expect(page).toContain('The mail run failed or has not run; see bench/out/mail.log.');
  });

  it('refuses a block, figure or flag the template does not have, naming it', () => {
    expect(() => render('no-such-block')).toThrow('results.template.md has no block "no-such-block"');
    expect(() => render('cost-missing', { hires: 3 })).toThrow('block "cost-missing" does not use hires');
    expect(() => render('bundles-miss', { function: 'x', ratio: 2, overBy: '1 KiB' })).toThrow(
      'block "bundles-miss": no value for additions',
    );
  });
});
