/** The allowlist as a network team reads it: a Markdown table, CSV for a firewall import, or JSON. */
import { csvField } from '../import/csv';
import type { Allowlist, AllowlistDiff, FirewallRule } from './rules';

export const ALLOWLIST_FORMATS = ['md', 'csv', 'json'] as const;
export type AllowlistFormat = (typeof ALLOWLIST_FORMATS)[number];

export function formatAllowlist(list: Allowlist, format: AllowlistFormat): string {
  if (format === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  if (format === 'csv') {
    const lines = ['destination,protocol,port,purpose'];
    for (const r of list.rules) lines.push(csvRow([r.destination, r.protocol, String(r.port), r.purpose]));
    for (const d of list.domains) lines.push(csvRow([d.domain, d.protocol, String(d.port), d.purpose]));
    return `${lines.join('\n')}\n`;
  }
  const streaming = list.rules.filter((r) => r.port !== 443);
  const https = list.rules.filter((r) => r.port === 443);
  return [
    `# Amazon WorkSpaces firewall allowlist: ${list.region}`,
    '',
    `From ip-ranges.json (syncToken ${list.syncToken || '?'}, created ${list.createDate || '?'}). Open these`,
    'outbound from the client networks. The ranges change: compare a newer copy with `--diff`.',
    '',
    `## Streaming: direct, no proxy (${streaming.length} rules)`,
    '',
    ...mdRules(streaming),
    '',
    `## HTTPS: TCP 443, a proxy is fine (${https.length} rules)`,
    '',
    ...mdRules(https),
    '',
    '## Domains: TCP 443',
    '',
    '| Domain | Protocol | Port | Purpose |',
    '|---|---|---|---|',
    ...list.domains.map((d) => `| ${d.domain} | ${d.protocol} | ${d.port} | ${d.purpose} |`),
    '',
  ].join('\n');
}

export function formatDiff(diff: AllowlistDiff, format: AllowlistFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format === 'csv') {
    const lines = ['change,destination,protocol,port,purpose'];
    for (const [change, rules] of [
      ['added', diff.added],
      ['removed', diff.removed],
    ] as const) {
      for (const r of rules)
        lines.push(csvRow([change, r.destination, r.protocol, String(r.port), r.purpose]));
    }
    return `${lines.join('\n')}\n`;
  }
  return [
    `# Amazon WorkSpaces firewall allowlist changes: ${diff.region}`,
    '',
    `From syncToken ${diff.from.syncToken || '?'} (${diff.from.createDate || '?'}) to ${diff.to.syncToken || '?'} (${diff.to.createDate || '?'}): ${diff.added.length} to add, ${diff.removed.length} to remove, ${diff.unchanged} unchanged.`,
    '',
    `## Added: open these (${diff.added.length})`,
    '',
    ...(diff.added.length ? mdRules(diff.added) : ['None.']),
    '',
    `## Removed: no longer AWS's, close these (${diff.removed.length})`,
    '',
    ...(diff.removed.length ? mdRules(diff.removed) : ['None.']),
    '',
  ].join('\n');
}

function mdRules(rules: FirewallRule[]): string[] {
  return [
    '| Destination | Protocol | Port | Purpose |',
    '|---|---|---|---|',
    ...rules.map((r) => `| ${r.destination} | ${r.protocol} | ${r.port} | ${r.purpose} |`),
  ];
}

function csvRow(values: string[]): string {
  return values.map(csvField).join(',');
}
