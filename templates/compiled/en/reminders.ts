// Written by `npm run messages` from templates/messages/en/reminders.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "reminder.tag": [{"type":6,"value":"n","options":{"=1":{"value":[{"type":0,"value":"Reminder"}]},"other":{"value":[{"type":0,"value":"Reminder "},{"type":7}]}},"offset":0,"pluralType":"cardinal"}],
  "reminderPassword.subject": [{"type":1,"value":"tag"},{"type":0,"value":": please set your WorkSpace password by "},{"type":3,"value":"actBy","style":null}],
  "reminderPassword.preheader": [{"type":0,"value":"Your WorkSpace at "},{"type":1,"value":"company"},{"type":0,"value":" is ready. Your password setup link works until "},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":"."}],
  "reminderPassword.title": [{"type":0,"value":"Your password is still missing"}],
  "reminderPassword.intro": [{"type":0,"value":"Your WorkSpace at "},{"type":1,"value":"company"},{"type":0,"value":" is ready, but your password has not been set yet. You cannot sign in until you set it."}],
  "reminderPassword.deadline": [{"type":0,"value":"Your setup link works until "},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":". After that, IT support has to send you a new invitation."}],
  "reminderPassword.ignore": [{"type":0,"value":"If you have just set your password, please ignore this email."}],
  "reminderConnect.subject": [{"type":1,"value":"tag"},{"type":0,"value":": we have not seen you sign in to your WorkSpace yet"}],
  "reminderConnect.preheader": [{"type":0,"value":"Most first-connection problems are caused by the network. Here is what to check first."}],
  "reminderConnect.title": [{"type":0,"value":"We have not seen you sign in yet"}],
  "reminderConnect.intro": [{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":0,"value":"Thank you for setting your password. We have not seen you sign in to your WorkSpace at "},{"type":1,"value":"company"},{"type":0,"value":" yet."}]},"other":{"value":[{"type":0,"value":"Your WorkSpace at "},{"type":1,"value":"company"},{"type":0,"value":" is ready, but we have not seen you sign in yet."}]}}}],
  "reminderConnect.networkFirst": [{"type":0,"value":"When the client cannot connect, the cause is almost always the network. Please check this first:"}],
  "reminderConnect.deadline": [{"type":0,"value":"Please sign in by "},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":". If you are stuck, contact IT support: we would rather help now than on your first day."}]
}`) as object;
