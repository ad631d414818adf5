// Does the chosen model take images? OpenRouter's model list says so under
// `architecture.input_modalities`. Pure: the verdict and the model to offer instead.
import { isGeminiFlash, type ModelInfo } from '../openrouter/models';

export type ImageSupport = { kind: 'yes' } | { kind: 'unknown' } | { kind: 'no'; model: ModelInfo; suggestion?: ModelInfo };

/** `models` sorted as the picker sorts them (Gemini Flash first). An unlisted model is `unknown`: it is sent. */
export function imageSupport(modelId: string, models: ModelInfo[]): ImageSupport {
  const model = models.find((candidate) => candidate.id === modelId);
  if (!model) return { kind: 'unknown' };
  if (model.takesImages) return { kind: 'yes' };
  const suggestion =
    models.find((candidate) => candidate.takesImages && isGeminiFlash(candidate.id) && !candidate.id.endsWith(':free')) ??
    models.find((candidate) => candidate.takesImages);
  return { kind: 'no', model, suggestion };
}

export type ModelWarningAnswer = 'useSuggested' | 'chooseModel' | 'sendAnyway' | 'cancel';

export function modelWarningText(support: Extract<ImageSupport, { kind: 'no' }>, imageCount: number): string {
  const images = imageCount === 1 ? 'the image' : `the ${imageCount} images`;
  return `Flashlight: ${support.model.name} (${support.model.id}) does not take images, so ${images} would be ignored or refused. Nothing is sent until you choose.`;
}
