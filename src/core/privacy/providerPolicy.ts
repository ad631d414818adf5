// Which `flashlight.privacy` level a request is sent with, and the one-request relaxation the
// "no provider meets it" error offers. The wire mapping is core/openrouter/privacy.ts. Pure: no `vscode`.
import { parsePrivacy, privacyLevels, type PrivacyLevel } from '../openrouter/privacy';

/**
 * The user's own level, made stricter (never laxer) by the workspace's. A repository holding
 * sensitive code may ask for zero retention; a cloned stranger's repository cannot loosen what the
 * user chose.
 */
export function effectivePrivacy(user: unknown, workspace: unknown): PrivacyLevel {
  const mine = parsePrivacy(user) ?? 'default';
  const theirs = parsePrivacy(workspace) ?? 'default';
  return privacyLevels.indexOf(theirs) > privacyLevels.indexOf(mine) ? theirs : mine;
}

/**
 * "Relax for this request": armed by the error's button just before it retries, taken by the
 * next connection (that one retried request), and disarmed after the retry in any case, so it
 * can never loosen a later request.
 */
export class RelaxOnce {
  private armed = false;

  arm(): void {
    this.armed = true;
  }

  /** True once after `arm()`; false again from then on. */
  take(): boolean {
    const was = this.armed;
    this.armed = false;
    return was;
  }

  disarm(): void {
    this.armed = false;
  }
}
