/**
 * What the admin preflight checks, as the intake would take it: a wave's rows read by the import's own rules
 * (the webhook's parser, one employee and one account per person, names other hires hold), each with the
 * directory and bundle it would get; or one hire's directory, bundle and user name.
 */
import type { PreflightHire, PreflightInput } from '../admin/preflight';
import {
  chooseBundle,
  configuredBundles,
  defaultDirectory,
  findDirectory,
  type Protocol,
} from '../kernel/config/config';
import type { FieldError } from '../kernel/errors';
import type { HireInput } from '../kernel/hire/hire';
import { claimKey, heldUserNames } from '../kernel/user-names';
import { hireParseOptions, hrRecordOf } from './hire-input';
import type { AcceptHireDeps } from './ports';
import { checkStoredUserNames } from './wave/import-wave';
import { parseWave } from './wave/wave';

type Deps = Pick<AcceptHireDeps, 'config' | 'clock' | 'userNames' | 'hires'>;

/** A whole wave file (the import's rows limit per request does not apply: nothing is written). */
export async function wavePreflightInput(
  deps: Deps,
  csv: string,
  skipInvalid: boolean,
): Promise<PreflightInput> {
  const directoryOf = (hire: HireInput) => hrRecordOf(deps.config, hire).directoryId;
  const wave = parseWave(csv, { ...hireParseOptions(deps.config, deps.clock.now()), directoryOf });
  await checkStoredUserNames(deps as AcceptHireDeps, wave, directoryOf);
  const hires: PreflightHire[] = wave.rows.map((row) => {
    const record = hrRecordOf(deps.config, row.hire);
    return {
      userName: row.hire.userName,
      directoryId: record.directoryId,
      bundle: chooseBundle(deps.config, record.person),
    };
  });
  return { hires, rows: wave.total, problems: wave.problems, skipInvalid };
}

/**
 * One hire: the directory (the default when absent) and bundle (the default when absent) must be configured
 * ones, as the product provisions only those; a user name another hire holds is a conflict.
 */
export async function hirePreflightInput(
  deps: Deps,
  query: { directoryId?: string | undefined; bundleId?: string | undefined; userName?: string | undefined },
): Promise<{ ok: true; input: PreflightInput } | { ok: false; errors: FieldError[] }> {
  const { config } = deps;
  const errors: FieldError[] = [];
  const directory = query.directoryId ? findDirectory(config, query.directoryId) : defaultDirectory(config);
  if (!directory)
    errors.push({
      field: 'directoryId',
      message: `is not a configured directory (${config.directories.map((d) => d.id).join(', ')})`,
    });
  const bundle = query.bundleId
    ? configuredBundles(config).find((b) => b.bundleId === query.bundleId)
    : { ...config.bundles.default };
  if (!bundle)
    errors.push({
      field: 'bundleId',
      message: `is not a configured bundle (${configuredBundles(config)
        .map((b) => b.bundleId)
        .join(', ')})`,
    });
  if (!directory || !bundle) return { ok: false, errors };
  const userName = query.userName;
  const problems: PreflightInput['problems'] = [];
  if (userName) {
    const held = await heldUserNames(deps, [{ directoryId: directory.id, userName, hireId: '' }]);
    const holder = held.get(claimKey(directory.id, userName));
    if (holder)
      problems.push({
        line: 0,
        message: `${userName} is already the user name of employee ${holder.employeeId} (a hire that is not cancelled)`,
        conflict: true,
      });
  }
  const hire: PreflightHire = {
    ...(userName ? { userName } : {}),
    directoryId: directory.id,
    bundle: { bundleId: bundle.bundleId, protocol: bundle.protocol as Protocol },
  };
  return { ok: true, input: { hires: [hire], rows: 1, problems } };
}
