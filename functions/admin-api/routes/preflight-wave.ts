import { runPreflight } from '../../../src/admin/preflight';
import { wavePreflightInput } from '../../../src/intake/preflight-input';
import { json } from '../../../src/kernel/http/responses';
import { readWaveBody, WAVE_BODY } from './import-wave';
import { adminRoute } from './route';

/**
 * POST /admin/preflight?skipInvalid (text/csv): the whole wave file, read by the import's rules and checked
 * against the account before anything is imported. Reads only.
 */
export const preflightWaveRoute = adminRoute(
  'preflightWave',
  async ({ query }, { deps }, event) => {
    const decoded = readWaveBody(event);
    if (!decoded.ok) return decoded.answer;
    const input = await wavePreflightInput(deps, decoded.text, query.skipInvalid);
    return json(200, await runPreflight(deps, input));
  },
  WAVE_BODY,
);
