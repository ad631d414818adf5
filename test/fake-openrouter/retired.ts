// A retired model, as OpenRouter answers it: once a model's `expiration_date` (models.ts) has
// passed, no provider serves it, and a request for it alone gets 404 "No endpoints found for
// <model>." before any stream starts. A request whose `models` chain still holds a live model is
// left to be answered (OpenRouter falls through to it). Pure: server.ts writes the reply.
import { MODELS } from './models';
import { errorBody, type ErrorReply } from './wire';

function retiredBy(id: string, now: number): boolean {
  const expires = MODELS.find((model) => model.id === id)?.expiration_date;
  return expires !== null && expires !== undefined && Date.parse(`${expires}T00:00:00Z`) <= now;
}

/** The 404 for a request whose every model has retired; undefined when some model can still answer. */
export function retiredModelRefusal(body: Record<string, unknown>, now = Date.now()): ErrorReply | undefined {
  const chain = Array.isArray(body.models) ? body.models.filter((id): id is string => typeof id === 'string') : [];
  const asked = chain.length ? chain : typeof body.model === 'string' ? [body.model] : [];
  if (!asked.length || !asked.every((id) => retiredBy(id, now))) return undefined;
  return { status: 404, headers: {}, body: errorBody(404, `No endpoints found for ${asked[0]}.`) };
}
