// The context gathered ahead (on a resting selection): when it may stand in for a new gathering.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from '../../src/core/grounding/candidates';
import { aheadUse, sameAheadKey, type AheadKey, type AheadState } from '../../src/core/grounding/ahead';

const documentUri = 'file:///ws/src/load.ts';

function definition(uri: string, startLine = 6, endLine = 14, kind: Candidate['kind'] = 'definition'): Candidate {
  return {
    kind,
    symbol: 'parseConfig',
    span: { uri, file: uri.slice('file:///ws/'.length), startLine, endLine },
    text: 'export function parseConfig() {}',
    languageId: 'typescript',
  };
}

const state = (changes: Partial<AheadState>): AheadState => ({
  sameKey: true,
  settled: true,
  candidates: [],
  documentUri,
  imports: { startLine: 0, endLine: 1 },
  ...changes,
});

describe('the context gathered ahead', () => {
  test('a gathering for other code, or a changed workspace, is never used', () => {
    assert.equal(aheadUse(state({ sameKey: false, candidates: [definition('file:///ws/src/config.ts')] })), 'fresh');
    const key: AheadKey = { uri: documentUri, version: 3, startLine: 4, startCharacter: 2, endLine: 5, endCharacter: 30, workspaceEpoch: 7 };
    assert.ok(sameAheadKey(key, { ...key }));
    for (const change of [
      { version: 4 },
      { startCharacter: 0 },
      { endLine: 6 },
      { endCharacter: 31 },
      { startLine: 3 },
      { workspaceEpoch: 8 },
      { uri: 'file:///ws/src/other.ts' },
    ]) {
      assert.equal(sameAheadKey(key, { ...key, ...change }), false, JSON.stringify(change));
    }
  });

  test('one still under way is joined: a new one would queue behind it in the same language server', () => {
    assert.equal(aheadUse(state({ settled: false })), 'join');
  });

  test('a finished one with a definition from another file is sent as it is', () => {
    assert.equal(aheadUse(state({ candidates: [definition(documentUri), definition('file:///ws/src/config.ts')] })), 'reuse');
  });

  test('a finished one with only this file’s definitions, in a file that imports, is asked again (a TypeScript project still loading answers from this file alone)', () => {
    assert.equal(aheadUse(state({ candidates: [definition(documentUri)] })), 'fresh');
    assert.equal(aheadUse(state({ candidates: [] })), 'fresh');
  });

  test('a finished one whose imported names lead to their own import lines is asked again, whatever else it found', () => {
    // As the syntax-only server answered in code-server: the imports, and a type from another file.
    const loading = [definition(documentUri, 0, 0), definition(documentUri, 1, 1), definition('file:///ws/src/config.ts', 0, 4, 'typeDefinition')];
    assert.equal(aheadUse(state({ candidates: loading })), 'fresh');
    assert.equal(aheadUse(state({ candidates: [definition('file:///ws/src/config.ts'), definition(documentUri, 1, 1)] })), 'fresh');
  });

  test('a type definition from another file alone is not enough', () => {
    assert.equal(aheadUse(state({ candidates: [definition('file:///ws/src/config.ts', 0, 4, 'typeDefinition')] })), 'fresh');
  });

  test('in a file that imports nothing, some definition is the full answer; none is asked again', () => {
    assert.equal(aheadUse(state({ imports: undefined, candidates: [definition(documentUri)] })), 'reuse');
    assert.equal(aheadUse(state({ imports: undefined, candidates: [] })), 'fresh');
  });
});
