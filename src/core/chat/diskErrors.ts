// What a failed file operation means to a person, from its error code. The raw message is not
// shown: it names machine paths and says little more than the code does.

const reasons: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission was denied',
  EPERM: 'the operation was not permitted',
  EROFS: 'the disk is read-only',
  EISDIR: 'a folder is in the way of the file',
  ENOTDIR: 'a file is in the way of a folder',
  EBUSY: 'the file is locked by another program',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
};

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** E.g. "the disk is full (ENOSPC)". */
export function describeDiskError(error: unknown): string {
  const code = errorCode(error);
  if (!code) return 'an unexpected error';
  const reason = reasons[code];
  return reason ? `${reason} (${code})` : `the system said ${code}`;
}
