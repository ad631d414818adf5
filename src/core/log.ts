// The log every part writes to: the Flashlight output channel in VS Code (a LogOutputChannel has
// these methods), an array in tests. Lines never hold the key, and the user's code only under
// `flashlight.debugLogging`.
export interface Log {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}
