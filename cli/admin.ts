#!/usr/bin/env tsx
/**
 * `npm run admin -- <command>` (or the `onboarding-admin` bin): the admins' everyday tool on top of the
 * admin API. One command per file in cli/commands/; this file finds the command, checks that every flag is
 * one it takes, and reports failures. Readable tables by default, `--json` for scripts; the exit code is
 * non-zero on every error (1: the API or a step failed, 2: wrong usage).
 *
 * <hire> is the hire id `list` prints (`hr-E-1`, `hibob-42`), or an employee id that only one hire has.
 * The API and the token come from --url/--token, else ONBOARDING_API_URL/ONBOARDING_ADMIN_TOKEN, else the
 * running local cloud (.local-cloud.json). An AWS URL without a token is signed with SigV4 (IAM).
 */
import { type ArgOptions, isEntryPoint, readArgs, reportFailure, UsageError } from './args';
import { ApiError } from './client';
import { type CliIo, type Command, context, GLOBAL_OPTIONS } from './command';
import { adoptCommand } from './commands/adopt';
import { allowlistCommand } from './commands/allowlist';
import { cancelCommand } from './commands/cancel';
import { importCommand } from './commands/import';
import { listCommand } from './commands/list';
import { preflightCommand } from './commands/preflight';
import { reinviteCommand } from './commands/reinvite';
import { reportCommand } from './commands/report';
import { resumeCommand } from './commands/resume';
import { statusCommand } from './commands/status';

export type { CliIo } from './command';

export const COMMANDS: readonly Command[] = [
  statusCommand,
  listCommand,
  reinviteCommand,
  resumeCommand,
  cancelCommand,
  adoptCommand,
  preflightCommand,
  importCommand,
  reportCommand,
  allowlistCommand,
];

/** Every command's flags: a flag is read by its type wherever it stands, then checked against the command. */
const ALL_OPTIONS: ArgOptions = Object.assign({}, GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options));

const SUMMARY_COLUMN = 46;
const GLOBAL_HELP =
  'options: --url URL (ONBOARDING_API_URL), --token T (ONBOARDING_ADMIN_TOKEN), --json, --help\n';

/** A command's usage lines, its summary beside a short one or under a long one. */
function commandLines(c: Command): string {
  const lines = c.usage.map((line) => `  ${line}`);
  const last = lines.length - 1;
  if (lines[last]!.length < SUMMARY_COLUMN - 1) lines[last] = lines[last]!.padEnd(SUMMARY_COLUMN) + c.summary;
  else lines.push(' '.repeat(SUMMARY_COLUMN) + c.summary);
  return `${lines.join('\n')}\n`;
}

export const USAGE = `usage: npm run admin -- <command> [options]

${COMMANDS.map(commandLines).join('')}
<hire>: the hire id list prints (hr-E-1, hibob-42), or an employee id only one hire has
${GLOBAL_HELP}`;

const commandUsage = (c: Command) =>
  `usage: npm run admin -- ${c.name} ...\n\n${commandLines(c)}\n${GLOBAL_HELP}`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  // The command's own usage, also for a command line that does not parse.
  const named = COMMANDS.find((c) => argv.includes(c.name));
  let usage = named ? commandUsage(named) : USAGE;
  let json = false;
  try {
    const { values, positionals } = readArgs(argv, ALL_OPTIONS);
    const { help, ...given } = values;
    json = Boolean(values.json);
    const [name, ...args] = positionals;
    const found = COMMANDS.find((c) => c.name === name);
    usage = found ? commandUsage(found) : USAGE;
    if (help) {
      io.stdout.write(usage);
      return 0;
    }
    if (!name) throw new UsageError('name a command');
    if (!found) throw new UsageError(`unknown command ${name}`);
    const foreign = Object.keys(given).find((key) => !(key in GLOBAL_OPTIONS) && !(key in found.options));
    if (foreign) throw new UsageError(`${name} takes no --${foreign}`);
    return await found.run(context(io, given, args));
  } catch (err) {
    return reportError(io, err, usage, json);
  }
}

function reportError(io: CliIo, err: unknown, usage: string, json: boolean): number {
  if (!(err instanceof ApiError)) return reportFailure(err, usage, io);
  if (json) io.stdout.write(`${JSON.stringify({ error: err.problem, status: err.status }, null, 2)}\n`);
  io.stderr.write(`error: ${err.message}\n`);
  for (const e of err.problem.errors ?? []) io.stderr.write(`  ${e.field}: ${e.message}\n`);
  if (err.status === 401) {
    io.stderr.write(
      'hint: set ONBOARDING_ADMIN_TOKEN (or --token), or start the local cloud with `npm start`\n',
    );
  }
  return 1;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
