// Written by `npm run messages` from templates/messages/ja/common.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "contact.title": [{"type":0,"value":"お問い合わせ先"}],
  "contact.intro": [{"type":0,"value":"ご案内どおりに進まない場合は、"},{"type":1,"value":"company"},{"type":0,"value":"の IT サポートまでご連絡ください。その際、ユーザー名（"},{"type":1,"value":"userName"},{"type":0,"value":"）をお知らせください。"}],
  "contact.email": [{"type":0,"value":"メール: "},{"type":1,"value":"email"}],
  "contact.phone": [{"type":0,"value":"電話: "},{"type":1,"value":"phone"}],
  "contact.web": [{"type":0,"value":"Web: "},{"type":1,"value":"url"}],
  "brand.subject": [{"type":0,"value":"【"},{"type":1,"value":"company"},{"type":0,"value":"】"},{"type":1,"value":"subject"}]
}`) as object;
