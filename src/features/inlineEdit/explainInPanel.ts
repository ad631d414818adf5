// A reply that is not code (the model refused, or explained instead) is shown in the answer panel
// as an explanation: read, never written to the file.
import type { AnswerPanel } from '../../host/views/answerPanel';
import type { RestoredAnswer } from '../../protocol';

export function explainInPanel(panel: AnswerPanel, requestId: number, title: string, text: string): void {
  const record: RestoredAnswer = { requestId, question: { title }, reasoning: '', text, state: 'done' };
  panel.begin(record);
  // A panel not open yet repaints from the record when its webview says it is ready.
  void panel.post({ type: 'start', requestId, question: record.question });
  void panel.post({ type: 'delta', requestId, text });
  void panel.post({ type: 'done', requestId, stats: {}, stopped: false });
  panel.reveal();
}
