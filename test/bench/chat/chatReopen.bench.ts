// How fast a long chat reopens: a conversation of 50 turns (25 questions, 25 long answers with
// code) is read back from disk by the real ConversationStore and repainted by the real
// production webview bundle (chat mode) in headless Chromium, from one `chatState` message to the
// next painted frame (the last 8 turns rendered; older answers follow in 12 ms slices after it,
// newest first). Beside it, in the same run: the naive repaint (marked.parse plus highlight.js
// auto-detection for every answer) and a naive store (every chat in one JSON blob, as extensions
// that keep chats in globalState do).
//
//   npm run bench:chat
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium } from 'playwright-core';
import { assistantTurn, newConversation, userTurn, type Conversation } from '../../../src/core/chat/conversation';
import { ConversationStore } from '../../../src/core/chat/conversationStore';
import { newAnswerRecord } from '../../../src/core/chat/streamAnswer';
import type { ChatStateView } from '../../../src/protocol';

const root = join(__dirname, '../../../..');
const runs = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** 25 answers cut from the 80 KB fixture answer: prose, lists, tables and code in several languages. */
function longConversation(): Conversation {
  const source = readFileSync(join(root, 'test/fixtures/answers/long-80k.md'), 'utf8');
  const sections = source.split(/\n(?=## )/);
  const conversation = newConversation();
  conversation.title = 'A long conversation';
  for (let turn = 0; turn < 25; turn++) {
    conversation.turns.push(userTurn(`Question ${turn + 1}: how does part ${turn + 1} work?`, [], []));
    const record = newAnswerRecord(turn + 1, { title: 'Chat' });
    record.text = [sections[turn % sections.length], sections[(turn + 7) % sections.length]].join('\n\n');
    record.state = 'done';
    record.stats = { model: 'google/gemini-2.5-flash', timeToFirstTokenMs: 300, tokensPerSecond: 180, promptTokens: 1200, completionTokens: 900, cost: 0.002 };
    conversation.turns.push(assistantTurn(record));
  }
  return conversation;
}

async function measureStore(conversation: Conversation) {
  const directory = mkdtempSync(join(tmpdir(), 'flashlight-bench-'));
  try {
    const store = new ConversationStore(join(directory, 'chats'));
    await store.save(conversation);
    const others = Array.from({ length: 19 }, () => ({ ...conversation, id: newConversation().id }));
    writeFileSync(join(directory, 'blob.json'), JSON.stringify([conversation, ...others]));
    const fast: number[] = [];
    const naive: number[] = [];
    for (let run = 0; run < runs; run++) {
      const fresh = new ConversationStore(join(directory, 'chats'));
      let started = performance.now();
      const [latest] = await fresh.list();
      const loaded = await fresh.load(latest.id);
      fast.push(performance.now() - started);
      if (loaded?.turns.length !== 50) throw new Error('the store lost turns');
      started = performance.now();
      const all = JSON.parse(readFileSync(join(directory, 'blob.json'), 'utf8')) as Conversation[];
      naive.push(performance.now() - started);
      if (all[0].turns.length !== 50) throw new Error('the blob lost turns');
    }
    return { fast: median(fast), naive: median(naive), bytes: readFileSync(join(directory, 'chats', `${conversation.id}.json`)).length };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function measureRender(conversation: Conversation) {
  const naiveBundle = buildSync({
    entryPoints: [join(root, 'test/bench/chat/naiveChatRender.ts')],
    bundle: true,
    minify: true,
    write: false,
    platform: 'browser',
    format: 'iife',
  }).outputFiles[0].text;
  const css = readFileSync(join(root, 'media/webview.css'), 'utf8');
  const pageWith = (bundleFile: string) => `<!DOCTYPE html><html><head><style>${css}</style></head><body data-view="chat"><main id="flashlight-root"></main>
<script>window.acquireVsCodeApi = () => ({ postMessage() {} });</script><script>${readFileSync(bundleFile, 'utf8')}</script><script>${naiveBundle}</script></body></html>`;
  const page = pageWith(join(root, 'dist/webview.js'));
  // FLASHLIGHT_BENCH_BEFORE_WEBVIEW=<an older dist/webview.js>: that bundle's first paint too, in the same runs.
  const beforeFile = process.env.FLASHLIGHT_BENCH_BEFORE_WEBVIEW;
  const beforePage = beforeFile ? pageWith(beforeFile) : undefined;
  const state: ChatStateView = { id: conversation.id, title: conversation.title, turns: conversation.turns, trimmedTurns: 0, busy: false };
  const texts = conversation.turns.flatMap((turn) => (turn.role === 'assistant' ? [turn.answer.text] : []));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const fast: number[] = [];
    const naive: number[] = [];
    const before: number[] = [];
    let renderedTurns = 0;
    for (let run = 0; run < runs; run++) {
      for (const [which, html] of beforePage
        ? ([
            ['now', page],
            ['before', beforePage],
          ] as const)
        : ([['now', page]] as const)) {
        const tab = await browser.newPage({ viewport: { width: 420, height: 900 } });
        await tab.setContent(html);
        const result = await tab.evaluate(
          async ({ state, texts }) => {
            const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
            await nextFrame();
            let started = performance.now();
            window.dispatchEvent(new MessageEvent('message', { data: { type: 'chatState', chat: state, history: [] } }));
            await nextFrame();
            const fast = performance.now() - started;
            const turns = document.querySelectorAll('.turn').length;
            started = performance.now();
            (window as unknown as { naiveRender(texts: string[]): void }).naiveRender(texts);
            await nextFrame();
            return { fast, naive: performance.now() - started, turns };
          },
          { state, texts },
        );
        if (which === 'before') before.push(result.fast);
        else {
          fast.push(result.fast);
          naive.push(result.naive);
          renderedTurns = result.turns;
        }
        await tab.close();
      }
    }
    return { fast: median(fast), naive: median(naive), before: before.length ? median(before) : undefined, turns: renderedTurns };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const conversation = longConversation();
  const answerChars = conversation.turns.reduce((sum, turn) => sum + (turn.role === 'assistant' ? turn.answer.text.length : 0), 0);
  const store = await measureStore(conversation);
  const render = await measureRender(conversation);
  if (render.turns !== 50) throw new Error(`the chat rendered ${render.turns} turns, expected 50`);
  const total = store.fast + render.fast;
  const rows = [
    ['read from disk (50 turns, ' + Math.round(store.bytes / 1024) + ' KB file)', store.fast, store.naive, 'all chats in one JSON blob'],
    ['repaint in the webview (' + Math.round(answerChars / 1024) + ' KB of answers)', render.fast, render.naive, 'marked.parse + highlightAuto per answer'],
    ['reopen, total (target < 1000 ms)', total, store.naive + render.naive, ''],
  ] as const;
  console.log(`\nChat reopen: medians of ${runs} runs\n`);
  console.log('figure'.padEnd(58) + 'Flashlight'.padStart(12) + 'naive'.padStart(12) + 'ratio'.padStart(9) + '  naive is');
  for (const [name, fast, naive, what] of rows) {
    console.log(
      name.padEnd(58) +
        `${fast.toFixed(1)} ms`.padStart(12) +
        `${naive.toFixed(1)} ms`.padStart(12) +
        `${(naive / fast).toFixed(1)}x`.padStart(9) +
        `  ${what}`,
    );
  }
  if (render.before !== undefined)
    console.log(`\nfirst paint of the reopened chat: ${render.fast.toFixed(1)} ms; the bundle before, same runs: ${render.before.toFixed(1)} ms`);
  console.log(`\nreopen ${total < 1000 ? 'meets' : 'MISSES'} the 1 s target: ${total.toFixed(1)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
