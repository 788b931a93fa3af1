/** `allowlist`: the firewall rules from AWS's ip-ranges.json, offline (no admin API). */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ALLOWLIST_FORMATS,
  type AllowlistFormat,
  type AllowlistOptions,
  allowlistFor,
  diffAllowlists,
  formatAllowlist,
  formatDiff,
  IP_RANGES_URL,
  parseIpRanges,
  parseStreamingProtocol,
  type RuleFilter,
  type StreamingProtocol,
} from '../../src/network/allowlist';
import { UsageError } from '../args';
import { type CliIo, command, noPositionals } from '../command';

export const allowlistCommand = command({
  name: 'allowlist',
  usage: [
    'allowlist --region R [--ip-ranges FILE|URL] [--format md|csv|json|cidr] [--diff OLD.json] [--directory ID]',
    '          [--protocol PCOIP|WSP|DCV ...] [--global-accelerator] [--family 4|6] [--port N]',
  ],
  summary: 'firewall rules from ip-ranges.json; cidr: one range a line',
  options: {
    region: { type: 'string' },
    'ip-ranges': { type: 'string' },
    format: { type: 'string' },
    diff: { type: 'string' },
    directory: { type: 'string' },
    protocol: { type: 'string', multiple: true },
    'global-accelerator': { type: 'boolean' },
    family: { type: 'string' },
    port: { type: 'string' },
  },
  routes: [],
  async run({ io, values, args, print }) {
    noPositionals(args, 'allowlist');
    if (!values.region) throw new UsageError('allowlist needs --region, e.g. --region ap-northeast-1');
    const format = (values.json ? 'json' : (values.format ?? 'md')) as AllowlistFormat;
    if (!ALLOWLIST_FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${ALLOWLIST_FORMATS.join(', ')}`);
    const filter: RuleFilter = {};
    if (values.family !== undefined) {
      if (values.family !== '4' && values.family !== '6') throw new UsageError('--family must be 4 or 6');
      filter.family = Number(values.family) as 4 | 6;
    }
    if (values.port !== undefined) {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new UsageError('--port must be a port number (1-65535)');
      filter.port = port;
    }
    const opts: AllowlistOptions = {
      ...(values.directory ? { directory: values.directory } : {}),
      ...(values.protocol ? { protocols: values.protocol.map(streamingProtocol) } : {}),
      ...(values['global-accelerator'] ? { globalAccelerator: true } : {}),
    };
    const current = allowlistFor(
      parseIpRanges(await readJson(io, values['ip-ranges'] ?? IP_RANGES_URL)),
      values.region,
      opts,
    );
    if (values.diff) {
      const older = allowlistFor(parseIpRanges(await readJson(io, values.diff)), values.region, opts);
      print(formatDiff(diffAllowlists(older, current), format, filter));
    } else {
      print(formatAllowlist(current, format, filter));
    }
    return 0;
  },
});

function streamingProtocol(value: string): StreamingProtocol {
  const protocol = parseStreamingProtocol(value);
  if (!protocol) throw new UsageError(`--protocol must be PCOIP, or WSP / DCV (Amazon DCV), not ${value}`);
  return protocol;
}

async function readJson(io: CliIo, source: string): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const res = await (io.fetch ?? fetch)(source);
    if (!res.ok) throw new Error(`GET ${source}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    const path = resolve(io.cwd, source);
    if (!existsSync(path)) throw new UsageError(`no such file: ${source}`);
    text = readFileSync(path, 'utf8');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not JSON: ${(err as Error).message}`);
  }
}
