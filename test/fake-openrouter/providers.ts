// Provider routing by data policy: a request's `provider.data_collection: "deny"` and
// `provider.zdr: true` leave only the endpoints that meet them. A scenario says what the scripted
// model's endpoints offer (`dataPolicy`); when none meets the request, OpenRouter answers 404
// "No endpoints found matching your data policy …" (its words, as users report them), before any
// stream starts. Pure: server.ts writes the reply.
import { errorBody, type ErrorReply } from './wire';
import type { ResolvedScenario } from './scenario';

export const privacySettingsUrl = 'https://openrouter.ai/settings/privacy';

/** The 404 a request gets when the model's endpoints cannot meet its provider preferences; undefined when they can. */
export function dataPolicyRefusal(s: ResolvedScenario, body: Record<string, unknown>): ErrorReply | undefined {
  const provider = body.provider;
  if (typeof provider !== 'object' || provider === null || Array.isArray(provider)) return undefined;
  const wants = provider as { data_collection?: unknown; zdr?: unknown };
  const offers = s.dataPolicy ?? {};
  const unmet =
    wants.zdr === true && offers.zeroRetention === false
      ? 'Zero data retention'
      : wants.data_collection === 'deny' && offers.noTraining === false
        ? 'No data collection'
        : undefined;
  if (!unmet) return undefined;
  const message = `No endpoints found matching your data policy (${unmet}). Check your settings: ${privacySettingsUrl}`;
  return { status: 404, headers: {}, body: errorBody(404, message) };
}
