// The composer's thinking switch: a compact select of the five levels (Auto, Fast = minimal, Low,
// Medium, High) showing flashlight.reasoningEffort as the extension last told it. Picking one asks
// the extension to save it; the select then shows what the extension tells back. Hidden until told,
// and whenever the chosen model takes no `reasoning` (nothing would be sent).
import { DomIds, thinkingLevelLabels, thinkingLevels, type ThinkingLevel } from '../protocol';
import { post } from './vscodeApi';

export class ThinkingSwitch {
  readonly element: HTMLSelectElement;

  constructor(document: Document) {
    const select = document.createElement('select');
    select.id = DomIds.thinkingLevel;
    select.className = 'thinking-level';
    select.setAttribute('aria-label', 'Thinking level');
    select.title = 'Thinking level: how much the model thinks before answering';
    for (const level of thinkingLevels) {
      const option = document.createElement('option');
      option.value = level;
      option.textContent = thinkingLevelLabels[level];
      select.append(option);
    }
    select.hidden = true;
    select.addEventListener('change', () => post({ type: 'setThinkingLevel', level: select.value as ThinkingLevel }));
    this.element = select;
  }

  show(level: ThinkingLevel, takesReasoning: boolean): void {
    this.element.value = level;
    this.element.hidden = !takesReasoning;
  }
}
