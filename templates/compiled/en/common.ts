// Written by `npm run messages` from templates/messages/en/common.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "contact.title": [{"type":0,"value":"Who to contact"}],
  "contact.intro": [{"type":0,"value":"If anything here does not work as described, contact "},{"type":1,"value":"company"},{"type":0,"value":" IT support and mention your user name, "},{"type":1,"value":"userName"},{"type":0,"value":":"}],
  "contact.email": [{"type":0,"value":"Email: "},{"type":1,"value":"email"}],
  "contact.phone": [{"type":0,"value":"Phone: "},{"type":1,"value":"phone"}],
  "contact.web": [{"type":0,"value":"Web: "},{"type":1,"value":"url"}],
  "brand.subject": [{"type":0,"value":"["},{"type":1,"value":"company"},{"type":0,"value":"] "},{"type":1,"value":"subject"}]
}`) as object;
