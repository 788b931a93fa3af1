import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where a running `npm start` leaves its URLs and webhook secret for the helper scripts (git-ignored).
 * LOCAL_CLOUD_SESSION_FILE puts it elsewhere (the crash bench's cloud must not clobber yours).
 */
export const SESSION_FILE =
  process.env.LOCAL_CLOUD_SESSION_FILE ?? resolve(import.meta.dirname, '..', '.local-cloud.json');

export interface LocalSession {
  urls: { http: string; dynamodb: string; ses: string; workspaces: string; stepfunctions: string };
  webhookSecret: string;
  /** Bearer token for the admin API (`npm run admin` reads it from here). */
  adminToken?: string;
}

export function readSession(): LocalSession {
  if (!existsSync(SESSION_FILE)) {
    console.error('the local cloud is not running: start it with `npm start` in another terminal');
    process.exit(1);
  }
  return JSON.parse(readFileSync(SESSION_FILE, 'utf8')) as LocalSession;
}
