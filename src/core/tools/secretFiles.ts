// Files that look like they hold secrets: the tools read one only when the user allows it, once,
// when asked (the host asks, naming the file). Matched on the path's segments, case-insensitive.

const secretNames: RegExp[] = [
  /^\.env(\..*)?$/, // .env, .env.local, .env.production
  /\.(pem|key|p12|pfx|jks|keystore|ppk|asc|gpg)$/,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/,
  /^\.npmrc$/,
  /^\.netrc$/,
  /^_netrc$/,
  /^\.pypirc$/,
  /^\.git-credentials$/,
  /^\.htpasswd$/,
  /^credentials(\.json)?$/, // .aws/credentials, gcloud credentials.json
  /^application_default_credentials\.json$/,
  /^service[-_]?account.*\.json$/,
  /^secrets?(\.[a-z]+)?$/,
  /^kubeconfig$/,
];

/** Directories whose contents are credentials whatever the file is called. */
const secretDirectories = new Set(['.aws', '.ssh', '.gnupg', '.kube', '.azure', '.config/gcloud', '.docker']);

export function looksSecret(relativePath: string): boolean {
  const segments = relativePath.toLowerCase().replace(/\\/g, '/').split('/').filter(Boolean);
  if (!segments.length) return false;
  const name = segments[segments.length - 1];
  if (secretNames.some((pattern) => pattern.test(name))) return true;
  for (let i = 0; i < segments.length - 1; i++) {
    if (secretDirectories.has(segments[i]) || secretDirectories.has(`${segments[i]}/${segments[i + 1]}`)) return true;
  }
  return false;
}
