export { ALLOWLIST_FORMATS, type AllowlistFormat, formatAllowlist, formatDiff } from './format';
export { IP_RANGES_URL, type IpRanges, IpRangesFormatError, parseIpRanges } from './ip-ranges';
export {
  type Allowlist,
  type AllowlistDiff,
  allowlistFor,
  diffAllowlists,
  type FirewallRule,
  ruleKey,
  UnknownWorkspacesRegionError,
} from './rules';
