import { resolve } from 'node:path';

/**
 * Where a running `npm start` leaves its URLs, webhook secret and admin token for the CLI and the helper
 * scripts (git-ignored). LOCAL_CLOUD_SESSION_FILE puts it elsewhere (the crash bench's cloud must not
 * clobber yours). The CLI reads it; the local cloud (local/start.ts) writes it.
 */
export const SESSION_FILE =
  process.env.LOCAL_CLOUD_SESSION_FILE ?? resolve(import.meta.dirname, '..', '.local-cloud.json');

export interface LocalSession {
  urls: {
    http: string;
    dynamodb: string;
    ses: string;
    workspaces: string;
    stepfunctions: string;
    hrapis?: string;
  };
  webhookSecret: string;
  /** The HR sources' webhook URLs and secrets (`npm run hire -- --source <name>` signs with them). */
  hrSources?: {
    name: string;
    preset: 'hibob' | 'bamboohr' | 'smarthr' | 'personio';
    secret: string;
    url: string;
  }[];
  /** Bearer token for the admin API (`npm run admin` reads it from here). */
  adminToken?: string;
}
