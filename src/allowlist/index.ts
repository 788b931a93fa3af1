export { IpRangesFormatError, UnknownWorkspacesRegionError } from '../domain/errors';
export {
  ALLOWLIST_FORMATS,
  type AllowlistFormat,
  filterRules,
  formatAllowlist,
  formatDiff,
  type RuleFilter,
} from './format';
export { healthCheckHost } from './health-checks';
export { familyOf, IP_RANGES_URL, type IpRanges, parseIpRanges } from './ip-ranges';
export { STREAMING_PORT } from './ports';
export {
  type Allowlist,
  type AllowlistDiff,
  type AllowlistOptions,
  allowlistFor,
  diffAllowlists,
  type FirewallRule,
  type IpFamily,
  PROTOCOL_NAME,
  ruleKey,
  STREAMING_PROTOCOLS,
  type StreamingProtocol,
} from './rules';
