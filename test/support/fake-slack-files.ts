import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeReply, WebApiCall } from './fake-slack.js';

/**
 * The fake Slack's files API, as `files.uploadV2` drives it: `files.getUploadURLExternal` hands
 * out an upload URL on the fake's own loopback server, the bytes are POSTed there (kept as a
 * Buffer: a PNG is not text), and `files.completeUploadExternal` finishes the upload;
 * `files.delete` removes one. What was uploaded is in `uploads` (a deleted one marked so);
 * `fault` makes the next uploads fail as Slack can.
 */

export interface FakeUpload {
  readonly id: string;
  readonly filename: string;
  /** The length announced in getUploadURLExternal. */
  readonly length: number;
  readonly altText: string | null;
  /** The bytes POSTed to the upload URL; null until they arrive. */
  bytes: Buffer | null;
  /** Set by completeUploadExternal; only completed uploads can be shown in a message. */
  completed: boolean;
  title: string | null;
  /** completeUploadExternal was given a channel (the file was shared as a message). */
  shared: boolean;
  /** files.delete removed it. */
  deleted: boolean;
}

export type FilesFault =
  /** getUploadURLExternal answers `missing_scope` (the app has no files:write). */
  | { readonly kind: 'missing-scope' }
  /** The upload URL answers this HTTP status (bytes not kept). */
  | { readonly kind: 'upload-status'; readonly status: number }
  /** completeUploadExternal answers `ok: false` with this error. */
  | { readonly kind: 'complete-error'; readonly error: string }
  /** The upload URL answers only after `ms`. */
  | { readonly kind: 'slow-upload'; readonly ms: number };

export interface FakeSlackFiles {
  readonly uploads: FakeUpload[];
  /** The next `times` uploads (default 1; Infinity until cleared) meet `fault`. */
  fault(fault: FilesFault, times?: number): void;
  clearFaults(): void;
  /** Completed uploads whose bytes arrived (deleted or not), by file ID. */
  completed(id: string): FakeUpload | undefined;
  /** The Web API methods, merged into the fake's defaults. */
  readonly methods: Record<string, (args: Record<string, unknown>, call: WebApiCall) => FakeReply>;
  /** Takes the request when it is an upload (before its body is read as text); true if taken. */
  receive(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const UPLOAD_PATH = '/upload/';

export function createFakeSlackFiles(base: () => string): FakeSlackFiles {
  const uploads: FakeUpload[] = [];
  const faults: { fault: FilesFault; times: number }[] = [];
  let counter = 0;

  const take = (kind: FilesFault['kind']): FilesFault | null => {
    const head = faults[0];
    if (head === undefined || head.fault.kind !== kind) return null;
    head.times -= 1;
    if (head.times <= 0) faults.shift();
    return head.fault;
  };
  const byId = (id: unknown) => uploads.find((u) => u.id === id);

  const methods: FakeSlackFiles['methods'] = {
    'files.getUploadURLExternal': (args) => {
      if (take('missing-scope') !== null) {
        return {
          body: {
            ok: false,
            error: 'missing_scope',
            needed: 'files:write',
            provided: 'chat:write',
          },
        };
      }
      const length = Number(args.length);
      if (typeof args.filename !== 'string' || !Number.isInteger(length) || length <= 0) {
        return { body: { ok: false, error: 'invalid_arguments' } };
      }
      const id = `F${String(++counter).padStart(9, '0')}`;
      uploads.push({
        id,
        filename: args.filename,
        length,
        altText: typeof args.alt_txt === 'string' ? args.alt_txt : null,
        bytes: null,
        completed: false,
        title: null,
        shared: false,
        deleted: false,
      });
      return { body: { ok: true, upload_url: `${base()}${UPLOAD_PATH}${id}`, file_id: id } };
    },
    'files.completeUploadExternal': (args) => {
      const fault = take('complete-error');
      if (fault?.kind === 'complete-error') return { body: { ok: false, error: fault.error } };
      const files = Array.isArray(args.files)
        ? (args.files as { id?: unknown; title?: unknown }[])
        : [];
      const found = files.map((f) => byId(f.id));
      if (found.length === 0 || found.some((u) => u === undefined || u.bytes === null)) {
        return { body: { ok: false, error: 'file_not_found' } };
      }
      const shared = args.channel_id !== undefined || args.channels !== undefined;
      found.forEach((upload, i) => {
        if (upload === undefined) return;
        upload.completed = true;
        upload.shared = shared;
        const title = files[i]?.title;
        upload.title = typeof title === 'string' ? title : null;
      });
      return { body: { ok: true, files: found.map((u) => ({ id: u?.id, title: u?.title })) } };
    },
    'files.delete': (args) => {
      const upload = byId(args.file);
      if (upload === undefined || upload.deleted)
        return { body: { ok: false, error: 'file_not_found' } };
      upload.deleted = true;
      return { body: { ok: true } };
    },
  };

  return {
    uploads,
    methods,
    fault(fault, times = 1) {
      faults.push({ fault, times });
    },
    clearFaults() {
      faults.length = 0;
    },
    completed: (id) => {
      const upload = byId(id);
      return upload?.completed === true && upload.bytes !== null ? upload : undefined;
    },
    async receive(req, res) {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      if (!path.startsWith(UPLOAD_PATH)) return false;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upload = byId(path.slice(UPLOAD_PATH.length));
      const slow = take('slow-upload');
      if (slow?.kind === 'slow-upload') await new Promise((r) => setTimeout(r, slow.ms));
      const failed = take('upload-status');
      if (failed?.kind === 'upload-status') {
        res.writeHead(failed.status, { 'content-type': 'text/plain' }).end('upload failed');
        return true;
      }
      if (req.method !== 'POST' || upload === undefined) {
        res.writeHead(404).end();
        return true;
      }
      upload.bytes = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
      return true;
    },
  };
}
