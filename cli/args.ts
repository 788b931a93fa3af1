/**
 * How every command line of this repository behaves (`npm run admin`, `npm run hire`, `npm run clock`,
 * `npm start`): `--help` (`-h`) prints the usage and exits 0; an unknown flag or a bad flag value prints
 * the problem and the usage and exits 2; any other failure (an unreachable API, a busy port, a refused
 * configuration) prints one plain line and exits 1. A person's mistake never shows a stack trace.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The flags a command line takes, as node:util's parseArgs reads them. */
export type ArgOptions = NonNullable<ParseArgsConfig['options']>;

/** A wrong command line: printed with the usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type FlagValue<T> = T extends { type: 'boolean' }
  ? boolean
  : T extends { multiple: true }
    ? string[]
    : string;
/** The values of the flags `O` declares, each absent unless given. */
export type Flags<O> = { [K in keyof O]?: FlagValue<O[K]> };

export interface Args<O> {
  values: Flags<O> & { help?: boolean };
  positionals: string[];
}

/** Reads `argv` against `options` (plus --help); an unknown flag or a missing value is a UsageError. */
export function readArgs<const O extends ArgOptions>(
  argv: string[],
  options: O,
  allowPositionals = true,
): Args<O> {
  try {
    const all = { ...options, ...HELP };
    return parseArgs({ args: argv, options: all, allowPositionals, strict: true }) as Args<O>;
  } catch (err) {
    throw new UsageError(argsProblem(err));
  }
}

/** node:util's parse errors in a few plain words: `unknown option --x`, `--url needs a value`. */
function argsProblem(err: unknown): string {
  const { code, message } = err as { code?: string; message: string };
  const named = /'([^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) return `unknown option ${named}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && named) return `unexpected argument ${named}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    return /argument missing/.test(message) ? `${named} needs a value` : `${named} takes no value`;
  }
  return message;
}

/** An error as one line: its message, and what a failed connection says underneath (`fetch failed`). */
export function plainMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const reason = (cause as { code?: string } | undefined)?.code ?? cause?.message;
  return err.message === 'fetch failed' && reason ? `${err.message} (${reason})` : err.message;
}

interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * The exit code of a failure, after printing it: 2 with the usage for a UsageError, else 1 with one line.
 * `error: ` leads both, so a script's log reads the same whichever tool failed.
 */
export function reportFailure(err: unknown, usage: string, io: Streams): number {
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${err.message}\n\n${usage}`);
    return 2;
  }
  io.stderr.write(`error: ${plainMessage(err)}\n`);
  return 1;
}

const processIo = { stdout: process.stdout, stderr: process.stderr };

/** A script's arguments; --help prints the usage and exits 0, a wrong command line exits 2 with it. */
export function scriptArgs<const O extends ArgOptions>(
  usage: string,
  options: O,
  allowPositionals = false,
): Args<O> {
  try {
    const args = readArgs(process.argv.slice(2), options, allowPositionals);
    if (args.values.help) {
      process.stdout.write(usage);
      process.exit(0);
    }
    return args;
  } catch (err) {
    return exitOnFailure(usage)(err);
  }
}

/** Ends a script on a failure, printed by reportFailure (one line, or the usage for a UsageError). */
export function exitOnFailure(usage: string): (err: unknown) => never {
  return (err) => process.exit(reportFailure(err, usage, processIo));
}

/** A script's whole run (local/clock-cli.ts, local/send-hire.ts): its arguments, then `main`'s exit code. */
export async function runScript<const O extends ArgOptions>(
  usage: string,
  options: O,
  main: (args: Args<O>) => Promise<number>,
  allowPositionals = false,
): Promise<void> {
  const args = scriptArgs(usage, options, allowPositionals);
  process.exitCode = await main(args).catch(exitOnFailure(usage));
}

/** Whether the module at `url` is the script node was started with (not imported by a test). */
export function isEntryPoint(url: string): boolean {
  try {
    return !!process.argv[1] && url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}
