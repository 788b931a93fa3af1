import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * The README's examples, run as a newcomer runs them: every `sh` block after a `<!-- readme-test -->` line,
 * one command a line, in order, against a fresh local cloud found the way `npm start` lets the commands
 * find it (the session file it writes). Each command must exit 0.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const MARK = '<!-- readme-test -->';

/** The commands of the marked blocks; a line ending in `\` goes on on the next one. */
function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  const blocks = markdown.split(MARK).slice(1);
  for (const block of blocks) {
    const fenced = /^\s*```sh\n([\s\S]*?)\n```/.exec(block);
    if (!fenced) throw new Error(`${MARK} must come right before a \`\`\`sh block`);
    const text = fenced[1]!.replace(/\\\n\s*/g, ' ');
    for (const line of text.split('\n')) if (line.trim() && !line.trim().startsWith('#')) commands.push(line);
  }
  return commands;
}

const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const run = promisify(execFile);
let cloud: TestCloud;
let dir: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  dir = mkdtempSync(join(tmpdir(), 'readme-'));
  // What local/start.ts writes for the helper commands, for this cloud and its ports.
  writeFileSync(
    join(dir, 'session.json'),
    JSON.stringify({
      urls: cloud.urls,
      webhookSecret: cloud.webhookSecret,
      adminToken: cloud.adminToken,
      hrSources: cloud.hrSources,
    }),
  );
});
afterAll(async () => {
  await cloud?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the README', () => {
  it('marks its examples for this test', () => {
    expect(commands.length).toBeGreaterThanOrEqual(5);
    expect(commands.filter((c) => c.startsWith('npm run hire'))).not.toEqual([]);
  });

  it('runs every example command in order on a fresh local cloud, each exiting 0', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_CLOUD_SESSION_FILE: join(dir, 'session.json') };
    // The examples must find the cloud themselves: nothing points the admin CLI elsewhere.
    delete env.ONBOARDING_API_URL;
    delete env.ONBOARDING_ADMIN_TOKEN;
    for (const command of commands) {
      const result = await run('sh', ['-c', command], { cwd: ROOT, env, timeout: 30_000 }).then(
        () => ({ command, code: 0, stderr: '' }),
        (err: { code?: number; stdout?: string; stderr?: string }) => ({
          command,
          code: err.code ?? -1,
          stderr: `${err.stdout ?? ''}${err.stderr ?? ''}`.slice(-2000),
        }),
      );
      expect(result).toEqual({ command, code: 0, stderr: '' });
    }
    // The hires of the examples are there, each once.
    const listed = await run('npm', ['run', '--silent', 'admin', '--', 'list', '--json'], { cwd: ROOT, env });
    const ids = (JSON.parse(listed.stdout).hires as { employeeId: string }[]).map((h) => h.employeeId);
    expect(ids).toEqual(expect.arrayContaining(['E-1', 'E-2', '3332883804594373380']));
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);
});
