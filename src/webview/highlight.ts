// Syntax highlighting for closed code fences, by their declared language only: auto-detection
// runs every grammar over the code and is the slowest thing a chat renderer can do.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const grammars = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust, sql, swift, typescript, xml, yaml };
let registered = false;

/**
 * The grammars are registered on the first code block, not when the page loads: running the 21
 * grammar definitions was ~30 ms of a first answer panel's start, before its first paint. All at
 * once, because some embed others (xml holds css and javascript), as they did registered up front.
 */
function registerGrammars(): void {
  if (registered) return;
  registered = true;
  for (const [name, grammar] of Object.entries(grammars)) hljs.registerLanguage(name, grammar);
}

// VS Code language ids that highlight.js knows by another name.
const aliases: Record<string, string> = {
  typescriptreact: 'typescript',
  tsx: 'typescript',
  javascriptreact: 'javascript',
  jsx: 'javascript',
  shellscript: 'bash',
  sh: 'bash',
  zsh: 'bash',
  html: 'xml',
  jsonc: 'json',
};

export function languageName(declared: string): string | undefined {
  const id = declared.trim().toLowerCase().split(/[\s{]/)[0] ?? '';
  const name = aliases[id] ?? id;
  if (!name) return undefined;
  registerGrammars();
  // highlight.js also knows each grammar's own aliases (ts, py, yml…).
  return hljs.getLanguage(name) ? name : undefined;
}

/** Highlighted HTML for the code, or undefined when the language is unknown (shown as plain text). */
export function highlightCode(code: string, declared: string): string | undefined {
  const name = languageName(declared);
  if (!name) return undefined;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}

const prepared = new Set<string>();

/**
 * highlight.js compiles a grammar the first time it is used, a few milliseconds that would land on
 * the frame where a fence closes. Called when a fence opens, this compiles it while the code is
 * still streaming, when the page is idle.
 */
export function prepareLanguage(declared: string): void {
  const name = languageName(declared);
  if (!name || prepared.has(name)) return;
  prepared.add(name);
  const whenIdle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 0));
  whenIdle(() => hljs.highlight('', { language: name, ignoreIllegals: true }), { timeout: 1000 });
}
