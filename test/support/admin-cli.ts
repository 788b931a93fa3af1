import { join } from 'node:path';
import { type CliIo, main } from '../../cli/admin';
import type { TestCloud } from './local-cloud';

/** `npm run admin -- <argv>` in this process against a test cloud, run from `cwd`; its exit code and output. */
export async function adminCli(cloud: TestCloud, argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: cloud.adminToken },
    sessionFile: join(cwd, 'no-such-local-cloud.json'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
