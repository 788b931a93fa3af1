/**
 * The allowlist as a network team reads it: a Markdown table, CSV, JSON, or plain CIDR lists a firewall
 * imports (one range a line, optionally one address family and one port).
 */
import { csvField } from '../kernel/csv';
import { compareCidrs } from './ip-ranges';
import type { Allowlist, AllowlistDiff, AllowlistGap, DomainRule, FirewallRule, IpFamily } from './rules';

export const ALLOWLIST_FORMATS = ['md', 'csv', 'json', 'cidr'] as const;
export type AllowlistFormat = (typeof ALLOWLIST_FORMATS)[number];

/** What `cidr` (and every format) keeps: one address family, one port. */
export interface RuleFilter {
  family?: IpFamily;
  port?: number;
}

export function filterRules<T extends Pick<FirewallRule, 'family' | 'port'>>(rules: T[], f: RuleFilter): T[] {
  return rules.filter(
    (r) => (f.family === undefined || r.family === f.family) && (f.port === undefined || r.port === f.port),
  );
}

export function formatAllowlist(list: Allowlist, format: AllowlistFormat, filter: RuleFilter = {}): string {
  const rules = filterRules(list.rules, filter);
  const domains = list.domains.filter((d) => filter.port === undefined || d.port === filter.port);
  if (format === 'json') return `${JSON.stringify({ ...list, rules, domains }, null, 2)}\n`;
  if (format === 'cidr') return cidrLines(rules);
  if (format === 'csv') {
    const lines = ['destination,protocol,port,purpose'];
    for (const r of rules) lines.push(csvRow([r.destination, r.protocol, String(r.port), r.purpose]));
    for (const d of domains) lines.push(csvRow([d.domain, d.protocol, String(d.port), d.purpose]));
    return `${lines.join('\n')}\n`;
  }
  const streaming = rules.filter((r) => r.port !== 443);
  const https = rules.filter((r) => r.port === 443);
  const v6 = rules.filter((r) => r.family === 6).length;
  return [
    `# Amazon WorkSpaces firewall allowlist: ${list.region}`,
    '',
    `From ip-ranges.json (syncToken ${list.syncToken || '?'}, created ${list.createDate || '?'}). Open these`,
    'outbound from the client networks. The ranges change: compare a newer copy with `--diff`.',
    '',
    `Protocols: ${list.protocols.map(protocolName).join(', ')}. Global Accelerator: ${list.globalAccelerator ? 'on' : 'off'}. ${rules.length - v6} IPv4 and ${v6} IPv6 rules.`,
    '',
    `The rules follow ${list.page.url}${list.page.read ? ` (its per-Region tables as read on ${list.page.read})` : ''}.`,
    ...(list.gaps.length
      ? ['', '## Not shown by the page', '', ...list.gaps.map((g) => `- ${gapText(g, list.region)}`)]
      : []),
    '',
    `## Streaming and health checks: direct, no proxy (${streaming.length} rules)`,
    '',
    ...mdRules(streaming),
    '',
    `## HTTPS: TCP and UDP 443, a proxy is fine for HTTPS (${https.length} rules)`,
    '',
    ...mdRules(https),
    '',
    '## Domains',
    '',
    ...mdDomains(domains),
    '',
    'Port 53 (UDP) to your own DNS servers, if the clients resolve names through them.',
    '',
  ].join('\n');
}

export function formatDiff(diff: AllowlistDiff, format: AllowlistFormat, filter: RuleFilter = {}): string {
  const added = filterRules(diff.added, filter);
  const removed = filterRules(diff.removed, filter);
  if (format === 'json') return `${JSON.stringify({ ...diff, added, removed }, null, 2)}\n`;
  if (format === 'cidr') {
    return [
      ...new Set(added.map((r) => `+${r.destination}`)),
      ...new Set(removed.map((r) => `-${r.destination}`)),
    ]
      .map((l) => `${l}\n`)
      .join('');
  }
  if (format === 'csv') {
    const lines = ['change,destination,protocol,port,purpose'];
    for (const [change, rules] of [
      ['added', added],
      ['removed', removed],
    ] as const) {
      for (const r of rules)
        lines.push(csvRow([change, r.destination, r.protocol, String(r.port), r.purpose]));
    }
    return `${lines.join('\n')}\n`;
  }
  const v6 = (rules: FirewallRule[]) => rules.filter((r) => r.family === 6).length;
  return [
    `# Amazon WorkSpaces firewall allowlist changes: ${diff.region}`,
    '',
    `From syncToken ${diff.from.syncToken || '?'} (${diff.from.createDate || '?'}) to ${diff.to.syncToken || '?'} (${diff.to.createDate || '?'}): ${added.length} to add, ${removed.length} to remove, ${diff.unchanged} unchanged.`,
    '',
    `## Added: open these (${added.length}, ${v6(added)} IPv6)`,
    '',
    ...(added.length ? mdRules(added) : ['None.']),
    '',
    `## Removed: no longer AWS's, close these (${removed.length}, ${v6(removed)} IPv6)`,
    '',
    ...(removed.length ? mdRules(removed) : ['None.']),
    '',
  ].join('\n');
}

/** One CIDR a line, each once, in numeric order (IPv4 first): what a firewall's address-list import takes. */
function cidrLines(rules: FirewallRule[]): string {
  return [...new Set(rules.map((r) => r.destination))]
    .sort(compareCidrs)
    .map((c) => `${c}\n`)
    .join('');
}

/** Why a part of the picture is missing, in words a network team acts on. */
export function gapText(gap: AllowlistGap, region: string): string {
  switch (gap) {
    case 'health-check':
      return `No health check servers of ${region} could be read from the page: look them up there before opening the streaming port.`;
    case 'dcv-gateways':
      return `The DCV gateway ranges of ${region} could not be read from the page: port 4195 lists only the WORKSPACES_GATEWAYS ranges; look the DCV ranges up there.`;
    case 'dcv-domain':
      return `No DCV gateway domain of ${region} could be read from the page.`;
  }
}

const protocolName = (p: string) => (p === 'WSP' ? 'Amazon DCV (WSP)' : p === 'PCOIP' ? 'PCoIP' : p);

function mdRules(rules: FirewallRule[]): string[] {
  return [
    '| Destination | Protocol | Port | Purpose |',
    '|---|---|---|---|',
    ...rules.map((r) => `| ${r.destination} | ${r.protocol} | ${r.port} | ${r.purpose} |`),
  ];
}

function mdDomains(domains: DomainRule[]): string[] {
  return [
    '| Domain | Protocol | Port | Purpose |',
    '|---|---|---|---|',
    ...domains.map((d) => `| ${d.domain} | ${d.protocol} | ${d.port} | ${d.purpose} |`),
  ];
}

function csvRow(values: string[]): string {
  return values.map(csvField).join(',');
}
