// The composition root: everything Flashlight is made of is built here, once, in the order it
// depends on, and each feature is handed the few things it uses. No logic lives here, and nothing
// slow is awaited: the model list and the webviews load when first needed, the key and the SDK a
// second after activation (warmUp.ts) or by the first request, whichever comes first.
import * as vscode from 'vscode';
import { AnswerRouter } from './core/answers/answerRouter';
import { PanelAnswers } from './features/answers/panelAnswers';
import type { FlashlightApi } from './host/testApi';
import { ChatController } from './core/chat/chatController';
import { ConversationStore } from './core/chat/conversationStore';
import { chatRequestSettings, registerChat } from './features/chat/registerChat';
import { registerThinkingSwitch } from './features/models/thinkingSwitch';
import { ProposalStore } from './host/editor/proposals';
import { registerCodeActions } from './features/codeActions/register';
import { inlineDiffWanted } from './features/codeActions/settings';
import { explainInPanel } from './features/inlineEdit/explainInPanel';
import { registerInlineEdit } from './features/inlineEdit/registerInlineEdit';
import type { InlineEditJob } from './features/inlineEdit/inlineEditJob';
import { promptForApiKey } from './features/key/apiKeyCommands';
import { chooseModel } from './features/models/chooseModel';
import { ErrorActions } from './features/errorActions/errorActions';
import { KeyedAccess } from './features/key/keyedAccess';
import { registerKey } from './features/key/registerKey';
import { registerModels } from './features/models/registerModels';
import { registerRetirementWarnings } from './features/models/retirementWarnings';
import { withModelFacts } from './features/models/withModelFacts';
import { saveModel } from './features/models/saveModel';
import { retiredModelFailure } from './core/models/retirement';
import { SettingsCache } from './host/settings/settingsCache';
import { ContextAhead } from './host/grounding/gatherAhead';
import { EditorActions } from './host/editor/editorActions';
import { registerExplain } from './features/explain/explain';
import { imageModelCheck } from './features/images/confirmImageModel';
import { chatImageHooks, ImageVault } from './core/images/imageVault';
import { Images, registerImages } from './features/images/registerImages';
import { ShrinkRequests } from './core/images/shrinkRequests';
import { OpenRouterClient } from './core/openrouter/client';
import { redactMessages } from './core/privacy/redactMessages';
import { RelaxOnce } from './core/privacy/providerPolicy';
import { DailyBudget } from './features/budget/dailyBudget';
import { spendTooltip } from './features/budget/spendTooltip';
import { FreeRequestsMemo } from './features/key/freeRequestsMemo';
import { confirmLargeRequests } from './features/privacy/confirmLargeRequest';
import { ModelCatalog } from './core/openrouter/models';
import { fetchBilledCost } from './core/openrouter/generation';
import type { ClientConfig } from './core/openrouter/types';
import { OpenRouterNetwork } from './core/openrouter/network';
import { openaiSdk } from './core/openrouter/openaiSdk';
import { apiKeyFor } from './features/key/apiKeyAccess';
import { ApiKeyStore } from './host/secrets/apiKeyStore';
import type { KeyDeps } from './features/key/keyDeps';
import { WorkspaceSettingsGuard } from './features/settings/workspaceSettingsGuard';
import { testHooksFor } from './core/testHooks';
import { AnswerPanel } from './host/views/answerPanel';
import { ChatViewProvider } from './host/views/chatViewProvider';
import { scheduleWarmUp } from './core/warmUp';
import { registerWarming } from './features/warming/registerWarming';
import { SentRequests } from './core/requestView/sentRequests';
import type { RequestFacts } from './core/requestView/renderRequest';
import { RequestView } from './features/requestView/requestView';
import { askBeforeSecret, ripgrepPath, workspaceTools, type SearchEngine } from './host/tools/workspaceTools';
import { SearchIndex } from './host/tools/searchIndex';
import { answerTools } from './features/tools/answerTools';

export function activate(context: vscode.ExtensionContext): FlashlightApi | undefined {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  // 1. The log, the network, OpenRouter, and the settings (a workspace's model, fallbacks and token
  // limit count only once the user accepted them: the guard asks, once, with the price).
  const log = own(vscode.window.createOutputChannel('Flashlight', { log: true }));
  const logLine = (line: string) => log.info(line);
  // Read once per change, not per use (settingsCache.ts): a request reads them several times.
  const read = own(new SettingsCache());
  // Kept-alive connections under VS Code's own http stack (its proxies and certificates): keptAliveFetch.ts.
  const network = own(new OpenRouterNetwork({ debugLogging: () => read.debugLogging(), log: logLine }));
  // Every request's messages pass the redactor just before they leave (flashlight.redactSecrets).
  // flashlight.budget.dailyUsd: each round's cost counted, the next request refused once today's is spent.
  const budget = own(new DailyBudget({ store: context.globalState, dailyUsd: () => read.settings().budgetDailyUsd }));
  const catalog = new ModelCatalog({ store: context.globalState, fetch: network.fetch, baseUrl: () => read.settings().baseUrl });
  const client = new OpenRouterClient(network.fetch, redactMessages, {
    beforeSend: () => budget.check(),
    // flashlight.confirmAboveTokens: a request larger than that is asked about, with its price.
    confirmSend: confirmLargeRequests({ threshold: () => read.settings().confirmAboveTokens, promptPrice: (model) => catalog.findNow(model)?.promptPrice }),
    onCost: (cost) => void budget.record(cost),
    // A retired model's 404 says so, with the date, and offers the switch (core/models/retirement.ts).
    explainFailure: (failure, request) => retiredModelFailure(failure, request.model, catalog.findNow(request.model), Date.now()),
  });
  const workspaceSettings = own(new WorkspaceSettingsGuard(context.workspaceState, catalog, logLine));
  const userSettings = () => read.settings(workspaceSettings.accepted());
  // A request's read also carries what the cached model list knows of its model (withModelFacts.ts;
  // a stale list is refreshed in the background). Views that only show settings read them plainly.
  const settings = withModelFacts(userSettings, catalog);
  // The cost billed, asked of GET /generation when an answer's usage chunk carried none.
  const billedCost = (config: ClientConfig, id: string) => fetchBilledCost({ fetch: network.fetch, log: logLine }, config, id);
  const pickModel = () => chooseModel(catalog, logLine, userSettings().model);
  // The read-only tools the model may call, for models that take them (features/tools/answerTools.ts).
  // Which way the last search_text ran (the kept index, ripgrep or the JS scan): logged, and read by the integration test.
  let lastSearchEngine: SearchEngine | undefined;
  const engineNames: Record<SearchEngine, string> = {
    index: 'the file texts kept in memory',
    ripgrep: 'ripgrep',
    scan: 'the JS scan (ripgrep missing or failed)',
  };
  const onSearch = (engine: SearchEngine) => {
    if (engine !== lastSearchEngine) logLine(`search_text runs through ${engineNames[engine]}`);
    lastSearchEngine = engine;
  };
  const searchIndex = own(new SearchIndex(ripgrepPath));
  const tools = answerTools(settings, workspaceTools({ allowSecret: askBeforeSecret, onSearch, index: searchIndex }), () => read.context().maxTokens);
  let lastRequestId = 0;
  const nextRequestId = () => ++lastRequestId;

  // 2. The key: stored in SecretStorage, sent only to the origin it belongs to (apiKeyAccess.ts).
  // The free-model requests left, as GET /key last said, for the status bar tooltip.
  const freeRequests = own(new FreeRequestsMemo());
  const key: KeyDeps = {
    keys: new ApiKeyStore(context.secrets, context.globalState),
    client,
    settings,
    log,
    budgetLine: () => budget.describe(),
    freeRequests,
  };
  const spendLines = spendTooltip(budget, freeRequests);
  // "Relax for this request" (flashlight.privacy): armed by the error's button, taken by the retried request's connection.
  const relaxPrivacy = new RelaxOnce();
  const access = new KeyedAccess(client, { settings, keyOrAsk: () => apiKeyFor(key, settings()), relaxPrivacy: () => relaxPrivacy.take() });
  const errorActions = new ErrorActions({
    promptForKey: () => promptForApiKey(key),
    chooseModel: pickModel,
    relaxPrivacy,
    raiseBudget: () => budget.raise(),
    saveModel,
  });

  // 3. The editor side: suggestions as diffs to accept, and Insert/Apply of an answer's code.
  const proposals = own(new ProposalStore(logLine));
  const editor = own(new EditorActions(proposals));
  const shrinks = new ShrinkRequests();
  // Context for a question from the language servers already running, bounded in time
  // (flashlight.context), started as soon as a selection rests so it is in when the user asks.
  const gatherContext = own(new ContextAhead(() => read.context(), logLine)).gather;
  // "View request": the latest answers' requests as sent (after redaction), opened read-only.
  const sentRequests = new SentRequests();
  const keepRequest = (body: Record<string, unknown>, facts: RequestFacts) => sentRequests.keep(body, facts);
  const requestView = new RequestView(sentRequests);
  own(requestView.register());
  const viewRequest = (requestId: number) => void requestView.show(requestId);

  // 4. The answer panel and the chat, and the one decision of where an answer goes.
  const panel = own(
    new AnswerPanel(context.extensionUri, {
      shrunkImage: (reply) => shrinks.settle(reply),
      insertCode: (code) => void editor.insert(code),
      applyCode: (code) => void editor.apply(code),
      viewRequest: (ref) => {
        if ('requestId' in ref) viewRequest(ref.requestId);
      },
    }),
  );
  const panelAnswers = new PanelAnswers({ panel, access, nextRequestId, log: logLine, billedCost, keepRequest, tools });
  own(
    panel.onDidAskErrorAction(
      (action) =>
        void errorActions.run(
          action,
          (model) => panelAnswers.retryLast(model),
          () => panelAnswers.continueLast(),
        ),
    ),
  );
  const store = new ConversationStore(vscode.Uri.joinPath(context.globalStorageUri, 'chats').fsPath);
  const vault = new ImageVault((conversationId) => store.imageDirectory(conversationId));
  const chatView = new ChatViewProvider(context.extensionUri);
  const confirmImageModel = imageModelCheck(catalog, { log: logLine, model: () => settings().model, chooseModel: pickModel });
  const chat = new ChatController({
    client,
    store,
    requestSettings: chatRequestSettings(access, settings),
    nextRequestId,
    post: (message) => chatView.post(message),
    log: logLine,
    confirmImages: (count) => confirmImageModel(count),
    billedCost,
    keepRequest,
    tools,
    ...chatImageHooks(vault, logLine),
  });
  const answers = new AnswerRouter(() => settings().answerDestination, panelAnswers, {
    reveal: () => chatView.reveal(),
    holdImage: (chipId, data) => vault.hold(chipId, data),
    ask: (text, contexts, chips) => chat.ask(text, contexts, chips),
  });
  const images = new Images({ chatView, chat, vault, panel, shrinks, answers, settings, confirmModel: confirmImageModel, log });

  // 5. The contributions.
  context.subscriptions.push(
    ...registerExplain({ answers, settings, gatherContext }),
    ...registerChat({ view: chatView, chat, editor, images, errorActions, shrinks, gatherContext, viewRequest }),
    ...registerImages(images),
    // The chat composer's thinking switch: the level and whether the model takes it, told to the page; a pick saved to the settings.
    ...registerThinkingSwitch({ view: chatView, settings, onDidChangeModels: (listener) => catalog.onDidChange(listener) }),
    ...registerModels({
      catalog,
      settings: userSettings,
      onDidChangeSettings: workspaceSettings.onDidChange,
      chooseModel: pickModel,
      budget: spendLines,
    }),
    ...registerKey(key),
    // The chosen model or a fallback retiring within 30 days (the model list's expiration_date): a quiet warning and the switch.
    ...registerRetirementWarnings({ catalog, models: () => userSettings(), store: context.globalState, log: logLine }),
    // Hints that a request is likely (a selection made, the chat ready) warm the connection, once per idle period.
    ...registerWarming({ warm: () => network.warm(read.settings().baseUrl), onChatMessage: chatView.onDidReceiveMessage }),
    vscode.commands.registerCommand('flashlight.stop', () => panel.cancel()),
    // A second after activation (itself after startup): the key, the SDK and the model list (what
    // the first request sends depends on it), ready for the first Explain; none of it in activate().
    scheduleWarmUp([() => key.keys.get(), () => openaiSdk(), () => catalog.findNow(userSettings().model)], 1000),
  );
  // Flashlight: Edit… and the code actions' inline diff: streamed into the editor, decided there.
  const inlineEdit = registerInlineEdit({
    access,
    settings,
    errorActions,
    log,
    nextRequestId,
    explain: (title, text) => explainInPanel(panel, nextRequestId(), title, text),
    propose: (input) => proposals.propose(input),
    history: context.globalState,
  });
  context.subscriptions.push(...inlineEdit.disposables);
  const inline = { enabled: inlineDiffWanted, start: (job: InlineEditJob) => inlineEdit.edits.start(job) };
  registerCodeActions(context, { access, settings, errorActions, log, nextRequestId, inline, gatherContext }, proposals);

  // Test hooks only under the extension's own tests: every other extension can read what this returns.
  return testHooksFor<FlashlightApi>(context.extensionMode, vscode.ExtensionMode.Test, () => ({
    panelAnswer: () => panel.current,
    isPanelOpen: () => panel.isOpen,
    chat: () => chat.current,
    chatBusy: () => chat.busy,
    activeStreams: () => client.activeStreams,
    chatPending: () => chat.pendingContextChips,
    postFromChat: (message) => chatView.receive(message),
    postFromPanel: (message) => panel.receive(message),
    onPanelPost: panel.onDidPost,
    onPanelMark: panel.onDidMark,
    inlineEdit: (uri) => inlineEdit.edits.view(uri),
    budgetLine: () => budget.describe(),
    spendTooltip: () => spendLines.describe(),
    loadModelList: () => catalog.load().then(() => undefined),
    lastSearchEngine: () => lastSearchEngine,
  }));
}

export function deactivate(): void {}
