// The requests behind the latest answers, kept so "View request" can show exactly what was sent.
// Bounded: only the latest `limit` answers are kept, each as its rendered document (images as
// their type and size, so a request's base64 is not held). Pure: no `vscode`.
import { renderRequest, type RequestFacts } from './renderRequest';

export const keptRequests = 20;

export class SentRequests {
  private readonly documents = new Map<number, string>();

  constructor(private readonly limit = keptRequests) {}

  keep(body: Record<string, unknown>, facts: RequestFacts): void {
    this.documents.delete(facts.requestId);
    this.documents.set(facts.requestId, renderRequest(body, facts));
    // A Map iterates in insertion order: the first key is the oldest answer.
    while (this.documents.size > this.limit) this.documents.delete(this.documents.keys().next().value as number);
  }

  /** The document for an answer, or undefined when it was never kept or is too old. */
  get(requestId: number): string | undefined {
    return this.documents.get(requestId);
  }
}
