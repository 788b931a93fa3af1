export { IpRangesFormatError, UnknownWorkspacesRegionError } from '../domain/errors';
export { ALLOWLIST_FORMATS, type AllowlistFormat, formatAllowlist, formatDiff } from './format';
export { IP_RANGES_URL, type IpRanges, parseIpRanges } from './ip-ranges';
export {
  type Allowlist,
  type AllowlistDiff,
  allowlistFor,
  diffAllowlists,
  type FirewallRule,
  ruleKey,
} from './rules';
