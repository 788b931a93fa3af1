// Written by `npm run messages` from templates/messages/en/invitation.json: edit that file, then run it again.
export default /* @__PURE__ */ JSON.parse(`{
  "invitation.subject": [{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":0,"value":"Your WorkSpace at "},{"type":1,"value":"company"},{"type":0,"value":" is ready: please set your password by "},{"type":3,"value":"actBy","style":"long"}]},"other":{"value":[{"type":0,"value":"Your WorkSpace at "},{"type":1,"value":"company"},{"type":0,"value":" is ready: please connect by "},{"type":3,"value":"actBy","style":"long"}]}}}],
  "invitation.preheader": [{"type":0,"value":"Registration code "},{"type":1,"value":"code"},{"type":0,"value":", user name "},{"type":1,"value":"userName"},{"type":0,"value":". "},{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":0,"value":"Set your password by "},{"type":3,"value":"actBy","style":"long"},{"type":0,"value":"."}]},"other":{"value":[{"type":0,"value":"Sign in with your company password."}]}}}],
  "invitation.title": [{"type":0,"value":"Your WorkSpace is ready"}],
  "invitation.intro": [{"type":1,"value":"company"},{"type":0,"value":" has set up an Amazon WorkSpace for you: your work desktop in the cloud, which you open from your own computer, tablet or phone."}],
  "invitation.deadline": [{"type":5,"value":"passwordSetup","options":{"hosted":{"value":[{"type":0,"value":"Please set your password by "},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":". Your personal setup link stops working after that."}]},"other":{"value":[{"type":0,"value":"Please connect once by "},{"type":3,"value":"actBy","style":"dateTime"},{"type":0,"value":", so that there is time to help if something does not work."}]}}}],
  "printing.title": [{"type":0,"value":"Printing"}],
  "printing.local": [{"type":0,"value":"From the Windows client you can print on the printer connected to your own computer (local printer redirection)."}],
  "printing.noLocal": [{"type":0,"value":"The iPad, Android, Chromebook, Linux and web clients cannot print on a local printer."}],
  "printing.network.ad": [{"type":0,"value":"Office network printers are available through the "},{"type":1,"value":"company"},{"type":0,"value":" Active Directory: add them inside your WorkSpace as you would on an office PC, or ask IT support which one to use."}],
  "printing.network.none": [{"type":0,"value":"Office network printers cannot be used from this WorkSpace, because it is not joined to an Active Directory that has them."}]
}`) as object;
