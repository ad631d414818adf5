// The one place an error's button is acted on, whether it was clicked in the panel, in the chat or
// in a notification (a code action's failure): set the key and try again, retry, open the
// settings, add credits, choose another model. Each caller passes its own "try again".
import * as vscode from 'vscode';
import type { ErrorAction } from '../../protocol';
import type { RelaxOnce } from '../../core/privacy/providerPolicy';
import { latestFlash } from '../../core/models/retirement';

export const creditsUrl = 'https://openrouter.ai/settings/credits';

export interface ErrorActionDeps {
  /** Asks for a key (checked before it is stored); resolves with it, or undefined when declined. */
  promptForKey(): Promise<string | undefined>;
  /** The model picker; resolves with the chosen id, or undefined. */
  chooseModel(): Promise<string | undefined>;
  /** "Relax for this request": the next connection, the retried request, goes without `flashlight.privacy`. */
  relaxPrivacy: Pick<RelaxOnce, 'arm' | 'disarm'>;
  /** "Raise today's budget" (flashlight.budget.dailyUsd), before the request is tried again. */
  raiseBudget(): Promise<void>;
  /** Saves `id` as flashlight.model (features/models/saveModel.ts). */
  saveModel(id: string): Promise<void>;
}

/** The button labels, for notifications (webviews label their own buttons). */
export const errorActionLabels: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  retry: 'Retry',
  openSettings: 'Open Settings',
  addCredits: 'Add Credits',
  chooseModel: 'Choose Model',
  continue: 'Continue',
  relaxPrivacy: 'Relax for this request',
  raiseBudget: 'Raise today’s budget',
  switchToLatest: `Switch to ${latestFlash}`,
};

export class ErrorActions {
  constructor(private readonly deps: ErrorActionDeps) {}

  /** `continueAnswer`: the caller's Continue (the rest of a cut-off answer); without one, Continue retries. */
  async run(action: ErrorAction, retry: (model?: string) => unknown, continueAnswer: () => unknown = retry): Promise<void> {
    switch (action) {
      case 'setApiKey':
        if (await this.deps.promptForKey()) await retry();
        return;
      case 'retry':
        await retry();
        return;
      case 'continue':
        await continueAnswer();
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight');
        return;
      case 'addCredits':
        await vscode.env.openExternal(vscode.Uri.parse(creditsUrl));
        return;
      case 'chooseModel':
        await this.deps.chooseModel();
        return;
      case 'switchToLatest':
        // The user asked a question, not for a setting: the alias is saved and the same question
        // asked again with it at once (a caller whose request was built earlier is given the model).
        await this.deps.saveModel(latestFlash);
        await retry(latestFlash);
        return;
      case 'raiseBudget':
        await this.deps.raiseBudget();
        await retry();
        return;
      case 'relaxPrivacy':
        // Armed for the one retried request only: whatever the retry does, nothing later is relaxed.
        this.deps.relaxPrivacy.arm();
        try {
          await retry();
        } finally {
          this.deps.relaxPrivacy.disarm();
        }
        return;
    }
  }
}
