// The "Explain Selection" prompt.
import type { ChatMessage } from '../openrouter/types';
import { describeLocation, fencedCode, type CodeContext } from './code';
import { systemPrompt } from './system';

export interface ImagePart {
  mimeType: string;
  base64: string;
}

export function explainMessages(context: CodeContext | undefined, images: ImagePart[] = [], note?: string): ChatMessage[] {
  const text = context
    ? [
        `Explain this ${context.languageId} code from ${describeLocation(context)}: what it does, how, and anything surprising or wrong.`,
        note ? `(${note})` : '',
        fencedCode(context),
      ]
        .filter(Boolean)
        .join('\n\n')
    : 'Explain what this image shows. If it is an error, say what causes it and how to fix it. If it is a UI or diagram, describe its structure and anything notable.';
  const user: ChatMessage = images.length
    ? {
        role: 'user',
        content: [
          { type: 'text', text },
          ...images.map((image) => ({
            type: 'image_url' as const,
            image_url: { url: `data:${image.mimeType};base64,${image.base64}` },
          })),
        ],
      }
    : { role: 'user', content: text };
  return [{ role: 'system', content: systemPrompt }, user];
}
