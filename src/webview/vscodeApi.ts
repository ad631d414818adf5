// The typed bridge to the extension: the only place the webview posts messages.
import type { WebviewToExtension } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewToExtension): void {
  api.postMessage(message);
}
