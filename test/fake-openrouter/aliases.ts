// How OpenRouter answers a `~` alias: the alias is resolved per request to the concrete model it
// targets today, and the chunks (and the generation record) name that concrete model, not the
// alias that was asked for. The fake's /models already says what each alias targets
// (`alias_target`, models.ts); this reads it. Any other id is answered under its own name.
import { MODELS } from './models';

/** The concrete model that answers a request for `model`: an alias's target, else `model` itself. */
export function answeringModel(model: string): string {
  if (!model.startsWith('~')) return model;
  return MODELS.find((entry) => entry.id === model)?.alias_target?.slug ?? model;
}
