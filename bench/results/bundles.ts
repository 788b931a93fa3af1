import { kib, table, verdict } from '../stats';
import { type BundlesResult, ms, type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 4: each function's cold import against the floor of the SDK clients it bundles. */
export function bundlesSection(b: BundlesResult | undefined, summary: SummaryRow[]): string {
  if (!b) {
    summary.push(['4. Bundles', 'not measured', '', 'n/a']);
    return render('bundles-missing');
  }
  const rows = b.functions.map((f) => {
    // Figures of runs before the CPU measure have only wall times.
    const time = f.importRatio ?? f.bundle.importMs / f.floor.importMs;
    const uncalled = f.clients.filter((c) => !c.called).map((c) => c.package);
    return { f, size: f.bundle.bytes / f.floor.bytes, time, uncalled, ok: time <= TARGETS.bundleRatio };
  });
  const misses = rows.filter((x) => !x.ok);
  summary.push([
    '4. Bundles',
    `${rows.length - misses.length} of ${rows.length} functions' cold import within ${TARGETS.bundleRatio}× of the floor (worst ${Math.max(...rows.map((x) => x.time)).toFixed(2)}×)`,
    `all ≤ ${TARGETS.bundleRatio}×`,
    verdict(misses.length === 0),
  ]);
  const uncalled = rows
    .filter((x) => x.uncalled.length)
    .map(({ f, uncalled }) => `${f.function} (${uncalled.join(', ')})`);
  const functions = table(
    [
      'Function',
      'Import CPU',
      'Floor CPU',
      'Ratio',
      'Import wall',
      'Floor wall',
      'Bundle',
      'gzip',
      'Floor',
      'Size ratio',
      'Clients (✗ = not called)',
      'Result',
    ],
    rows.map(({ f, size, time, ok }) => [
      f.function,
      ms(f.bundle.importCpuMs),
      ms(f.floor.importCpuMs),
      time.toFixed(2),
      ms(f.bundle.importMs),
      ms(f.floor.importMs),
      kib(f.bundle.bytes),
      kib(f.bundle.gzipBytes),
      kib(f.floor.bytes),
      size.toFixed(2),
      f.clients.map((c) => `${c.package.replace('client-', '')}${c.called ? '' : ' ✗'}`).join(', '),
      verdict(ok),
    ]),
  );
  const why = misses.map(({ f, time }) =>
    render('bundles-miss', {
      function: f.function,
      ratio: time.toFixed(2),
      overBy: kib(f.bundle.bytes - f.floor.bytes),
      additions: f.overFloor.map((x) => `${x.input} ${kib(x.bytes)}`).join(', '),
    }),
  );
  return render('bundles', {
    esbuildVersion: b.esbuildVersion,
    pinnedCore: Boolean(b.pinnedCore),
    importRuns: b.importRuns,
    uncalled: uncalled.length > 0,
    ...(uncalled.length ? { uncalledList: uncalled.join(', ') } : {}),
    functions,
    misses: why.length > 0,
    ...(why.length ? { why: why.join('\n') } : {}),
    biggestInputs: table(
      ['Function', 'Biggest inputs'],
      b.functions.map((f) => [
        f.function,
        f.biggestInputs.map((x) => `${x.input} ${kib(x.bytes)}`).join(', '),
      ]),
    ),
  });
}
