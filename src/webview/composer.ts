// The chat composer: a multi-line input (Enter sends, Shift+Enter breaks the line), removable
// chips for attached code and images, and buttons to attach more. Attachments live in the
// extension; the composer holds their ids and shows their labels.
import { DomIds, type CaughtTextThen, type ContextChip, type ImageChip } from '../protocol';

/** The early input's mark (host/views/earlyComposer.ts; the webview bundle may not import host code). */
const earlyInputAttribute = 'data-early';
import { post } from './vscodeApi';

const maxPasteBytes = 40 * 1024 * 1024;

export class Composer {
  readonly element: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly chips: HTMLElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly editingBanner: HTMLElement;
  private readonly contexts = new Map<string, ContextChip>();
  private readonly images = new Map<string, ImageChip>();
  private editingTurnId: string | undefined;
  /** The early input's focus and caret when it was adopted, given back by `resumeFocus`. */
  private earlyFocus: { start: number; end: number; direction: 'forward' | 'backward' | 'none' } | undefined;
  private sendOnAdoption = false;

  /**
   * `earlyInput`: the input the page's HTML already had (host/views/earlyComposer.ts), maybe focused
   * and holding what the person typed while this bundle loaded. It takes the place of the input
   * built here, with its text, and is marked adopted so its early script stops acting.
   */
  constructor(
    private readonly document: Document,
    earlyInput?: HTMLTextAreaElement | null,
  ) {
    const form = document.createElement('form');
    form.id = DomIds.composer;
    form.className = 'composer';
    form.setAttribute('aria-label', 'Message Flashlight');
    form.innerHTML = `
      <div class="composer-editing" hidden><span>Editing a message: sending replaces it and what followed.</span> <button type="button" class="link-button" data-composer="cancel-edit">Cancel</button></div>
      <div class="composer-chips" role="list" aria-label="Attached context"></div>
      <textarea id="${DomIds.composerInput}" rows="3" aria-label="Ask Flashlight about your code" placeholder="Ask about your code… Enter to send, Shift+Enter for a new line"></textarea>
      <div class="composer-bar">
        <button type="button" class="icon-button" data-composer="attach-selection" title="Attach the editor's selection" aria-label="Attach the editor's selection"><span class="codicon codicon-selection" aria-hidden="true"></span></button>
        <button type="button" class="icon-button" data-composer="attach-file" title="Attach the current file" aria-label="Attach the current file"><span class="codicon codicon-file-code" aria-hidden="true"></span></button>
        <button type="button" class="icon-button" data-composer="attach-image" title="Attach an image" aria-label="Attach an image"><span class="codicon codicon-file-media" aria-hidden="true"></span></button>
        <span class="spacer"></span>
        <button type="button" class="secondary-button" id="${DomIds.stop}" data-composer="stop" hidden><span class="codicon codicon-debug-stop" aria-hidden="true"></span> Stop</button>
        <button type="submit" class="primary-button" id="${DomIds.send}" aria-label="Send message"><span class="codicon codicon-send" aria-hidden="true"></span> Send</button>
      </div>`;
    this.element = form;
    this.input = this.adopt(form.querySelector('textarea')!, earlyInput);
    this.chips = form.querySelector('.composer-chips')!;
    this.stopButton = form.querySelector(`#${DomIds.stop}`)!;
    this.editingBanner = form.querySelector('.composer-editing')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      } else if (event.key === 'Escape' && this.editingTurnId) {
        this.cancelEdit();
      }
    });
    form.addEventListener('click', (event) => this.onClick(event));
    this.input.addEventListener('paste', (event) => this.onPaste(event));
    form.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    form.addEventListener('drop', (event) => this.onDrop(event));
  }

  focus(): void {
    this.input.focus();
  }

  /**
   * What the person typed into the extension's key catcher before this page existed: it was typed
   * first, so it goes before anything typed here since; the caret goes to the end.
   */
  takeTyped(text: string, then: CaughtTextThen): void {
    this.input.value = text + this.input.value;
    if (then === 'send') this.send();
    if (then === 'none') return;
    this.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  /** Puts a control (the thinking switch) in the bar, after the attach buttons. */
  addToBar(control: HTMLElement): void {
    this.element.querySelector('.composer-bar .spacer')!.before(control);
  }

  /**
   * Once the form is in the page: the early input gets back the focus it had, with its caret, in
   * the same task as it was moved (so no keystroke falls between), and an Enter pressed before the
   * bundle could send is acted on now.
   */
  resumeFocus(): void {
    const early = this.earlyFocus;
    this.earlyFocus = undefined;
    if (early) {
      this.input.focus();
      this.input.setSelectionRange(early.start, early.end, early.direction);
    }
    if (this.sendOnAdoption) {
      this.sendOnAdoption = false;
      this.send();
    }
  }

  private adopt(built: HTMLTextAreaElement, early: HTMLTextAreaElement | null | undefined): HTMLTextAreaElement {
    if (!early?.hasAttribute(earlyInputAttribute)) return built;
    if (this.document.activeElement === early) this.earlyFocus = { start: early.selectionStart, end: early.selectionEnd, direction: early.selectionDirection };
    this.sendOnAdoption = early.hasAttribute('data-send-pending');
    for (const { name, value } of Array.from(built.attributes)) early.setAttribute(name, value);
    early.removeAttribute(earlyInputAttribute);
    early.removeAttribute('data-send-pending');
    built.replaceWith(early);
    return early;
  }

  setBusy(busy: boolean): void {
    this.stopButton.hidden = !busy;
  }

  add(contexts: ContextChip[], images: ImageChip[]): void {
    for (const chip of contexts) this.contexts.set(chip.id, chip);
    for (const chip of images) this.images.set(chip.id, chip);
    this.renderChips();
  }

  /** New Chat: the extension freed the attachments, so their chips go; the typed text stays. */
  clearAttachments(): void {
    this.contexts.clear();
    this.images.clear();
    this.renderChips();
  }

  /** Fills the composer with a sent message, to edit and resend it. */
  edit(turnId: string, text: string, contexts: ContextChip[], images: ImageChip[]): void {
    this.editingTurnId = turnId;
    this.editingBanner.hidden = false;
    this.contexts.clear();
    this.images.clear();
    this.input.value = text;
    this.add(contexts, images);
    this.focus();
  }

  set(text: string, contexts: ContextChip[], images: ImageChip[]): void {
    this.input.value = text;
    this.add(contexts, images);
  }

  private cancelEdit(): void {
    this.editingTurnId = undefined;
    this.editingBanner.hidden = true;
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim() && !this.contexts.size && !this.images.size) return;
    post({ type: 'chatSend', text, contextIds: [...this.contexts.keys()], imageIds: [...this.images.keys()], replaceTurnId: this.editingTurnId });
    this.input.value = '';
    this.contexts.clear();
    this.images.clear();
    this.cancelEdit();
    this.renderChips();
  }

  private onClick(event: MouseEvent): void {
    const target = (event.target as Element).closest('[data-composer]');
    switch (target?.getAttribute('data-composer')) {
      case 'attach-selection':
        post({ type: 'attachContext', kind: 'selection' });
        break;
      case 'attach-file':
        post({ type: 'attachContext', kind: 'file' });
        break;
      case 'attach-image':
        post({ type: 'attachImage' });
        break;
      case 'stop':
        post({ type: 'stop', requestId: -1 });
        break;
      case 'cancel-edit':
        this.cancelEdit();
        break;
      case 'remove-chip': {
        const id = target.getAttribute('data-id')!;
        this.contexts.delete(id);
        this.images.delete(id);
        post({ type: 'removeAttachment', id });
        this.renderChips();
        this.focus();
        break;
      }
    }
  }

  private onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
    if (!files.length) return;
    event.preventDefault();
    for (const file of files) void this.sendImageFile(file);
  }

  private onDrop(event: DragEvent): void {
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    for (const file of files) void this.sendImageFile(file);
  }

  /** The extension checks type and size, and shrinks; the webview only reads the bytes. */
  private async sendImageFile(file: File): Promise<void> {
    if (file.size > maxPasteBytes) {
      post({ type: 'pasteImage', name: file.name || 'pasted image', mimeType: file.type, base64: '' });
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
    post({ type: 'pasteImage', name: file.name || 'pasted image', mimeType: file.type, base64: btoa(binary) });
  }

  private renderChips(): void {
    const chips: HTMLElement[] = [];
    for (const chip of this.contexts.values()) chips.push(this.chip(chip.id, chip.label, chip.kind === 'file' ? 'file-code' : 'selection'));
    for (const chip of this.images.values()) {
      const element = this.chip(chip.id, chip.note ? `${chip.name} (${chip.note})` : chip.name, undefined);
      const image = this.document.createElement('img');
      image.src = chip.thumbnail;
      image.alt = '';
      image.className = 'chip-thumbnail';
      element.prepend(image);
      chips.push(element);
    }
    this.chips.replaceChildren(...chips);
  }

  private chip(id: string, label: string, icon: string | undefined): HTMLElement {
    const element = this.document.createElement('span');
    element.className = 'chip';
    element.setAttribute('role', 'listitem');
    if (icon) {
      const glyph = this.document.createElement('span');
      glyph.className = `codicon codicon-${icon}`;
      glyph.setAttribute('aria-hidden', 'true');
      element.append(glyph);
    }
    const text = this.document.createElement('span');
    text.className = 'chip-label';
    text.textContent = label;
    const remove = this.document.createElement('button');
    remove.type = 'button';
    remove.className = 'chip-remove';
    remove.dataset.composer = 'remove-chip';
    remove.dataset.id = id;
    remove.setAttribute('aria-label', `Remove ${label}`);
    remove.title = 'Remove';
    remove.innerHTML = '<span class="codicon codicon-close" aria-hidden="true"></span>';
    element.append(text, remove);
    return element;
  }
}
