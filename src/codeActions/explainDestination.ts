// The one place that decides where an explanation from a code action goes. Today that is the
// answer panel; when the sidebar chat lands, a setting read here can send it there instead, and
// no caller changes.
import { runInPanel, type PanelRun } from '../commands/runInPanel';
import type { Services } from '../services';

export type ExplanationRun = PanelRun;

export function deliverExplanation(services: Services, run: ExplanationRun): Promise<void> {
  return runInPanel(services, run);
}
