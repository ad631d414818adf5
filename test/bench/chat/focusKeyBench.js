// The chat's focus key on a chat that was never opened (issue 18, item 2), in code-server: in each
// fresh window (the first start, then window reloads with the chat hidden before each), the editor
// focused, Ctrl+Alt+K, then "What is a closure?" typed at ten characters a second from the key on.
// Measured: key to the composer focused and holding every character typed until then, and what was
// lost (characters missing from the composer, the open file changed). Beside it, in the same run,
// the same on another build of the extension (`--base DIR`: a built checkout of an older commit).
//
//   node esbuild.js && npm run compile   (then, under the shared lock for code-server runs:)
//   node test/bench/chat/focusKeyBench.js --runs 10 [--base DIR]
'use strict';
const path = require('path');
const { percentile } = require('../stats');

const root = path.join(__dirname, '../../..');
const { openWorkbenchWithFake, openFile, runCommand, waitForWorkbench } = require(path.join(root, 'out/test/e2e/workbench.js'));
const { pressFocusKeyAndType, flashlightStatus, editorText } = require(path.join(root, 'out/test/e2e/chatFocusKeyRun.js'));

const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const runs = Number(argument('--runs', '10'));
const base = argument('--base', undefined);
const question = 'What is a closure?';
const file = 'src/hello.ts';

/** `runs` fresh windows of one build: the measurements, one per window. */
async function measure(label, extensionDevelopmentPath) {
  const wb = await openWorkbenchWithFake({ apiKey: 'sk-or-v1-bench-focus-key-0123456789', extensionDevelopmentPath });
  const results = [];
  try {
    for (let run = 0; run < runs; run++) {
      if (run > 0) {
        await runCommand(wb.page, 'View: Show Explorer');
        await runCommand(wb.page, 'Developer: Reload Window');
        await wb.page.waitForTimeout(2_000);
        await waitForWorkbench(wb.page);
      }
      await openFile(wb.page, file);
      await wb.page.locator(flashlightStatus).waitFor({ timeout: 60_000 });
      await wb.page.waitForTimeout(2_500); // as the e2e test: after Flashlight's warm-up
      const before = await editorText(wb.page);
      const result = await pressFocusKeyAndType(wb.page, question);
      const kept = result.composerValue ?? '';
      const row = {
        readyMs: result.readyMs,
        caughtMs: result.caughtMs,
        lost: question.length - (question.endsWith(kept) ? kept.length : 0),
        exact: kept === question,
        editorChanged: result.editorDirty || result.editorText !== before,
      };
      console.log(
        `[${label}] window ${run + 1}: caught ${row.caughtMs ?? 'never'} ms, ready ${row.readyMs ?? 'never'} ms, composer ${JSON.stringify(kept)}, file changed: ${row.editorChanged}`,
      );
      results.push(row);
      // Undo anything typed into the file, so the next window starts from the same text.
      if (row.editorChanged) await runCommand(wb.page, 'File: Revert File');
    }
  } finally {
    await wb.stop();
  }
  return results;
}

/** Median / p95 of one figure over the windows, with how many windows never reached it. */
function medianP95(results, figure) {
  const values = results.filter((row) => row[figure] !== undefined).map((row) => row[figure]);
  const p = (q) => (values.length ? `${percentile(values, q)} ms` : 'n/a');
  const never = results.length - values.length;
  return `${p(50)} / ${p(95)}${never ? ` (${never} never)` : ''}`;
}

function summary(label, results) {
  return `| ${label} | ${medianP95(results, 'caughtMs')} | ${medianP95(results, 'readyMs')} | ${results.filter((row) => row.exact).length}/${results.length} | ${results.reduce((total, row) => total + row.lost, 0)} | ${results.filter((row) => row.editorChanged).length} |`;
}

(async () => {
  const measured = [['Flashlight (this build)', await measure('this build', root)]];
  if (base) measured.push([`before (${path.basename(base)})`, await measure('before', path.resolve(base))]);
  console.log(
    `\nCtrl+Alt+K on a never-opened chat, "${question}" typed at 10 chars/s, ${runs} fresh windows each, ${new Date().toISOString().slice(0, 10)}:\n`,
  );
  console.log(
    "| build | key to the keys caught (an input focused), median / p95 | key to the chat's composer focused holding every character | windows with every character | characters lost | windows where the file changed |",
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [label, results] of measured) console.log(summary(label, results));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
