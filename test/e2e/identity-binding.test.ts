import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';
import { hireTable } from '../support/hires';
import { AD_CONNECTOR, dayAfter, hrTools, SIMPLE_AD } from '../support/hr';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Issue 11, finding 1: one account per person. A directory user name (any case) belongs to at most one
 * hire that is not CANCELLED; the built-in and protected accounts belong to nobody. Through the webhook,
 * the admin API and the CLI's wave import.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let hr: ReturnType<typeof hrTools>;
const ROOT = resolve(import.meta.dirname, '..', '..');

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
  hr = hrTools(cloud);
});
afterAll(async () => {
  table?.destroy();
  hr?.destroy();
  await cloud?.stop();
});

const later = () => dayAfter(cloud, 30);

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: ROOT,
    env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: cloud.adminToken },
    sessionFile: join(tmpdir(), 'no-such-local-cloud.json'),
  };
  const code = await main(argv, io);
  return { code, stdout: out, stderr: err };
}

describe('a user name belongs to one hire per directory', () => {
  it.each(['jsmith', 'JSmith'])(
    'another employee with %s (the name of an existing hire) gets 409 naming data.userName, nothing stored',
    async (name) => {
      if (!(await table.get('hr-E-OWN-1'))) {
        expect(
          (await hr.hired({ employeeId: 'E-OWN-1', userName: 'jsmith', startDate: later() })).status,
        ).toBe(202);
      }
      const before = await table.count();
      const webhookId = `msg_take_${name}`;
      const second = await hr.hired(
        { employeeId: `E-TAKE-${name}`, userName: name, email: 'someone@example.com', startDate: later() },
        { webhookId },
      );
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({
        status: 409,
        errors: [{ field: 'data.userName', message: expect.stringContaining('another hire') }],
      });
      expect(await table.count()).toBe(before);
      expect(await table.get(`hr-E-TAKE-${name}`)).toBeUndefined();
      expect((await hr.claim(SIMPLE_AD, name))?.hireId).toBe('hr-E-OWN-1');

      // Nothing recorded the delivery: the corrected record under the same webhook-id is accepted, not a replay.
      const corrected = await hr.hired(
        {
          employeeId: `E-TAKE-${name}`,
          userName: `${name === 'jsmith' ? 'jsmith-a' : 'jsmith-b'}`,
          startDate: later(),
        },
        { webhookId },
      );
      expect(corrected.status).toBe(202);
    },
  );

  it('the same name in another directory is another account', async () => {
    expect((await hr.hired({ employeeId: 'E-DIR-1', userName: 'tkato', startDate: later() })).status).toBe(
      202,
    );
    const other = await hr.hired({
      employeeId: 'E-DIR-2',
      userName: 'tkato',
      directoryId: AD_CONNECTOR,
      startDate: later(),
    });
    expect(other.status).toBe(202);
    expect(await table.get(other.body.hireId)).toMatchObject({ directoryId: AD_CONNECTOR });
    const unknown = await hr.hired({
      employeeId: 'E-DIR-3',
      userName: 'tkato3',
      directoryId: 'd-0000000000',
      startDate: later(),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'data.directoryId', message: expect.stringContaining('unknown directory') },
    ]);
  });

  it('two employees racing for one name: exactly one gets it', async () => {
    const results = await Promise.all(
      ['A', 'B', 'C'].map((x) =>
        hr.hired({ employeeId: `E-RACE-${x}`, userName: 'racer', startDate: later() }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409]);
    const winner = results.find((r) => r.status === 202)!;
    expect((await hr.claim(SIMPLE_AD, 'racer'))?.hireId).toBe(winner.body.hireId);
  });

  it('a retry of the same delivery is answered 202 again, with the same hire, and keeps its name', async () => {
    const first = await hr.hired(
      { employeeId: 'E-RETRY-1', userName: 'retryer', startDate: later() },
      { webhookId: 'msg_retry_1' },
    );
    const again = await hr.hired(
      { employeeId: 'E-RETRY-1', userName: 'retryer', startDate: later() },
      { webhookId: 'msg_retry_1' },
    );
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body).toEqual({ hireId: first.body.hireId, stage: 'RECEIVED' });
  });

  it('a crash between the claim and the hire: its retry finishes the job; another employee waits 5 minutes', async () => {
    const now = new Date(cloud.clock.nowMs()).toISOString();
    // The claims a crashed first attempt left: one hire whose sender retries, one that never comes back.
    await hr.putClaim(SIMPLE_AD, 'crashed', 'hr-E-CRASH-1', now);
    await hr.putClaim(SIMPLE_AD, 'orphan', 'hr-E-GONE-1', now);

    const retry = await hr.hired({ employeeId: 'E-CRASH-1', userName: 'crashed', startDate: later() });
    expect(retry.status).toBe(202);

    const other = await hr.hired({ employeeId: 'E-NEXT-1', userName: 'Orphan', startDate: later() });
    expect(other.status).toBe(409);
    await cloud.advance('6m');
    const afterwards = await hr.hired({ employeeId: 'E-NEXT-1', userName: 'Orphan', startDate: later() });
    expect(afterwards.status).toBe(202);
    expect((await hr.claim(SIMPLE_AD, 'orphan'))?.hireId).toBe('hr-E-NEXT-1');
  });

  it('a CANCELLED hire releases its user name for a later hire', async () => {
    expect((await hr.hired({ employeeId: 'E-REL-1', userName: 'released', startDate: later() })).status).toBe(
      202,
    );
    expect((await hr.hired({ employeeId: 'E-REL-2', userName: 'released', startDate: later() })).status).toBe(
      409,
    );
    expect((await hr.admin('POST', '/admin/hires/E-REL-1/cancel', {})).status).toBe(200);
    expect(await hr.claim(SIMPLE_AD, 'released')).toBeUndefined();
    expect((await hr.hired({ employeeId: 'E-REL-2', userName: 'Released', startDate: later() })).status).toBe(
      202,
    );
  });
});

describe('protected accounts', () => {
  it.each(['Administrator', 'admin', 'GUEST', 'krbtgt', 'HelpAssistant', 'svc-adconnector', 'IT-Admin'])(
    '%s: 400 naming data.userName, nothing stored',
    async (userName) => {
      const before = await table.count();
      const res = await hr.hired({ employeeId: `E-PROT-${userName}`, userName, startDate: later() });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'data.userName', message: expect.stringContaining('protected') },
      ]);
      expect(await table.count()).toBe(before);
    },
  );
});

describe('wave import', () => {
  const header = 'employeeId,givenName,familyName,email,userName,startDate';
  const write = (name: string, lines: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'wave-'));
    writeFileSync(join(dir, name), lines.join('\n'));
    return join(dir, name);
  };

  it('the same user name twice in the file (any case): the second line’s userName, naming the first line', async () => {
    const csv = [
      header,
      `I-1,A,One,a.one@example.com,sameuser,${later()}`,
      `I-2,B,Two,b.two@example.com,other1,${later()}`,
      `I-3,C,Three,c.three@example.com,SameUser,${later()}`,
    ];
    const api = await fetch(`${cloud.urls.http}/admin/imports?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'text/csv' },
      body: csv.join('\n'),
    });
    expect(api.status).toBe(400);
    const body = (await api.json()) as { errors: { line: number; column: string; message: string }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({
        line: 4,
        column: 'userName',
        message: expect.stringMatching(/SameUser is the user name of line 2/),
      }),
    ]);

    const run = await cli(['import', '--dry-run', write('dup.csv', csv)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/4\s+userName\s+SameUser is the user name of line 2/);
    expect(await table.get('hr-I-1')).toBeUndefined();
  });

  it('a user name a stored hire of another employee holds: reported before anything is imported, also in a dry run', async () => {
    expect(
      (await hr.hired({ employeeId: 'E-STORED-1', userName: 'stored1', startDate: later() })).status,
    ).toBe(202);
    const csv = [
      header,
      `I-10,A,Ten,a.ten@example.com,fresh10,${later()}`,
      `I-11,B,Eleven,b.eleven@example.com,STORED1,${later()}`,
    ];
    for (const argv of [['import', '--dry-run'], ['import']]) {
      const run = await cli([...argv, write('stored.csv', csv)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/3\s+userName\s+STORED1 is already the user name of employee E-STORED-1/);
      expect(await table.get('hr-I-10')).toBeUndefined();
    }
    // The same employee is no conflict with itself.
    const self = [header, `E-STORED-1,花子,山田,hanako.yamada@example.co.jp,stored1,${later()}`];
    expect((await cli(['import', '--dry-run', write('self.csv', self)])).code).toBe(0);
  });
});

describe('user names as the directory folds them', () => {
  const own = async (employeeId: string, userName: string) => {
    if (!(await table.get(`hr-${employeeId}`))) {
      expect((await hr.hired({ employeeId, userName, startDate: later() })).status).toBe(202);
    }
  };
  const send = (employeeId: string, userName: string) =>
    hr.hired({ employeeId, userName, startDate: later() });

  it.each([
    ['jšmith', 'a diacritic'],
    ['JŠMITH', 'a diacritic, upper case'],
    ['jsmi\u0307th', 'a combining dot above'],
  ])('%s (%s) while jsmith is held: 409 naming data.userName, nothing stored', async (name) => {
    await own('E-OWN-1', 'jsmith');
    const before = await table.count();
    const res = await send(`E-FOLD-${before}`, name);
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([
      { field: 'data.userName', message: expect.stringContaining('another hire') },
    ]);
    expect(await table.count()).toBe(before);
  });

  it('josé in the other normal form (NFD) is the same account: 409', async () => {
    await own('E-JOSE-1', 'jos\u00e9');
    const res = await send('E-JOSE-2', 'jose\u0301');
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([
      { field: 'data.userName', message: expect.stringContaining('another hire') },
    ]);
  });

  it.each([
    ['ｊｓｍｉｔｈ', 'must be written in half-width characters: the directory reads it as jsmith'],
    ['jｓmith', 'must be written in half-width characters: the directory reads it as jsmith'],
    [
      'ａｄｍｉｎｉｓｔｒａｔｏｒ',
      'must be written in half-width characters: the directory reads it as administrator',
    ],
    ['ＫＲＢＴＧＴ', 'must be written in half-width characters: the directory reads it as KRBTGT'],
    ['ADMİN', 'is a built-in or protected directory account and is never given to a new hire'],
    ['CORP＼jsmith', 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @, in either width (＼ is \\)'],
    [
      'jsmith＠corp.example',
      'must not contain any of " / \\ [ ] : ; | = , + * ? < > @, in either width (＠ is @)',
    ],
    ['CORP\\jsmith', 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @, in either width'],
    ['abcdefghijklmnopqrstu', 'must be at most 20 characters (Active Directory sAMAccountName)'],
  ])('%s: 400 naming data.userName, nothing stored', async (name, message) => {
    const before = await table.count();
    const res = await send(`E-BAD-${before}`, name);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'data.userName', message }]);
    expect(await table.count()).toBe(before);
  });

  it('a Cyrillic look-alike is another account: accepted, and list shows it marked as mixed scripts', async () => {
    await own('E-OWN-1', 'jsmith');
    const res = await send('E-CYR-1', 'jsm\u0456th');
    expect(res.status).toBe(202);
    const run = await cli(['list', '--stage', 'RECEIVED', '--all']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/E-CYR-1 .*jsm\u0456th \(mixed scripts: Latin \+ Cyrillic\)/);
    expect(run.stdout).not.toMatch(/E-OWN-1 .*mixed scripts/);
    const json = JSON.parse((await cli(['list', '--stage', 'RECEIVED', '--all', '--json'])).stdout);
    expect(json.hires.find((h: { employeeId: string }) => h.employeeId === 'E-CYR-1')).toMatchObject({
      userNameScripts: ['Latin', 'Cyrillic'],
    });
  });

  it('a claim stored before names were folded (under the lower-cased name) still binds it, until its hire is cancelled', async () => {
    await own('E-OLD-1', 'Renée');
    // As the release before this one stored it: the claim keyed by the lower-cased name.
    const folded = await hr.claim(SIMPLE_AD, 'Renée');
    expect(folded?.hireId).toBe('hr-E-OLD-1');
    await hr.deleteClaim(SIMPLE_AD, 'Renée');
    await hr.putRawClaim(`USER#${SIMPLE_AD}#renée`, SIMPLE_AD, 'Renée', 'hr-E-OLD-1', folded!.claimedAt);

    for (const [i, name] of ['renée', 'RENÉE', 'rene\u0301e'].entries()) {
      const res = await send(`E-OLD-NEW-${i}`, name);
      expect(res.status, name).toBe(409);
    }
    expect((await hr.admin('POST', '/admin/hires/E-OLD-1/cancel', {})).status).toBe(200);
    expect(await hr.rawClaim(`USER#${SIMPLE_AD}#renée`)).toBeUndefined();
    expect((await send('E-OLD-NEW-9', 'renée')).status).toBe(202);
  });
});

describe('wave import: one account per person, as the directory folds names', () => {
  const header = 'employeeId,givenName,familyName,email,userName,startDate';
  it('two spellings of one account in the file: the second line names the first; full width is refused', async () => {
    const csv = [
      header,
      `F-1,A,One,a.one@example.com,muller,${later()}`,
      `F-2,B,Two,b.two@example.com,MÜLLER,${later()}`,
      `F-3,C,Three,c.three@example.com,ｍｕｌｌｅｒ,${later()}`,
    ];
    const dir = mkdtempSync(join(tmpdir(), 'wave-'));
    writeFileSync(join(dir, 'fold.csv'), csv.join('\n'));
    const run = await cli(['import', '--dry-run', join(dir, 'fold.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/3\s+userName\s+MÜLLER is the user name of line 2 \(muller\)/);
    expect(run.stderr).toMatch(
      /4\s+userName\s+must be written in half-width characters: the directory reads it as muller/,
    );
    expect(await table.get('hr-F-1')).toBeUndefined();
  });
});
