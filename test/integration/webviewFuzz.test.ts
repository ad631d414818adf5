// Every message from a webview is hostile input. Random and malformed messages of every type
// (wrong types, huge strings, unknown and forged ids, replies nobody asked for, floods) go to both
// webview hosts (the chat view and the answer panel) through their real message entry points,
// from a fixed seed. Then: no file of the workspace was created or changed, no open document was
// edited, no diff offered, no command ran but those the protocol maps to, nothing the webview sent
// reached the clipboard or a browser, and a normal chat request and Explain still work.
// The UI a message may legitimately open (an input box, a quick pick, a notification, a file
// dialog, the delete confirmation) is answered by stand-ins during the run, recorded like the commands.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WebviewToExtension } from '../../src/protocol';
import { flashlight, openFixture, waitFor } from './support';

const seed = 0x5eed_13;
const messagesPerHost = 700;
/** Every string the fuzz makes carries this, so it can be looked for wherever it must not land. */
const marker = 'FUZZ';

/**
 * The commands a webview message may lead the extension to run (webviewMessages.ts, registerChat.ts,
 * errorActions.ts): VS Code's settings editor, revealing the chat view (an image pasted while it
 * is hidden), and `setContext` for Flashlight's own `flashlight.chatReady` alone (the chat page's
 * `ready`: it picks which binding the focus key runs), recorded as `setContext flashlight.chatReady`.
 */
const allowedCommands = new Set(['workbench.action.openSettings', 'flashlight.chat.focus', 'setContext flashlight.chatReady']);
/** Run for real during the fuzz: none (every feature is called directly, not through commands). */
const passedThrough = new Set<string>();

function random(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Known {
  turnId: string;
  userTurnId: string;
  conversationId: string;
  requestId: number;
}

/** A generator of hostile values and messages, from one seed. */
function fuzzer(next: () => number, known: Known) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const huge = `${marker}${'x'.repeat(1_048_576)}`;
  const strings = [
    '',
    marker,
    `${marker} ${'é🙂'.repeat(20)}`,
    huge,
    `${marker}\u0000\u202e`,
    `../../${marker}`,
    `..\\..\\${marker}`,
    `/etc/${marker}`,
    `command:workbench.action.quit?${marker}`,
    `file:///etc/passwd#${marker}`,
    `javascript:alert('${marker}')`,
    `vscode://flashlight-dev.flashlight/${marker}`,
    `https://example.com/${marker}`,
    `http://127.0.0.1:9/${marker}`,
    '__proto__',
    'constructor',
    known.turnId,
    known.userTurnId,
    known.conversationId,
  ];
  const numbers = [
    0,
    1,
    -1,
    0.5,
    known.requestId,
    known.requestId + 100_000,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.MAX_VALUE,
  ];
  const anyValue = (): unknown => {
    switch (Math.floor(next() * 8)) {
      case 0:
        return pick(numbers);
      case 1:
        return null;
      case 2:
        return undefined;
      case 3:
        return next() < 0.5;
      case 4:
        return [pick(strings), pick(numbers)];
      case 5:
        return { [pick(['__proto__', 'turnId', 'requestId', 'toString'])]: pick(strings) };
      default:
        return pick(strings);
    }
  };
  /** Mostly the right type with a hostile value, sometimes the wrong type altogether. */
  const str = () => (next() < 0.8 ? pick(strings) : anyValue());
  const num = () => (next() < 0.8 ? pick(numbers) : anyValue());
  const ref = () =>
    pick<unknown>([
      { turnId: str() },
      { requestId: num() },
      { turnId: known.turnId },
      { turnId: known.userTurnId },
      { requestId: known.requestId },
      { turnId: known.turnId, requestId: known.requestId },
      anyValue(),
    ]);
  /** A block the known answers do not have (they hold no code), or no block / a wrong one. */
  const block = () => pick<unknown>([0, 1, 3, -1, 0.5, 2 ** 40, Number.NaN, '0', undefined, null]);
  const makers: Array<() => Record<string, unknown>> = [
    () => ({ type: 'ready' }),
    () => ({ type: 'stop', requestId: num() }),
    () => ({
      type: 'errorAction',
      action: pick<unknown>(['setApiKey', 'retry', 'openSettings', 'addCredits', 'chooseModel', 'runCommand', marker, anyValue()]),
    }),
    () => ({ type: 'openLink', href: str() }),
    () => ({ type: 'copy', answer: ref(), block: block() }),
    () => ({ type: 'copy', text: str() }),
    () => ({ type: 'insertCode', answer: ref(), block: block() }),
    () => ({ type: 'insertCode', code: str() }),
    () => ({ type: 'applyCode', answer: ref(), block: block(), code: str(), language: str() }),
    () => ({
      type: 'chatSend',
      text: next() < 0.5 ? `${marker} question` : str(),
      contextIds: next() < 0.7 ? [str()] : anyValue(),
      imageIds: next() < 0.7 ? [] : anyValue(),
      replaceTurnId: next() < 0.5 ? undefined : str(),
    }),
    () => ({ type: 'chatRetry', turnId: str() }),
    () => ({ type: 'chatEdit', turnId: str() }),
    () => ({ type: 'chatNew' }),
    () => ({ type: 'chatOpen', id: str() }),
    () => ({ type: 'chatDelete', id: str() }),
    () => ({ type: 'attachContext', kind: pick<unknown>(['selection', 'file', marker, anyValue()]) }),
    () => ({ type: 'attachImage' }),
    () => ({ type: 'pasteImage', name: str(), mimeType: pick<unknown>(['image/png', 'image/../../x', `image/${marker}`, anyValue()]), base64: str() }),
    () => ({ type: 'removeAttachment', id: str() }),
    // Replies to shrink requests nobody made, or made and answered already: out of order.
    () => ({
      type: 'shrunkImage',
      shrinkId: str(),
      ok: true,
      mimeType: pick<unknown>(['image/png', 'image\\..\\..\\x', anyValue()]),
      base64: str(),
      width: num(),
      height: num(),
      originalWidth: num(),
      originalHeight: num(),
      thumbnail: str(),
    }),
    () => ({ type: 'shrunkImage', shrinkId: str(), ok: false, reason: str() }),
    () => ({ type: pick([marker, 'runCommand', 'eval', '__proto__', 'constructor', 'toString']), command: 'workbench.action.closeAllEditors', args: [marker] }),
    () => ({ type: anyValue() }),
  ];
  return {
    message(): unknown {
      const roll = next();
      if (roll < 0.03) return pick<unknown>([null, undefined, 42, marker, [], [{ type: 'ready' }], () => marker]);
      const message = pick(makers)();
      // Extra fields, and fields of another message, ride along.
      if (next() < 0.2) message[pick(['code', 'text', 'href', 'command', '__proto__', 'answer'])] = anyValue();
      return message;
    },
    /** A burst of one message type, as a flood would come. */
    flood(): unknown[] {
      const one = pick(makers);
      return Array.from({ length: 50 + Math.floor(next() * 100) }, () => one());
    },
  };
}

function snapshot(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) snapshot(full, into);
    else into.set(full, createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
  }
  return into;
}

function diffTabs(): number {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff).length;
}

type Patchable = Record<string, unknown>;

/** Replaces `name` on `owner` (the API object this suite shares with the extension) until restored. */
function patch(owner: object, name: string, replacement: (...args: unknown[]) => unknown, restores: Array<() => void>): void {
  const target = owner as Patchable;
  const original = target[name];
  target[name] = replacement;
  restores.push(() => (target[name] = original));
}

describe('Webview messages, fuzzed', function () {
  this.timeout(90_000);

  it('random and malformed messages at both hosts write no file, run no other command, and a normal request still works', async () => {
    const { server, api } = await flashlight();
    server.reset();
    api.postFromChat({ type: 'chatNew' });
    await waitFor('a new chat', () => api.chat().turns.length === 0);

    // A chat answer and a panel answer to name: real ids among the forged ones (their answers hold no code).
    server.enqueue({ text: 'A chat answer with no code.' }, { text: 'A panel answer with no code.' });
    api.postFromChat({ type: 'chatSend', text: 'Hello', contextIds: [], imageIds: [] });
    const turn = await waitFor(
      'the chat answer',
      () => {
        const last = api.chat().turns.at(-1);
        return last?.role === 'assistant' && last.answer.state === 'done' && !api.chatBusy() ? last : undefined;
      },
      20_000,
    );
    const editor = await openFixture('const untouched = true;\n', 'typescript');
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const panelAnswer = await waitFor('the panel answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined), 20_000);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    // Showing the editor again restores its selection, and a resting selection starts the context
    // gathered ahead (its language-server queries): let it start before the recorder looks.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const known: Known = { turnId: turn.id, userTurnId: api.chat().turns[0].id, conversationId: api.chat().id, requestId: panelAnswer.requestId };

    const workspaceDir = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const filesBefore = snapshot(workspaceDir);
    const documentsBefore = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document.version]));
    const diffTabsBefore = diffTabs();

    const commands: string[] = [];
    const opened: string[] = [];
    const copied: string[] = [];
    const prompts: string[] = [];
    const restores: Array<() => void> = [];
    const executeCommand = vscode.commands.executeCommand;
    patch(
      vscode.commands,
      'executeCommand',
      (id, ...args) => {
        // setContext with its key: another extension's or VS Code's own context key is not allowed.
        commands.push(id === 'setContext' ? `setContext ${String(args[0])}` : String(id));
        return passedThrough.has(String(id)) ? executeCommand(String(id), ...args) : Promise.resolve(undefined);
      },
      restores,
    );
    patch(
      vscode.env,
      'openExternal',
      (uri) => {
        opened.push(String(uri));
        return Promise.resolve(false);
      },
      restores,
    );
    // The clipboard object itself is frozen: the environment's property is replaced by a recorder in front of it.
    const clipboard = vscode.env.clipboard;
    const clipboardProperty = Object.getOwnPropertyDescriptor(vscode.env, 'clipboard')!;
    Object.defineProperty(vscode.env, 'clipboard', {
      configurable: true,
      value: {
        readText: () => clipboard.readText(),
        writeText: (text: string) => {
          copied.push(String(text));
          return clipboard.writeText(String(text));
        },
      },
    });
    restores.push(() => Object.defineProperty(vscode.env, 'clipboard', clipboardProperty));
    for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
      patch(
        vscode.window,
        name,
        (message, ...items) => {
          prompts.push(`${name}: ${String(message).slice(0, 80)}`);
          // A person who confirms every delete: a forged id must still delete nothing outside the chats.
          const modal = (items[0] as vscode.MessageOptions | undefined)?.modal;
          return Promise.resolve(modal && items.includes('Delete') ? 'Delete' : undefined);
        },
        restores,
      );
    }
    // The model picker (an error's Choose Model): a person who closes it at once.
    const createQuickPick = vscode.window.createQuickPick;
    patch(
      vscode.window,
      'createQuickPick',
      () => {
        prompts.push('createQuickPick');
        const pick = createQuickPick();
        setTimeout(() => pick.hide(), 0);
        return pick;
      },
      restores,
    );
    for (const name of ['showInputBox', 'showQuickPick', 'showOpenDialog', 'showSaveDialog']) {
      patch(
        vscode.window,
        name,
        () => {
          prompts.push(name);
          return Promise.resolve(undefined);
        },
        restores,
      );
    }

    const started = Date.now();
    try {
      const next = random(seed);
      const fuzz = fuzzer(next, known);
      const hosts = [
        (message: unknown) => api.postFromChat(message as WebviewToExtension),
        (message: unknown) => api.postFromPanel(message as WebviewToExtension),
      ];
      for (const post of hosts) {
        for (let sent = 0; sent < messagesPerHost;) {
          if (next() < 0.02) {
            const burst = fuzz.flood();
            for (const message of burst) post(message);
            sent += burst.length;
          } else {
            post(fuzz.message());
            sent++;
          }
          // Let the extension host breathe now and then, so replies and requests interleave with new messages.
          if (sent % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        // The control: a message the host must act on, so the recorders are known to see the extension's calls.
        post({ type: 'errorAction', action: 'openSettings' });
      }
      await waitFor('the requests the fuzz started to end', () => !api.chatBusy() && api.activeStreams() === 0, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      for (const restore of restores.reverse()) restore();
    }
    const fuzzMs = Date.now() - started;

    assert.ok(commands.includes('workbench.action.openSettings'), `the recorder saw the control command (saw ${JSON.stringify([...new Set(commands)])})`);
    assert.deepStrictEqual(
      [...new Set(commands)].filter((id) => !allowedCommands.has(id)),
      [],
      'no command but the allowed ones ran',
    );
    assert.deepStrictEqual(
      opened.filter((uri) => !/^https?:/.test(uri)),
      [],
      'only http(s) links were offered to the browser',
    );
    assert.deepStrictEqual(
      copied.filter((text) => text.includes(marker)),
      [],
      'nothing the webview sent reached the clipboard',
    );
    assert.deepStrictEqual([...snapshot(workspaceDir)], [...filesBefore], 'no workspace file was created, changed or removed');
    for (const document of vscode.workspace.textDocuments) {
      const before = documentsBefore.get(document.uri.toString());
      if (before !== undefined) assert.strictEqual(document.version, before, `${document.uri.toString()} was not edited`);
    }
    assert.strictEqual(editor.document.getText(), 'const untouched = true;\n');
    assert.strictEqual(diffTabs(), diffTabsBefore, 'no diff was offered');
    assert.ok(fuzzMs < 30_000, `the fuzz ran in ${fuzzMs} ms`);

    // What the fuzz queued (saves, the opens that wait for them, sends that wait for the one before to
    // stop) lands for seconds after the last message: wait until the chat and the wire are quiet, so
    // the requests below are not overtaken by it.
    let settledAt = Date.now();
    let last = '';
    await waitFor(
      'the chat to settle after the fuzz',
      () => {
        const now = `${api.chat().id} ${api.chat().turns.length} ${api.chatBusy()} ${server.requests.length}`;
        if (now !== last) [last, settledAt] = [now, Date.now()];
        return Date.now() - settledAt > 1_500;
      },
      30_000,
    );
    const settleMs = Date.now() - started - fuzzMs;

    // Afterwards a person's ordinary requests still work, in both hosts.
    // The fake's default answer, not its queue: a request the fuzz started may still take one from a queue.
    const requestsBefore = server.requests.length;
    const stillHere = 'Still here:\n\n```ts\nconst after = 1;\n```\n';
    server.setDefault({ text: stillHere });
    api.postFromChat({ type: 'chatNew' });
    await waitFor('a new chat', () => api.chat().turns.length === 0);
    api.postFromChat({ type: 'chatSend', text: 'Are you alive?', contextIds: [], imageIds: [] });
    const after = await waitFor(
      'a normal chat answer',
      () => {
        const last = api.chat().turns.at(-1);
        return last?.role === 'assistant' && last.answer.state === 'done' && !api.chatBusy() ? last : undefined;
      },
      20_000,
    );
    assert.strictEqual(after.answer.text, stillHere);
    // The person clicks back into their file (earlier suites may have left another editor or the
    // answer panel in front), puts the cursor at the end and clicks Insert on the block.
    const target = await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    target.selection = new vscode.Selection(1, 0, 1, 0);
    api.postFromChat({ type: 'insertCode', answer: { turnId: after.id }, block: 0 });
    await waitFor('the named block inserted', () => editor.document.getText() === 'const untouched = true;\nconst after = 1;');
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    await waitFor('a normal panel answer', () => api.panelAnswer()?.state === 'done' && api.panelAnswer()?.text === stillHere, 20_000);
    const lateRequests = server.requests.slice(requestsBefore).filter((request) => request.path.endsWith('/chat/completions')).length;
    console.log(
      `fuzz: ${messagesPerHost} messages a host in ${fuzzMs} ms, settled ${settleMs} ms later; commands ${JSON.stringify([...new Set(commands)])}; ${opened.length} links offered, ${copied.length} copies, ${prompts.length} prompts answered; ${lateRequests} completions after it (2 ours)`,
    );
    server.reset();
  });
});
