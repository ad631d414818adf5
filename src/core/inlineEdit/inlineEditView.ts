// What the integration tests and the benchmark read of an edit in place (plain data, no vscode).
import type { RowPaint } from './rowPaint';
import type { SessionState } from './session';

export interface InlineEditView {
  state: SessionState;
  rangeChanged: boolean;
  startLine: number;
  newLines: string[];
  paint: RowPaint[];
  /**
   * performance.now() of the first content delta, of the delta that completed the first code line,
   * and of the first paint that drew a changed row (its decorations set).
   */
  firstContentAt?: number;
  firstLineAt?: number;
  firstPaintAt?: number;
}
