import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';

/** Slack's rule: a request whose timestamp is more than five minutes from now is refused. */
export const MAX_REQUEST_SKEW_SECONDS = 5 * 60;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Bolt refuses requests timestamped more than five minutes in the past, but not in the future, so
 * a signed request dated ahead could be replayed for longer. This wraps the receiver's listener to
 * refuse both with 401 before Bolt sees them (the signature is still checked by Bolt).
 */
export function refuseSkewedRequests(listener: RequestListener, clock: Clock): RequestListener {
  return (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    if (req.method === 'POST' && typeof header === 'string' && /^\d+$/.test(header)) {
      const skew = Number(header) - Math.floor(clock.now() / 1000);
      if (skew > MAX_REQUEST_SKEW_SECONDS) {
        res
          .writeHead(401, { 'content-type': 'text/plain' })
          .end('request timestamp is in the future');
        return;
      }
    }
    listener(req, res);
  };
}
