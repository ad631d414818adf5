// The sidebar chat: the conversation's turns, the list of earlier chats, and the composer. It is
// repainted from `chatState`; finished turns already on screen are kept as they are, and only
// the streaming answer receives deltas.
import { ThinkingSwitch } from './thinkingSwitch';
import { DomIds, type ChatStateView, type ChatTurn, type ConversationSummary, type ExtensionToWebview } from '../protocol';
import type { AnswerView } from './answerView';
import { answerViewFor } from './answerViewFactory';
import { AutoScroll } from './autoScroll';
import { handleCodeBlockClicks } from './codeBlockActions';
import { Composer } from './composer';
import type { Sanitizer } from './sanitize';
import { post } from './vscodeApi';

interface TurnElement {
  element: HTMLElement;
  requestId?: number;
  view?: AnswerView;
}

export function startChatApp(sanitizer: Sanitizer): void {
  const root = document.getElementById(DomIds.root)!;
  // Built before the page below replaces the HTML's early composer, whose input it adopts.
  const composer = new Composer(document, document.getElementById(DomIds.composerInput) as HTMLTextAreaElement | null);
  root.classList.add('chat');
  root.innerHTML = `
    <header class="chat-header">
      <button type="button" class="chat-title link-button" data-chat="toggle-history" aria-expanded="false" aria-controls="flashlight-history" title="Earlier chats"><span class="codicon codicon-history" aria-hidden="true"></span> <span class="chat-title-text">New chat</span></button>
    </header>
    <nav id="flashlight-history" class="chat-history" aria-label="Earlier chats" hidden></nav>
    <div id="${DomIds.chatLog}" class="chat-log" role="log" aria-live="polite" aria-label="Conversation"></div>
    <div class="notice" role="alert" hidden></div>`;
  const log = root.querySelector<HTMLElement>(`#${DomIds.chatLog}`)!;
  const historyList = root.querySelector<HTMLElement>('.chat-history')!;
  const historyToggle = root.querySelector<HTMLElement>('[data-chat="toggle-history"]')!;
  const titleText = root.querySelector<HTMLElement>('.chat-title-text')!;
  const notice = root.querySelector<HTMLElement>('.notice')!;
  const thinking = new ThinkingSwitch(document);
  composer.addToBar(thinking.element);
  root.append(composer.element);
  composer.resumeFocus();
  const autoScroll = new AutoScroll(log, window, log);
  const turns = new Map<string, TurnElement>();
  let live: { requestId: number; view: AnswerView } | undefined;
  let state: ChatStateView | undefined;
  /** How many of the last turns are rendered before the first paint; older ones follow. */
  const eagerTurns = 8;

  function answerView(requestId: number): AnswerView {
    return answerViewFor(requestId, { title: '' }, sanitizer, autoScroll, { showStopButton: false });
  }

  function userTurnElement(turn: Extract<ChatTurn, { role: 'user' }>): HTMLElement {
    const element = document.createElement('section');
    element.className = 'turn turn-user';
    element.setAttribute('aria-label', 'You');
    for (const chip of turn.contexts) {
      const label = document.createElement('div');
      label.className = 'turn-context';
      label.innerHTML = '<span class="codicon codicon-file-code" aria-hidden="true"></span> ';
      label.append(document.createTextNode(chip.label));
      element.append(label);
    }
    for (const image of turn.images) {
      const thumbnail = document.createElement('img');
      thumbnail.className = 'turn-image';
      thumbnail.src = image.thumbnail;
      thumbnail.alt = image.name;
      thumbnail.title = image.note ? `${image.name} (${image.note})` : image.name;
      element.append(thumbnail);
    }
    const text = document.createElement('div');
    text.className = 'turn-text';
    text.textContent = turn.text;
    const edit = toolButton('edit', 'Edit and resend', 'edit');
    edit.dataset.turn = turn.id;
    element.append(text, toolbar(edit));
    return element;
  }

  /**
   * Older answers of a reopened chat are rendered after the first paint, newest first, a few per
   * task: the person sees the end of the conversation at once and the page never blocks.
   */
  const deferred: Array<() => void> = [];
  const deferredThisRender: Array<() => void> = [];
  function renderDeferred(): void {
    const started = performance.now();
    while (deferred.length && performance.now() - started < 12) deferred.shift()!();
    if (deferred.length) setTimeout(renderDeferred, 0);
  }

  function assistantTurnElement(turn: Extract<ChatTurn, { role: 'assistant' }>, defer: boolean): TurnElement {
    const element = document.createElement('section');
    element.className = 'turn turn-assistant';
    element.setAttribute('aria-label', 'Flashlight');
    element.dataset.turnId = turn.id; // what its code blocks' Copy / Insert / Apply name
    const view = answerView(turn.answer.requestId);
    if (defer && turn.answer.state !== 'streaming') deferredThisRender.push(() => view.restore(turn.answer));
    else view.restore(turn.answer);
    const copy = toolButton('copy', 'Copy answer', 'copy');
    const retry = toolButton('refresh', 'Retry', 'retry');
    copy.dataset.turn = retry.dataset.turn = turn.id;
    element.append(view.element, toolbar(copy, retry));
    return { element, requestId: turn.answer.requestId, view };
  }

  function unansweredElement(turnId: string): HTMLElement {
    const element = document.createElement('section');
    element.className = 'turn turn-assistant turn-missing';
    element.textContent = 'No answer: the window closed while it was coming. ';
    const retry = toolButton('refresh', 'Retry', 'retry');
    retry.dataset.turn = turnId;
    element.append(retry);
    return element;
  }

  function toolButton(icon: string, label: string, action: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'icon-button';
    button.dataset.chat = action;
    button.title = label;
    button.setAttribute('aria-label', label);
    button.innerHTML = `<span class="codicon codicon-${icon}" aria-hidden="true"></span>`;
    return button;
  }

  function toolbar(...buttons: HTMLElement[]): HTMLElement {
    const bar = document.createElement('div');
    bar.className = 'turn-toolbar';
    bar.append(...buttons);
    return bar;
  }

  function renderState(next: ChatStateView, history: ConversationSummary[]): void {
    const switched = state?.id !== next.id;
    state = next;
    titleText.textContent = next.title;
    composer.setBusy(next.busy);
    if (switched) turns.clear();
    const children: HTMLElement[] = [];
    if (next.trimmedTurns > 0) {
      const trimmed = document.createElement('div');
      trimmed.className = 'trimmed';
      trimmed.textContent = `The ${next.trimmedTurns} oldest messages were left out of the last request to fit the model's context window.`;
      children.push(trimmed);
    }
    const seen = new Set<string>();
    next.turns.forEach((turn, index) => {
      seen.add(turn.id);
      let entry = turns.get(turn.id);
      const reusable = entry && (turn.role === 'user' || entry.requestId === turn.answer.requestId);
      if (!reusable) {
        entry = turn.role === 'user' ? { element: userTurnElement(turn) } : assistantTurnElement(turn, index < next.turns.length - eagerTurns);
        turns.set(turn.id, entry);
      }
      children.push(entry!.element);
      if (turn.role === 'assistant' && turn.answer.state === 'streaming') live = { requestId: turn.answer.requestId, view: entry!.view! };
      const nextTurn = next.turns[index + 1];
      if (turn.role === 'user' && (!nextTurn || nextTurn.role === 'user') && !next.busy) children.push(unansweredElement(turn.id));
    });
    for (const id of [...turns.keys()]) if (!seen.has(id)) turns.delete(id);
    if (!next.turns.length) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'Ask about your code. Attach the selection or the file with the buttons below, or paste a screenshot.';
      children.push(empty);
    }
    log.replaceChildren(...children);
    // Newest first: they are nearest the bottom, where the person looks.
    deferred.unshift(...deferredThisRender.reverse());
    deferredThisRender.length = 0;
    if (deferred.length) setTimeout(renderDeferred, 0);
    renderHistory(history);
    if (switched) autoScroll.resume();
    autoScroll.afterRender();
  }

  function renderHistory(history: ConversationSummary[]): void {
    const items = history.map((entry) => {
      const row = document.createElement('div');
      row.className = `history-item${entry.id === state?.id ? ' current' : ''}`;
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'link-button history-open';
      open.dataset.chat = 'open';
      open.dataset.id = entry.id;
      open.textContent = entry.title;
      open.title = `${entry.title}: ${new Date(entry.updatedAt).toLocaleString()}, ${entry.turnCount} messages`;
      const remove = toolButton('trash', `Delete chat ${entry.title}`, 'delete');
      remove.dataset.id = entry.id;
      row.append(open, remove);
      return row;
    });
    if (!items.length) {
      const none = document.createElement('p');
      none.className = 'empty';
      none.textContent = 'No earlier chats.';
      items.push(none);
    }
    historyList.replaceChildren(...items);
  }

  function showNotice(text: string, severity: string): void {
    notice.textContent = text;
    notice.dataset.severity = severity;
    notice.hidden = false;
    setTimeout(() => (notice.hidden = true), 8000);
  }

  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-chat]');
    if (!button) return;
    const turnId = button.dataset.turn;
    switch (button.dataset.chat) {
      case 'new':
        post({ type: 'chatNew' });
        composer.focus();
        break;
      case 'toggle-history': {
        historyList.hidden = !historyList.hidden;
        historyToggle.setAttribute('aria-expanded', String(!historyList.hidden));
        break;
      }
      case 'open':
        post({ type: 'chatOpen', id: button.dataset.id! });
        historyList.hidden = true;
        historyToggle.setAttribute('aria-expanded', 'false');
        break;
      case 'delete':
        post({ type: 'chatDelete', id: button.dataset.id! });
        break;
      case 'retry':
        if (turnId) post({ type: 'chatRetry', turnId });
        break;
      case 'edit':
        if (turnId) post({ type: 'chatEdit', turnId });
        break;
      case 'copy': {
        // The whole answer, as the extension recorded it.
        if (turnId) post({ type: 'copy', answer: { turnId } });
        break;
      }
    }
  });

  window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
    const message = event.data;
    switch (message.type) {
      case 'chatState':
        renderState(message.chat, message.history);
        break;
      case 'composerAdd':
        composer.add(message.contexts, message.images);
        break;
      case 'composerClear':
        composer.clearAttachments();
        break;
      case 'composerSet':
        if (message.editTurnId) composer.edit(message.editTurnId, message.text, message.contexts, message.images);
        else composer.set(message.text, message.contexts, message.images);
        break;
      case 'focusComposer':
        composer.focus();
        break;
      case 'composerTyped':
        composer.takeTyped(message.text, message.then);
        break;
      case 'thinkingLevel':
        thinking.show(message.level, message.takesReasoning);
        break;
      case 'notice':
        showNotice(message.text, message.severity);
        break;
      default:
        if (message.type === 'cost') costFor(message);
        else if ('requestId' in message && live?.requestId === message.requestId) live.view.receive(message);
    }
  });

  /** A billed cost arrives after its answer finished, when another may be live: its own turn takes it. */
  function costFor(message: Extract<ExtensionToWebview, { type: 'cost' }>): void {
    for (const entry of turns.values()) if (entry.requestId === message.requestId) entry.view?.receive(message);
  }

  handleCodeBlockClicks(root, (element) => {
    const turnId = element.closest<HTMLElement>('.turn-assistant')?.dataset.turnId;
    return turnId ? { turnId } : undefined;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state?.busy) post({ type: 'stop', requestId: -1 });
  });
  post({ type: 'ready' });
}
