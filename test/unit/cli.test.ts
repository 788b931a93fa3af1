import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';

/**
 * Every command line of the repository is polite: --help prints its usage (exit 0), an unknown flag or a
 * bad flag value prints the problem and the usage (exit 2), any other failure one plain line (exit 1),
 * never a stack trace. `npm run admin` runs in this process; the scripts are spawned as npm runs them.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const STACK_FRAME = /^\s+at /m;

async function admin(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    cwd: ROOT,
    sessionFile: join(tmpdir(), 'no-local-cloud.json'),
  };
  return { code: await main(argv, io), stdout, stderr };
}

function spawnScript(script: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      'npx',
      ['tsx', script, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A port something already listens on. */
async function busyPort() {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

describe('npm run admin', () => {
  it('prints its usage for --help and -h (exit 0), and a command’s own usage for `<command> --help`', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await admin([flag]);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toMatch(/^usage: npm run admin -- <command>/);
      expect(run.stdout).toContain('cancel <hire> [--reason TEXT]');
    }
    const cancel = await admin(['cancel', '--help']);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain('cancel <hire> [--reason TEXT]');
    expect(cancel.stdout).not.toContain('import <wave.csv>');
  });

  it('refuses an unknown flag, a flag of another command and a duration without a unit: the problem and the usage, exit 2', async () => {
    const unknown = await admin(['list', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown option --bogus\n\nusage: npm run admin -- list/);
    const foreign = await admin(['status', 'E-1', '--reason', 'x']);
    expect([foreign.code, foreign.stderr.split('\n')[0]]).toEqual([2, 'error: status takes no --reason']);
    const bare = await admin(['list', '--older-than', '7']);
    expect([bare.code, bare.stderr.split('\n')[0]]).toEqual([
      2,
      'error: --older-than 7: needs a unit, e.g. 2d, 36h, 90m or 250ms',
    ]);
  });

  it('says in one line that the admin API cannot be reached, exit 1', async () => {
    const { port, close } = await busyPort();
    close();
    const run = await admin(['status', 'E-1', '--url', `http://127.0.0.1:${port}`, '--token', 't']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: cannot reach the admin API at http://127.0.0.1:${port}: fetch failed (ECONNREFUSED)\n`,
    );
  });
});

describe('npm run hire, npm run clock, npm start', () => {
  it('print their usage for --help (exit 0) and refuse an unknown flag with it (exit 2), no stack trace', async () => {
    const runs = await Promise.all([
      spawnScript('local/send-hire.ts', ['--help']),
      spawnScript('local/send-hire.ts', ['--bogus']),
      spawnScript('local/clock-cli.ts', ['-h']),
      spawnScript('local/clock-cli.ts', ['--bogus']),
      spawnScript('local/start.ts', ['--help']),
      spawnScript('local/start.ts', ['--bogus']),
    ]);
    const usages = ['usage: npm run hire', 'usage: npm run clock', 'usage: npm start'];
    for (const [i, usage] of usages.entries()) {
      const [help, bogus] = [runs[2 * i]!, runs[2 * i + 1]!];
      expect([help.code, help.stdout.startsWith(usage)], usage).toEqual([0, true]);
      expect(bogus.code, usage).toBe(2);
      expect(bogus.stderr, usage).toMatch(new RegExp(`^error: unknown option --bogus\\n\\n${usage}`));
      expect(bogus.stderr + help.stderr, usage).not.toMatch(STACK_FRAME);
    }
  });

  it('clock refuses a bare number (2 would be 2 ms); start names a busy port in one line', async () => {
    const { port, close } = await busyPort();
    try {
      const [clock, start] = await Promise.all([
        spawnScript('local/clock-cli.ts', ['2']),
        spawnScript('local/start.ts', [], {
          DYNAMODB_PORT: String(port),
          LOCAL_CLOUD_SESSION_FILE: join(tmpdir(), `cli-test-${process.pid}.json`),
          ...Object.fromEntries(
            ['HTTP_PORT', 'SES_PORT', 'WORKSPACES_PORT', 'STEPFUNCTIONS_PORT', 'HR_APIS_PORT'].map((n) => [
              n,
              '0',
            ]),
          ),
        }),
      ]);
      expect(clock.code).toBe(2);
      expect(clock.stderr.split('\n')[0]).toBe('error: 2: needs a unit, e.g. 2d, 36h, 90m or 250ms');
      expect([start.code, start.stderr]).toEqual([
        1,
        `error: port ${port} on 127.0.0.1 is in use: stop the other process or set another port\n`,
      ]);
    } finally {
      close();
    }
  });
});
