// The settings a request is made of, plus what the cached model list knows of the chosen model
// (its supported_parameters, so `reasoning` goes only to a model that takes it). Read at once from
// the cache: a missing or stale list is refreshed in the background and never delays a request.
import type { ModelCatalog } from '../../core/openrouter/models';

export function withModelFacts<S extends { model: string }>(
  read: () => S,
  catalog: Pick<ModelCatalog, 'findNow'>,
): () => S & { modelParameters: readonly string[] | undefined } {
  return () => {
    const settings = read();
    return { ...settings, modelParameters: catalog.findNow(settings.model)?.supportedParameters };
  };
}
