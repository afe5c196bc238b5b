import { parentPort } from 'node:worker_threads';
import { parseStatsResponse } from './parse-response.js';
import {
  chunksOf,
  headOf,
  invalidToWire,
  type ParseRequest,
  transferablesOf,
  type WorkerMessage,
} from './worker-protocol.js';

/**
 * The body worker: the thread where big stats bodies are decoded, parsed and validated, so that
 * the event loop keeps answering Slack and /healthz meanwhile (off-thread-parser.ts starts it). It
 * runs exactly the in-thread code (parse-response.ts) and sends back what it gives: the Stats in
 * chunks on the job's port, or the invalid-body error as data.
 */

const port = parentPort;
if (port === null) throw new Error('body-worker.ts runs as a worker thread only');

const send = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (job: ParseRequest) => {
  try {
    const outcome = parseStatsResponse(job.bytes, job.context);
    if (!outcome.ok) {
      send({ type: 'invalid', id: job.id, error: invalidToWire(outcome.error) });
      return;
    }
    let chunks = 0;
    // Every chunk is queued on the job's port before 'parsed' is sent, so the event loop can take
    // them one at a time, at its own pace, without asking for each.
    for (const chunk of chunksOf(outcome.stats)) {
      job.port.postMessage(chunk, transferablesOf(chunk));
      chunks += 1;
    }
    send({ type: 'parsed', id: job.id, head: headOf(outcome.stats), chunks });
  } catch (error) {
    send({ type: 'failed', id: job.id, message: String(error) });
  }
  // The port is left open: chunks already sent stay queued until the event loop has taken them,
  // and it closes its end (which closes both) when done or when it gives up.
});

send({ type: 'ready' });
