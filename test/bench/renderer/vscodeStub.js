// Just enough of the `vscode` module for src/host/views/webviewHtml.ts to build the bench page.
'use strict';
module.exports = {
  Uri: { joinPath: (base, ...segments) => ({ path: [base.path, ...segments].join('/') }) },
};
