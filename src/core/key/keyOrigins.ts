// Where the OpenRouter key may be sent. Pure (no `vscode`), so the rules are unit-tested.
//
// - A base URL must be https, or plain http to this machine only (127.0.0.0/8, ::1, localhost):
//   over plain http to anywhere else the key would cross the network in the clear.
// - A key remembers the origin it was checked against (its home). Sending it to another origin
//   (a user who points `flashlight.baseUrl` at a gateway on purpose) needs a yes, asked once per
//   origin; the answer, yes or no, is remembered for that origin.
// - A key with no home yet (OPENROUTER_API_KEY from the environment, or a key stored before
//   origins were recorded) takes OpenRouter's own origin or this machine's as its home without a
//   question: the variable is named for OpenRouter, and `flashlight.baseUrl` can only come from the
//   user's own settings, never a workspace. Any other first origin is asked about.

export const defaultOrigin = 'https://openrouter.ai';

export interface KeyBinding {
  /** The origin the key was checked against, or first sent to. */
  home?: string;
  /** Other origins the user agreed to send this key to. */
  allowed: string[];
  /** Origins the user said no to. */
  refused: string[];
}

export type BaseUrlCheck = { ok: true; origin: string; host: string } | { ok: false; message: string };

/** 127.0.0.0/8, ::1 and localhost (with its subdomains, which resolve to loopback by RFC 6761). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4 && v4.slice(1).every((part) => Number(part) <= 255)) return v4[1] === '127';
  // An IPv4-mapped loopback (::ffff:127.0.0.1, which URL normalises to ::ffff:7f00:1).
  return /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(host);
}

/** Whether the key may be sent to `baseUrl` at all, and its origin. The message names the setting. */
export function checkBaseUrl(baseUrl: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, message: `“flashlight.baseUrl” is not a URL (${JSON.stringify(baseUrl.slice(0, 100))}). Fix it in your user settings.` };
  }
  if (url.protocol === 'https:') return { ok: true, origin: url.origin, host: url.host };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return { ok: true, origin: url.origin, host: url.host };
    return {
      ok: false,
      message: `“flashlight.baseUrl” is plain http to ${url.host}, so your key would cross the network unencrypted. Use https:// (plain http is allowed only for this machine: localhost, 127.x.x.x, ::1).`,
    };
  }
  return { ok: false, message: `“flashlight.baseUrl” must start with https:// (it is ${url.protocol}//${url.host}).` };
}

export type OriginVerdict =
  /** Send it: the key's home or an origin the user allowed. */
  | 'send'
  /** Send it, and record this origin as the key's home (a key that had none). */
  | 'adopt'
  /** Ask the user first. */
  | 'ask'
  /** The user said no for this origin. */
  | 'refused';

export function originVerdict(binding: KeyBinding | undefined, origin: string): OriginVerdict {
  if (!binding?.home) {
    if (binding?.refused.includes(origin)) return 'refused';
    if (binding?.allowed.includes(origin)) return 'send';
    return origin === defaultOrigin || isLoopbackHost(new URL(origin).hostname) ? 'adopt' : 'ask';
  }
  if (binding.home === origin || binding.allowed.includes(origin)) return 'send';
  if (binding.refused.includes(origin)) return 'refused';
  return 'ask';
}

/** The binding after the user's answer for `origin` (a new object: the old one is not changed). */
export function withAnswer(binding: KeyBinding | undefined, origin: string, answer: 'allow' | 'refuse' | 'adopt'): KeyBinding {
  const base: KeyBinding = { home: binding?.home, allowed: [...(binding?.allowed ?? [])], refused: [...(binding?.refused ?? [])] };
  if (answer === 'adopt') return { ...base, home: origin, refused: base.refused.filter((o) => o !== origin) };
  const keep = (list: string[]) => list.filter((o) => o !== origin);
  return answer === 'allow'
    ? { ...base, allowed: [...keep(base.allowed), origin], refused: keep(base.refused) }
    : { ...base, allowed: keep(base.allowed), refused: [...keep(base.refused), origin] };
}

/** A key just checked against (or saved for) `origin`: that is its home, nothing else is allowed yet. */
export function freshBinding(origin: string): KeyBinding {
  return { home: origin, allowed: [], refused: [] };
}

/** A stored binding read back from globalState: anything of the wrong shape counts as none. */
export function parseBinding(value: unknown): KeyBinding | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { home, allowed, refused } = value as Record<string, unknown>;
  const origins = (list: unknown) => (Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []);
  return { home: typeof home === 'string' ? home : undefined, allowed: origins(allowed), refused: origins(refused) };
}
