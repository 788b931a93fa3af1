/**
 * What each command of `npm run admin` is (cli/commands/<name>.ts): its flags, its usage lines, the admin
 * routes it calls (the first is its own, for the admin guide's table) and how it runs and prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AdminRouteName } from '../src/admin/contract';
import { type ArgOptions, type Flags, UsageError } from './args';
import { type AdminClient, createAdminClient, isAwsApiUrl } from './client';
import type { Out } from './output';
import { type LocalSession, SESSION_FILE } from './session';

export interface CliIo {
  stdout: Out;
  stderr: Out;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
  /** Where a running local cloud leaves its URLs and token. */
  sessionFile?: string;
}

/** Every command takes these: where the API is, who calls it, and JSON for scripts. */
export const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ArgOptions;

export interface CommandRun<O> {
  io: CliIo;
  values: Flags<O & typeof GLOBAL_OPTIONS>;
  args: string[];
  /** The admin API client (--url/--token, the environment, or the running local cloud). */
  api(): AdminClient;
  print(text: string): void;
  printJson(value: unknown): void;
}

export interface Command {
  name: string;
  /** One line per form of the command, e.g. `cancel <hire> [--reason TEXT]`. */
  usage: readonly string[];
  summary: string;
  options: ArgOptions;
  /** The admin routes it calls, its own first; none for an offline command. */
  routes: readonly AdminRouteName[];
  /** How many of `routes`, from the first, are its own (the admin guide's table); 1 when absent. */
  owns?: number;
  run(ctx: CommandRun<ArgOptions>): Promise<number>;
}

/** The routes a command is the CLI of: its first, or its first `owns`. */
export const ownRoutes = (c: Pick<Command, 'routes' | 'owns'>): readonly AdminRouteName[] =>
  c.routes.slice(0, c.owns ?? 1);

/** One command, typed by its own flags. */
export function command<const O extends ArgOptions>(def: {
  name: string;
  usage: readonly string[];
  summary: string;
  options: O;
  routes: readonly AdminRouteName[];
  owns?: number;
  run(ctx: CommandRun<O>): Promise<number>;
}): Command {
  return def as unknown as Command;
}

/** The one positional a command takes (`<hire>`, `<wave.csv>`). */
export function one(args: string[], name: string): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`expected exactly one <${name}>`);
  return args[0];
}

export function noPositionals(args: string[], name: string): void {
  if (args.length) throw new UsageError(`${name} takes options only, not ${args[0]}`);
}

export function context<O>(
  io: CliIo,
  values: Flags<O & typeof GLOBAL_OPTIONS>,
  args: string[],
): CommandRun<O> {
  return {
    io,
    values,
    args,
    api: () => connect(io, values),
    print: (text) => io.stdout.write(text),
    printJson: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

function connect(io: CliIo, values: Flags<typeof GLOBAL_OPTIONS>): AdminClient {
  const sessionFile = io.sessionFile ?? SESSION_FILE;
  const session =
    existsSync(sessionFile) && !(values.url ?? io.env.ONBOARDING_API_URL)
      ? (JSON.parse(readFileSync(sessionFile, 'utf8')) as Pick<LocalSession, 'urls' | 'adminToken'>)
      : undefined;
  const baseUrl = values.url ?? io.env.ONBOARDING_API_URL ?? session?.urls.http;
  if (!baseUrl) {
    throw new UsageError(
      'no API: pass --url or set ONBOARDING_API_URL, or start the local cloud (`npm start`)',
    );
  }
  if (!URL.canParse(baseUrl))
    throw new UsageError(`--url must be a URL like https://api.example.com, not ${baseUrl}`);
  const token = values.token ?? io.env.ONBOARDING_ADMIN_TOKEN ?? session?.adminToken;
  if (!token && !isAwsApiUrl(baseUrl)) {
    io.stderr.write('warning: no admin token (--token or ONBOARDING_ADMIN_TOKEN): the API will answer 401\n');
  }
  return createAdminClient({ baseUrl, token, ...(io.fetch ? { fetch: io.fetch } : {}) });
}
