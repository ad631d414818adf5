// Which proxy a request should go through, decided the way VS Code decides it: the `http.proxy`
// setting first, then HTTPS_PROXY / HTTP_PROXY from the environment, except for hosts listed in
// `http.noProxy` or NO_PROXY, and for localhost, which VS Code never proxies. Pure: no `vscode`,
// no I/O, so every rule is unit-tested in Node.

export interface ProxySettings {
  /** `http.proxy`: `http://[user:pass@]host:port` or `https://…`; empty means "use the environment". */
  proxy?: string;
  /** `http.proxyStrictSSL`: verify certificates on connections made through the proxy. */
  strictSSL?: boolean;
  /** `http.noProxy`: hosts that never go through the proxy (same syntax as NO_PROXY). */
  noProxy?: string[];
  /** `http.proxyAuthorization`: sent as `Proxy-Authorization` to the proxy. */
  authorization?: string | null;
  /** `http.proxySupport`: "off" turns proxy support off for extensions. */
  support?: string;
}

export type Environment = Record<string, string | undefined>;

export interface ProxyRoute {
  proxy: URL;
  /** Where the proxy came from, for the log: the setting or an environment variable's name. */
  source: string;
  strictSSL: boolean;
  /** The `Proxy-Authorization` value, from the setting or the URL's user:password. */
  authorization?: string;
}

/** What VS Code's own proxy resolver always connects to directly (a local gateway, a test server). */
const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The proxy for `target`, or undefined to connect directly. Throws only for a proxy URL that does not parse. */
export function proxyFor(target: URL, settings: ProxySettings, env: Environment): ProxyRoute | undefined {
  if (settings.support === 'off') return undefined;
  if (loopbackHosts.has(target.hostname.replace(/^\[|\]$/g, '').toLowerCase())) return undefined;
  const chosen = chooseProxy(target, settings, env);
  if (!chosen) return undefined;
  const noProxy = [...(settings.noProxy ?? []), ...splitList(readEnv(env, 'NO_PROXY') ?? '')];
  if (bypassesProxy(target, noProxy)) return undefined;
  const proxy = parseProxyUrl(chosen.value);
  const fromUrl = proxy.username || proxy.password ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` : undefined;
  return {
    proxy,
    source: chosen.source,
    strictSSL: settings.strictSSL !== false,
    authorization: settings.authorization || fromUrl,
  };
}

function chooseProxy(target: URL, settings: ProxySettings, env: Environment): { value: string; source: string } | undefined {
  const fromSetting = settings.proxy?.trim();
  if (fromSetting) return { value: fromSetting, source: 'http.proxy' };
  // VS Code's order: an https target may use HTTP_PROXY when HTTPS_PROXY is not set; upper case first.
  const names = target.protocol === 'https:' ? ['HTTPS_PROXY', 'HTTP_PROXY'] : ['HTTP_PROXY'];
  for (const name of names) {
    const value = readEnv(env, name)?.trim();
    if (value) return { value, source: name };
  }
  return undefined;
}

function readEnv(env: Environment, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** `host:port` without a scheme is common in HTTPS_PROXY; read it as http, as curl does. */
export function parseProxyUrl(value: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme);
  } catch {
    throw new Error(`The proxy “${redactProxyUrl(value)}” is not a valid URL. Check “http.proxy” or HTTPS_PROXY.`);
  }
}

/**
 * NO_PROXY matching, as curl and VS Code read it: `*` matches everything; `example.com`,
 * `.example.com` and `*.example.com` match that domain and its subdomains; an entry with `:port`
 * matches only that port; IP addresses match exactly; `10.0.0.0/8` matches an IPv4 range.
 */
export function bypassesProxy(target: URL, entries: string[]): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitHostPort(entry);
    if (entryPort && entryPort !== port) continue;
    if (name.includes('/') && inCidr(host, name)) return true;
    const domain = name.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitHostPort(entry: string): { name: string; entryPort?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, entryPort: bracketed[2] };
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [name, entryPort] = entry.split(':');
    return { name: name!, entryPort: /^\d+$/.test(entryPort!) ? entryPort : undefined };
  }
  return { name: entry }; // a bare IPv6 address, or no port
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const hostValue = ipv4ToNumber(host);
  const baseValue = ipv4ToNumber(base ?? '');
  if (hostValue === undefined || baseValue === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (hostValue & mask) >>> 0 === (baseValue & mask) >>> 0;
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** For the log: a proxy URL without its password. */
export function redactProxyUrl(value: string | URL): string {
  const text = String(value);
  return text.replace(/\/\/([^/@\s]*)@/, (_match, userInfo: string) => `//${userInfo.split(':')[0] ? `${userInfo.split(':')[0]}:…` : '…'}@`);
}
