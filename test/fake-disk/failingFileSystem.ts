// A real file system (node:fs/promises, through the store's own adapter) that fails on cue with
// the error codes a real disk gives: ENOSPC, EACCES, EBUSY, … Tests script which operation fails,
// on which file, how many times; everything else reaches the disk as usual.
import { nodeFileSystem, type StoreFileSystem } from '../../src/core/chat/conversationStore';

export type Operation = keyof StoreFileSystem;

export interface Failure {
  operation: Operation;
  code: string;
  /** Only for paths this matches (default: every path). */
  path?: RegExp;
  /** How many calls fail before the operation works again (default 1). */
  times?: number;
}

export function diskError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure, ${path}`), { code });
}

export class FailingFileSystem implements StoreFileSystem {
  private failures: (Failure & { left: number })[] = [];
  /** Every call, in order, as "operation path". */
  readonly calls: string[] = [];

  fail(failure: Failure): void {
    this.failures.push({ ...failure, left: failure.times ?? 1 });
  }

  private check(operation: Operation, path: string): void {
    this.calls.push(`${operation} ${path}`);
    const failure = this.failures.find(
      (candidate) => candidate.operation === operation && candidate.left > 0 && (!candidate.path || candidate.path.test(path)),
    );
    if (!failure) return;
    failure.left--;
    throw diskError(failure.code, path);
  }

  mkdir = async (path: string) => (this.check('mkdir', path), nodeFileSystem.mkdir(path));
  readFile = async (path: string) => (this.check('readFile', path), nodeFileSystem.readFile(path));
  readdir = async (path: string) => (this.check('readdir', path), nodeFileSystem.readdir(path));
  writeFile = async (path: string, content: string) => {
    try {
      this.check('writeFile', path);
    } catch (error) {
      // A full disk fails part way: half the bytes are there when the error comes.
      await nodeFileSystem.writeFile(path, content.slice(0, content.length >> 1));
      throw error;
    }
    return nodeFileSystem.writeFile(path, content);
  };
  rename = async (from: string, to: string) => (this.check('rename', to), nodeFileSystem.rename(from, to));
  copyFile = async (from: string, to: string) => (this.check('copyFile', to), nodeFileSystem.copyFile(from, to));
  remove = async (path: string) => (this.check('remove', path), nodeFileSystem.remove(path));
  modifiedAt = async (path: string) => (this.check('modifiedAt', path), nodeFileSystem.modifiedAt(path));
}
