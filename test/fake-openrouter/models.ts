// The fake's `GET /api/v1/models` list: a handful of real OpenRouter ids, shaped as the real list
// is (prices are USD per token as decimal strings; `created` is unix seconds; text-only models have
// input_modalities ["text"]), so a model picker and an "accepts images?" check meet real data.
// Ids, dates, context sizes and prices follow OpenRouter's model pages; descriptions are ours.

export interface FakeModel {
  id: string;
  canonical_slug: string;
  hugging_face_id: string | null;
  name: string;
  created: number;
  description: string;
  context_length: number;
  architecture: {
    modality: string;
    input_modalities: string[];
    output_modalities: string[];
    tokenizer: string;
    instruct_type: string | null;
  };
  pricing: Record<string, string> & { prompt: string; completion: string; request: string; image: string };
  top_provider: { context_length: number; max_completion_tokens: number | null; is_moderated: boolean };
  per_request_limits: null;
  supported_parameters: string[];
  /** The day OpenRouter withdraws the model (`YYYY-MM-DD`), null for one with no date announced. */
  expiration_date: string | null;
  /** For a `~` alias only: the concrete model it routes to today (OpenRouter's `alias_target`, as its SDK's Model type has it). */
  alias_target?: { name: string; slug: string };
}

const GEMINI_PARAMS = [
  'include_reasoning',
  'max_tokens',
  'reasoning',
  'response_format',
  'seed',
  'stop',
  'structured_outputs',
  'temperature',
  'tool_choice',
  'tools',
  'top_p',
];
const OPEN_WEIGHTS_PARAMS = [
  'frequency_penalty',
  'max_tokens',
  'min_p',
  'presence_penalty',
  'repetition_penalty',
  'seed',
  'stop',
  'temperature',
  'top_k',
  'top_p',
];
const MULTIMODAL = ['text', 'image', 'file', 'audio', 'video'];

function model(m: {
  id: string;
  slug?: string;
  hf?: string;
  name: string;
  created: number;
  description: string;
  context: number;
  maxOut: number | null;
  inputs: string[];
  tokenizer: string;
  instruct?: string;
  prompt: string;
  completion: string;
  image?: string;
  extraPricing?: Record<string, string>;
  moderated?: boolean;
  params: string[];
  expires?: string;
  aliasOf?: { name: string; slug: string };
}): FakeModel {
  return {
    id: m.id,
    canonical_slug: m.slug ?? m.id.replace(/:free$/, ''),
    hugging_face_id: m.hf ?? null,
    name: m.name,
    created: m.created,
    description: m.description,
    context_length: m.context,
    architecture: {
      modality: `${m.inputs.join('+')}->text`,
      input_modalities: m.inputs,
      output_modalities: ['text'],
      tokenizer: m.tokenizer,
      instruct_type: m.instruct ?? null,
    },
    pricing: { prompt: m.prompt, completion: m.completion, request: '0', image: m.image ?? '0', web_search: '0', internal_reasoning: '0', ...m.extraPricing },
    top_provider: { context_length: m.context, max_completion_tokens: m.maxOut, is_moderated: m.moderated ?? false },
    per_request_limits: null,
    supported_parameters: m.params,
    expiration_date: m.expires ?? null,
    ...(m.aliasOf ? { alias_target: m.aliasOf } : {}),
  };
}

export const MODELS: FakeModel[] = [
  model({
    // OpenRouter's self-updating alias: always routes to the newest Gemini Flash (the product default).
    id: '~google/gemini-flash-latest',
    slug: '~google/gemini-flash-latest',
    name: 'Google: Gemini Flash Latest',
    created: 1765929600,
    description: 'Alias that always points at the newest Gemini Flash model.',
    context: 1_048_576,
    maxOut: 65_536,
    inputs: MULTIMODAL,
    tokenizer: 'Gemini',
    prompt: '0.0000005',
    completion: '0.000003',
    image: '0.0000005',
    extraPricing: { internal_reasoning: '0.000003', input_cache_read: '0.00000005' },
    params: GEMINI_PARAMS,
    aliasOf: { name: 'Google: Gemini 3 Flash Preview', slug: 'google/gemini-3-flash-preview' },
  }),
  model({
    id: 'google/gemini-2.5-flash',
    name: 'Google: Gemini 2.5 Flash',
    created: 1750172488,
    description: 'Gemini 2.5 Flash: fast multimodal model with built-in thinking, for coding, reasoning and everyday tasks.',
    context: 1_048_576,
    maxOut: 65_535,
    inputs: MULTIMODAL,
    tokenizer: 'Gemini',
    prompt: '0.0000003',
    completion: '0.0000025',
    image: '0.0000003',
    extraPricing: { audio: '0.000001', internal_reasoning: '0.0000025', input_cache_read: '0.00000003' },
    params: GEMINI_PARAMS,
  }),
  model({
    id: 'google/gemini-2.0-flash-001',
    name: 'Google: Gemini 2.0 Flash',
    created: 1738769413,
    description: 'Gemini 2.0 Flash: quick time to first token, multimodal input, function calling.',
    context: 1_048_576,
    maxOut: 8_192,
    inputs: ['text', 'image', 'file', 'audio', 'video'],
    tokenizer: 'Gemini',
    prompt: '0.0000001',
    completion: '0.0000004',
    image: '0.0000258',
    extraPricing: { audio: '0.0000007', input_cache_read: '0.000000025' },
    params: GEMINI_PARAMS,
    expires: '2026-03-31', // Gemini 2.0 Flash was retired in early 2026
  }),
  model({
    id: 'google/gemini-2.0-flash-exp:free',
    name: 'Google: Gemini 2.0 Flash Experimental (free)',
    created: 1733937523,
    description: 'Experimental Gemini 2.0 Flash, free of charge and rate limited per key.',
    context: 1_048_576,
    maxOut: 8_192,
    inputs: ['text', 'image'],
    tokenizer: 'Gemini',
    prompt: '0',
    completion: '0',
    params: ['max_tokens', 'response_format', 'seed', 'stop', 'temperature', 'tools', 'top_p'],
  }),
  model({
    id: 'anthropic/claude-sonnet-4',
    slug: 'anthropic/claude-4-sonnet-20250522',
    name: 'Anthropic: Claude Sonnet 4',
    created: 1747930371,
    description: 'Claude Sonnet 4: balanced coding and reasoning model with image input.',
    context: 200_000,
    maxOut: 64_000,
    inputs: ['text', 'image', 'file'],
    tokenizer: 'Claude',
    prompt: '0.000003',
    completion: '0.000015',
    image: '0.0048',
    extraPricing: { input_cache_read: '0.0000003', input_cache_write: '0.00000375' },
    moderated: true,
    params: ['include_reasoning', 'max_tokens', 'reasoning', 'stop', 'temperature', 'tool_choice', 'tools', 'top_k', 'top_p'],
  }),
  model({
    id: 'openai/gpt-4o-mini',
    slug: 'openai/gpt-4o-mini',
    name: 'OpenAI: GPT-4o-mini',
    created: 1721260800,
    description: 'GPT-4o mini: small, cheap multimodal model.',
    context: 128_000,
    maxOut: 16_384,
    inputs: ['text', 'image', 'file'],
    tokenizer: 'GPT',
    prompt: '0.00000015',
    completion: '0.0000006',
    image: '0.000217',
    extraPricing: { input_cache_read: '0.000000075' },
    moderated: true,
    params: [
      'frequency_penalty',
      'logit_bias',
      'logprobs',
      'max_tokens',
      'presence_penalty',
      'response_format',
      'seed',
      'stop',
      'structured_outputs',
      'temperature',
      'tool_choice',
      'tools',
      'top_logprobs',
      'top_p',
    ],
  }),
  model({
    id: 'meta-llama/llama-3.3-70b-instruct',
    hf: 'meta-llama/Llama-3.3-70B-Instruct',
    name: 'Meta: Llama 3.3 70B Instruct',
    created: 1733506137,
    description: 'Llama 3.3 70B Instruct: open-weights multilingual text model.',
    context: 131_072,
    maxOut: 16_384,
    inputs: ['text'],
    tokenizer: 'Llama3',
    instruct: 'llama3',
    prompt: '0.00000013',
    completion: '0.00000039',
    params: [...OPEN_WEIGHTS_PARAMS, 'tool_choice', 'tools'],
  }),
  model({
    id: 'deepseek/deepseek-r1:free',
    hf: 'deepseek-ai/DeepSeek-R1',
    name: 'DeepSeek: R1 (free)',
    created: 1737381095,
    description: 'DeepSeek R1: open reasoning model with visible reasoning tokens; free variant, rate limited per key.',
    context: 163_840,
    maxOut: null,
    inputs: ['text'],
    tokenizer: 'DeepSeek',
    instruct: 'deepseek-r1',
    prompt: '0',
    completion: '0',
    params: ['include_reasoning', 'max_tokens', 'reasoning', 'seed', 'stop', 'temperature', 'top_p'],
  }),
];

export function modelsResponse(): { data: FakeModel[] } {
  return { data: MODELS };
}
