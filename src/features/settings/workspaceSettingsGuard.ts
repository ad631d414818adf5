// The `vscode` side of workspaceOverrides.ts: tells the user, once per workspace and quietly, that
// the workspace's `baseUrl`/`debugLogging` are ignored, and asks, once per workspace and choice,
// whether the workspace's model, fallbacks and max tokens may be used (with the model's price).
// Until the user says yes, readSettings() uses the user's own values.
import * as vscode from 'vscode';
import { isFree, pricePerMillion, type ModelCatalog } from '../../core/openrouter/models';
import {
  choiceFingerprint,
  choiceQuestion,
  ignoredNotice,
  isAccepted,
  needsAnswer,
  userOnlyKeys,
  userOnlyKeysIn,
  workspaceChoice,
  workspaceValue,
  type ChoiceDecision,
  type ConfirmedKey,
  type WorkspaceChoice,
} from '../../core/settings/workspaceOverrides';

const decisionKey = 'flashlight.workspaceChoice';
const noticeKey = 'flashlight.ignoredSettingsNotice';
/** How long the question waits for the model list, to show a price, before saying "price unknown". */
const priceWaitMs = 3_000;

export class WorkspaceSettingsGuard implements vscode.Disposable {
  private choice: WorkspaceChoice | undefined;
  private asking = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when what accepted() says changes (the user answered, or the workspace's values changed). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly catalog: ModelCatalog,
    private readonly log: (line: string) => void,
  ) {
    this.choice = this.readChoice();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('flashlight')) this.review();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.review()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.review()),
    );
    // After activation, not during it: nothing here may delay the first request.
    setTimeout(() => this.review(), 0);
  }

  private readChoice(): WorkspaceChoice | undefined {
    const config = vscode.workspace.getConfiguration('flashlight');
    return workspaceChoice((key: ConfirmedKey) => config.inspect(key));
  }

  private review(): void {
    const before = JSON.stringify(this.choice);
    this.choice = this.readChoice();
    if (JSON.stringify(this.choice) !== before) this.changed.fire();
    void this.noticeIgnored().catch((error) => this.log(`workspace settings notice failed: ${String(error)}`));
    void this.askAboutChoice().catch((error) => this.log(`workspace settings question failed: ${String(error)}`));
  }

  /** Once per workspace (and set of keys): the user-only settings the workspace tried to set. */
  private async noticeIgnored(): Promise<void> {
    const keys = await this.attemptedUserOnlyKeys();
    const notice = ignoredNotice(keys);
    if (!notice || this.state.get<string>(noticeKey) === keys.join(',')) return;
    await this.state.update(noticeKey, keys.join(','));
    this.log(`ignored from the workspace's settings: ${keys.map((key) => `flashlight.${key}`).join(', ')}`);
    void vscode.window.showInformationMessage(notice);
  }

  private async attemptedUserOnlyKeys(): Promise<string[]> {
    const config = vscode.workspace.getConfiguration('flashlight');
    const found = new Set<string>(userOnlyKeys.filter((key) => workspaceValue(config.inspect(key)) !== undefined));
    // VS Code leaves application-scoped values out of inspect(): read the files themselves.
    const files: { uri: vscode.Uri; workspaceFile: boolean }[] = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
      uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'),
      workspaceFile: false,
    }));
    const workspaceFile = vscode.workspace.workspaceFile;
    if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, workspaceFile: true });
    for (const file of files) {
      let text: string;
      try {
        const bytes = await vscode.workspace.fs.readFile(file.uri);
        if (bytes.byteLength > 1_000_000) continue;
        text = new TextDecoder().decode(bytes);
      } catch {
        continue; // no such file: nothing set there
      }
      for (const key of userOnlyKeysIn(text, { workspaceFile: file.workspaceFile })) found.add(key);
    }
    return userOnlyKeys.filter((key) => found.has(key));
  }

  /** Once per workspace and choice: may the workspace's model, fallbacks and max tokens be used here? */
  private async askAboutChoice(): Promise<void> {
    const choice = this.choice;
    // In Restricted Mode VS Code itself ignores these workspace values; ask once the folder is trusted.
    if (!choice || this.asking || !vscode.workspace.isTrusted || !needsAnswer(choice, this.state.get<ChoiceDecision>(decisionKey))) return;
    this.asking = true;
    try {
      const ids = [choice.model, ...(Array.isArray(choice.fallbackModels) ? (choice.fallbackModels as unknown[]) : [])].filter(
        (id): id is string => typeof id === 'string',
      );
      // The model list is fetched (no key, from the user's base URL) only when there is a price to show.
      if (ids.some((id) => !this.catalog.find(id))) {
        await Promise.race([this.catalog.load().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, priceWaitMs))]);
      }
      const use = 'Use Them Here';
      const keep = 'Keep Mine';
      const picked = await vscode.window.showInformationMessage(`Flashlight: ${choiceQuestion(choice, (id) => this.priceOf(id))}`, use, keep);
      if (picked !== use && picked !== keep) return; // dismissed: asked again next time
      // The answer is for the choice the user saw; if the workspace changed it meanwhile, ask again.
      await this.state.update(decisionKey, {
        fingerprint: choiceFingerprint(choice),
        answer: picked === use ? 'accepted' : 'declined',
      } satisfies ChoiceDecision);
      this.log(`workspace settings ${picked === use ? 'accepted' : 'declined'}: ${choiceFingerprint(choice)}`);
      this.changed.fire();
    } finally {
      this.asking = false;
    }
    if (needsAnswer(this.choice, this.state.get<ChoiceDecision>(decisionKey))) await this.askAboutChoice();
  }

  private priceOf(id: string): string | undefined {
    const info = this.catalog.find(id);
    if (!info) return undefined;
    return isFree(info) ? 'free' : `${pricePerMillion(info.promptPrice)} in, ${pricePerMillion(info.completionPrice)} out per 1M tokens`;
  }

  /** Whether the user said yes to this workspace's cost settings as they are now: readSettings() then reads them. */
  accepted(): boolean {
    return isAccepted(this.choice, this.state.get<ChoiceDecision>(decisionKey));
  }

  dispose(): void {
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
