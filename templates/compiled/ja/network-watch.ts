// Written by `npm run messages` from templates/messages/ja/network-watch.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "networkChange.subject": [{"type":0,"value":"Amazon WorkSpaces のファイアウォール設定の変更: 追加 "},{"type":1,"value":"added"},{"type":0,"value":" 件、削除 "},{"type":1,"value":"removed"},{"type":0,"value":" 件"}],
  "networkChange.preheader": [{"type":0,"value":"AWS が "},{"type":1,"value":"regions"},{"type":0,"value":" の新しいアドレス範囲を公開しました。許可する宛先と削除する宛先のご案内です。"}],
  "networkChange.greeting": [{"type":0,"value":"ネットワーク担当者様"}],
  "networkChange.title": [{"type":0,"value":"WorkSpaces のアドレス範囲が変わりました"}],
  "networkChange.intro": [{"type":0,"value":"AWS が新しいアドレス範囲（"},{"type":1,"value":"createDate"},{"type":0,"value":" の ip-ranges.json）を公開しました。"},{"type":1,"value":"regions"},{"type":0,"value":" の"},{"type":1,"value":"company"},{"type":0,"value":"の Amazon WorkSpaces（"},{"type":1,"value":"protocols"},{"type":0,"value":"）について、次のファイアウォールのルールが変わります。先に新しい宛先を許可してから、古い宛先を削除してください。"}],
  "networkChange.page": [{"type":0,"value":"今回のオンボーディングの更新で、AWS の WorkSpaces ポート要件ページ（"},{"type":1,"value":"pageUrl"},{"type":0,"value":"）の写しも "},{"type":1,"value":"pageRead"},{"type":0,"value":" 時点の内容になりました"},{"type":5,"value":"before","options":{"none":{"value":[]},"other":{"value":[{"type":0,"value":"（以前は "},{"type":1,"value":"before"},{"type":0,"value":" 時点）"}]}}},{"type":0,"value":"。下の一覧の DCV ゲートウェイの範囲はこの写しによるものです。"}],
  "networkChange.added.title": [{"type":0,"value":"許可を追加する宛先（"},{"type":1,"value":"count"},{"type":0,"value":" 件）"}],
  "networkChange.removed.title": [{"type":0,"value":"AWS のものではなくなったため削除する宛先（"},{"type":1,"value":"count"},{"type":0,"value":" 件）"}],
  "networkChange.none": [{"type":0,"value":"ありません。"}],
  "networkChange.group": [{"type":1,"value":"region"},{"type":0,"value":": "},{"type":1,"value":"transports"},{"type":0,"value":" "},{"type":1,"value":"port"},{"type":0,"value":"、"},{"type":1,"value":"purpose"}],
  "networkChange.purpose.https": [{"type":0,"value":"HTTPS（プロキシ経由でもかまいません）"}],
  "networkChange.purpose.PCOIP": [{"type":0,"value":"PCoIP の画面転送とヘルスチェック（プロキシを経由せず直接）"}],
  "networkChange.purpose.WSP": [{"type":0,"value":"Amazon DCV の画面転送とヘルスチェック（プロキシを経由せず直接）"}],
  "networkChange.full": [{"type":0,"value":"リージョンごとの完全な一覧は、ファイアウォールに取り込める形式（--format cidr --family 4 または 6）でも、IT 部門が次のコマンドで作成できます。"}],
  "networkChange.why": [{"type":0,"value":"このメールは、"},{"type":1,"value":"company"},{"type":0,"value":"の WorkSpaces オンボーディングのネットワーク連絡先に送られています。"},{"type":1,"value":"ipRangesUrl"},{"type":0,"value":" を 1 日 1 回確認し、この WorkSpaces に関係する範囲が変わったときだけお知らせします。"}]
}`) as object;
