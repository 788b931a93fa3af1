// Written by `npm run messages` from templates/messages/ja/reminders.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "reminder.tag": [{"type":6,"value":"n","options":{"=1":{"value":[{"type":0,"value":"ご確認のお願い"}]},"other":{"value":[{"type":0,"value":"ご確認のお願い・"},{"type":7},{"type":0,"value":" 回目"}]}},"offset":0,"pluralType":"cardinal"}],
  "reminderPassword.subject": [{"type":0,"value":"【"},{"type":1,"value":"tag"},{"type":0,"value":"】WorkSpace のパスワードを"},{"type":3,"value":"actBy","style":null},{"type":0,"value":"までに設定してください"}],
  "reminderPassword.preheader": [{"type":1,"value":"company"},{"type":0,"value":"の WorkSpace のご用意はできています。パスワード設定リンクは"},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":" まで有効です。"}],
  "reminderPassword.title": [{"type":0,"value":"パスワードがまだ設定されていません"}],
  "reminderPassword.intro": [{"type":1,"value":"company"},{"type":0,"value":"の WorkSpace のご用意はできていますが、パスワードがまだ設定されていません。パスワードを設定するまでサインインできません。"}],
  "reminderPassword.deadline": [{"type":0,"value":"設定リンクは"},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":" まで有効です。期限を過ぎた場合は、IT サポートから改めてご案内をお送りする必要があります。"}],
  "reminderPassword.ignore": [{"type":0,"value":"行き違いでパスワードを設定済みの場合は、このメールは破棄してください。"}],
  "reminderConnect.subject": [{"type":0,"value":"【"},{"type":1,"value":"tag"},{"type":0,"value":"】WorkSpace へのサインインがまだ確認できていません"}],
  "reminderConnect.preheader": [{"type":0,"value":"初回接続のトラブルの多くはネットワークが原因です。まずご確認いただきたい点をまとめました。"}],
  "reminderConnect.title": [{"type":0,"value":"まだサインインが確認できていません"}],
  "reminderConnect.intro": [{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":0,"value":"パスワードの設定ありがとうございます。ただ、"},{"type":1,"value":"company"},{"type":0,"value":"の WorkSpace へのサインインがまだ確認できていません。"}]},"other":{"value":[{"type":1,"value":"company"},{"type":0,"value":"の WorkSpace のご用意はできていますが、まだサインインが確認できていません。"}]}}}],
  "reminderConnect.networkFirst": [{"type":0,"value":"クライアントが接続できない原因の多くはネットワークです。まず次の点をご確認ください。"}],
  "reminderConnect.deadline": [{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":" までにサインインをお試しください。つまずいた場合は、お気軽に IT サポートにご相談ください。初日を迎える前に解決しましょう。"}]
}`) as object;
