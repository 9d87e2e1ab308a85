import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed test account; it accepts any request signed with it. */
export const S3RVER_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

export interface TestS3 {
  endpoint: string;
  port: number;
  bucket: string;
  /** s3rver's storage folder: objects are `<dir>/<bucket>/<key>._S3rver_object`. */
  dir: string;
  objectPath(key: string): string;
  /** Stops the server at once, dropping connections in flight. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder (after stop). */
  restart(): Promise<void>;
  /** Stops the server as soon as a request whose URL matches arrives (e.g. the 2nd part of an upload). */
  stopOn(match: RegExp): Promise<void>;
  /** Calls fn with the method, URL and headers of every request until the returned function is called. */
  watch(fn: (req: { method?: string; url?: string; headers: Record<string, unknown> }) => void): () => void;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/** Starts s3rver on a random loopback port with one bucket, storing under a temp folder. */
export async function startS3rver(bucket = 'archive', opts: { dir?: string; port?: number } = {}): Promise<TestS3> {
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'sohoa-s3rver-'));
  let server: S3rver | undefined;
  let http: Server | undefined;
  let port = opts.port ?? 0;

  const start = async () => {
    server = new S3rver({ address: '127.0.0.1', port, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
    const addr = (await server.run()) as AddressInfo;
    port = addr.port;
    http = (server as unknown as { httpServer: Server }).httpServer;
  };
  const stop = async () => {
    const h = http;
    http = undefined;
    if (!h) return;
    const closed = new Promise<void>((resolve) => h.close(() => resolve()));
    h.closeAllConnections();
    await closed;
  };
  await start();
  return {
    get endpoint() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    bucket,
    dir,
    objectPath: (key) => path.join(dir, bucket, ...key.split('/').slice(0, -1), `${key.split('/').pop()}._S3rver_object`),
    stop,
    restart: start,
    stopOn(match) {
      return new Promise((resolve) => {
        const h = http!;
        const onRequest = (req: { url?: string; method?: string }) => {
          if (!match.test(`${req.method} ${req.url ?? ''}`)) return;
          h.off('request', onRequest);
          void stop().then(resolve);
        };
        h.on('request', onRequest);
      });
    },
    watch(fn) {
      const h = http!;
      h.on('request', fn);
      return () => h.off('request', fn);
    },
    async dispose() {
      await stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
