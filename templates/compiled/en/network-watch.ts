// Written by `npm run messages` from templates/messages/en/network-watch.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "networkChange.subject": [{"type":0,"value":"Amazon WorkSpaces firewall ranges changed: "},{"type":1,"value":"added"},{"type":0,"value":" to open, "},{"type":1,"value":"removed"},{"type":0,"value":" to close"}],
  "networkChange.preheader": [{"type":0,"value":"AWS published new address ranges for "},{"type":1,"value":"regions"},{"type":0,"value":". What to open and what to close."}],
  "networkChange.greeting": [{"type":0,"value":"Hello,"}],
  "networkChange.title": [{"type":0,"value":"The WorkSpaces address ranges have changed"}],
  "networkChange.intro": [{"type":0,"value":"AWS has published new address ranges (ip-ranges.json of "},{"type":1,"value":"createDate"},{"type":0,"value":"). For "},{"type":1,"value":"company"},{"type":0,"value":"'s Amazon WorkSpaces in "},{"type":1,"value":"regions"},{"type":0,"value":" ("},{"type":1,"value":"protocols"},{"type":0,"value":"), the firewall rules below change. Please open the new ones first, then close the old ones."}],
  "networkChange.page": [{"type":0,"value":"This release of the onboarding also updated its copy of AWS's WorkSpaces port page ("},{"type":1,"value":"pageUrl"},{"type":0,"value":"), now as read on "},{"type":1,"value":"pageRead"},{"type":5,"value":"before","options":{"none":{"value":[]},"other":{"value":[{"type":0,"value":" (before: as read on "},{"type":1,"value":"before"},{"type":0,"value":")"}]}}},{"type":0,"value":". The DCV gateway ranges in the lists below come from it."}],
  "networkChange.added.title": [{"type":0,"value":"Open these ("},{"type":1,"value":"count"},{"type":0,"value":")"}],
  "networkChange.removed.title": [{"type":0,"value":"Close these, they are no longer AWS's ("},{"type":1,"value":"count"},{"type":0,"value":")"}],
  "networkChange.none": [{"type":0,"value":"None."}],
  "networkChange.group": [{"type":1,"value":"region"},{"type":0,"value":": "},{"type":1,"value":"transports"},{"type":0,"value":" "},{"type":1,"value":"port"},{"type":0,"value":", "},{"type":1,"value":"purpose"}],
  "networkChange.purpose.https": [{"type":0,"value":"HTTPS (a proxy is fine)"}],
  "networkChange.purpose.PCOIP": [{"type":0,"value":"PCoIP streaming and health checks, directly, not through a proxy"}],
  "networkChange.purpose.WSP": [{"type":0,"value":"Amazon DCV streaming and health checks, directly, not through a proxy"}],
  "networkChange.full": [{"type":0,"value":"The complete list for a Region, also as plain address lists a firewall can import (--format cidr --family 4 or 6), comes from IT with this command:"}],
  "networkChange.why": [{"type":0,"value":"You receive this as a network contact of "},{"type":1,"value":"company"},{"type":0,"value":"'s WorkSpaces onboarding. It checks "},{"type":1,"value":"ipRangesUrl"},{"type":0,"value":" once a day and writes only when a range that matters for these WorkSpaces changes."}]
}`) as object;
