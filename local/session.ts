import { existsSync, readFileSync } from 'node:fs';
import { type LocalSession, SESSION_FILE } from '../cli/session';

export { type LocalSession, SESSION_FILE } from '../cli/session';

export function readSession(): LocalSession {
  if (!existsSync(SESSION_FILE)) {
    console.error('the local cloud is not running: start it with `npm start` in another terminal');
    process.exit(1);
  }
  return JSON.parse(readFileSync(SESSION_FILE, 'utf8')) as LocalSession;
}
