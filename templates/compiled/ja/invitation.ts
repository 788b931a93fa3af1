// Written by `npm run messages` from templates/messages/ja/invitation.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "invitation.subject": [{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":0,"value":"WorkSpace のご用意ができました（"},{"type":3,"value":"actBy","style":null},{"type":0,"value":"までにパスワードを設定してください）"}]},"other":{"value":[{"type":0,"value":"WorkSpace のご用意ができました（"},{"type":3,"value":"actBy","style":null},{"type":0,"value":"までに接続をお試しください）"}]}}}],
  "invitation.preheader": [{"type":0,"value":"登録コード "},{"type":1,"value":"code"},{"type":0,"value":"、ユーザー名 "},{"type":1,"value":"userName"},{"type":0,"value":"。"},{"type":5,"value":"signIn","options":{"password":{"value":[{"type":3,"value":"actBy","style":null},{"type":0,"value":"までにパスワードを設定してください。"}]},"saml":{"value":[{"type":0,"value":"会社のサインインページでサインインします。"}]},"identityCenter":{"value":[{"type":5,"value":"idSource","options":{"external":{"value":[{"type":1,"value":"idp"},{"type":0,"value":" アカウントでサインインします。"}]},"other":{"value":[{"type":0,"value":"IAM Identity Center アカウントでサインインします。"}]}}}]},"other":{"value":[{"type":0,"value":"会社のパスワードでサインインします。"}]}}}],
  "invitation.title": [{"type":0,"value":"WorkSpace のご用意ができました"}],
  "invitation.intro": [{"type":1,"value":"company"},{"type":0,"value":"で業務にお使いいただく Amazon WorkSpace（クラウド上のデスクトップ）をご用意しました。お手元のパソコン、タブレット、スマートフォンから利用できます。"}],
  "invitation.deadline": [{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":" までにパスワードを設定してください。期限を過ぎると、専用の設定リンクは使えなくなります。"}]},"other":{"value":[{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":" までに一度接続をお試しください。うまくいかない場合も、早めにご相談いただければ余裕をもって解決できます。"}]}}}],
  "printing.title": [{"type":0,"value":"印刷について"}],
  "printing.local": [{"type":0,"value":"Windows 版クライアントからは、お手元のパソコンにつながっているプリンターで印刷できます（ローカルプリンターのリダイレクト）。"}],
  "printing.noLocal": [{"type":0,"value":"iPad、Android、Chromebook、Linux 版、Web ブラウザーのクライアントからは、ローカルプリンターで印刷できません。"}],
  "printing.network.ad": [{"type":0,"value":"社内のネットワークプリンターは、"},{"type":1,"value":"company"},{"type":0,"value":"の Active Directory を通じて利用できます。WorkSpace の中で社内のパソコンと同じように追加するか、どのプリンターを使うかを IT サポートにお尋ねください。"}],
  "printing.network.none": [{"type":0,"value":"この WorkSpace はネットワークプリンターを管理する Active Directory に参加していないため、社内のネットワークプリンターは利用できません。"}]
}`) as object;
