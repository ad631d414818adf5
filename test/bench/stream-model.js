// How the benchmark answer is cut and batched: the fake server's 24-character deltas, and the
// messages the extension posts for them (src/core/chat/deltaBatcher.ts's rule, replayed on a virtual
// clock so the renderer benchmark can run faster than real time).
'use strict';

const fs = require('fs');
const path = require('path');

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'answers', 'long-80k.md');
const DELTA_CHARS = 24; // the fake server's default chunkSize
const CHARS_PER_TOKEN = 4;
const FRAME_MS = 1000 / 60; // DeltaBatcher's default frame: at most 60 messages a second

function readFixture() {
  return fs.readFileSync(FIXTURE, 'utf8');
}

/** Same cut as test/fake-openrouter/scenario.ts splitText: by code points, `size` per delta. */
function splitText(text, size = DELTA_CHARS) {
  const points = Array.from(text);
  const out = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}

/** Milliseconds between deltas of DELTA_CHARS characters at a rate in tokens per second. */
function deltaIntervalMs(tokensPerSecond, deltaChars = DELTA_CHARS) {
  return (deltaChars / CHARS_PER_TOKEN / tokensPerSecond) * 1000;
}

/**
 * The texts DeltaBatcher would post for deltas arriving every `intervalMs`: the first delta after
 * a quiet frame goes at once, later ones wait for the frame (`frameMs` after the last post).
 */
function coalesce(deltas, intervalMs, frameMs = FRAME_MS) {
  const posts = [];
  let pending = '';
  let timerAt;
  let lastFlushAt = -Infinity;
  const flush = (at) => {
    if (pending) posts.push(pending);
    pending = '';
    timerAt = undefined;
    lastFlushAt = at;
  };
  deltas.forEach((delta, i) => {
    const now = i * intervalMs;
    if (timerAt !== undefined && timerAt <= now) flush(timerAt);
    pending += delta;
    if (timerAt !== undefined) return;
    const wait = lastFlushAt + frameMs - now;
    if (wait <= 0) flush(now);
    else timerAt = lastFlushAt + frameMs;
  });
  if (pending) posts.push(pending);
  return posts;
}

module.exports = { FIXTURE, DELTA_CHARS, CHARS_PER_TOKEN, FRAME_MS, readFixture, splitText, deltaIntervalMs, coalesce };
