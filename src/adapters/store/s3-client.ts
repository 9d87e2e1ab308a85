import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { knownPartChecksums } from './s3-checks.js';

export interface S3ClientOptions {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  checksum: 'when-supported' | 'when-required';
  /** Sockets kept open to the server: at least the uploads in flight times their parts. */
  maxSockets: number;
}

/**
 * One S3 client per store, with keep-alive agents of our own: every PDF and sidecar reuses an
 * open connection (no TCP, and for https no TLS, handshake per object), and the socket limit
 * is sized to the uploads sohoa runs at once rather than left to the SDK's default.
 */
export function createS3Client(opts: S3ClientOptions, partDigests: Map<string, Buffer[]>): S3Client {
  // package.json pins the SDK to a range that supports Node 20, so its warning that later
  // releases will not is noise on every run's stderr; a user who sets the variable decides.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const mode = opts.checksum === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  const agent = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: opts.maxSockets, scheduling: 'lifo' as const };
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle,
    requestChecksumCalculation: mode,
    responseChecksumValidation: mode,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000, httpAgent: new HttpAgent(agent), httpsAgent: new HttpsAgent(agent) },
  });
  // Typed loosely: the middleware only reads input fields and sets request headers.
  client.middlewareStack.add(knownPartChecksums(partDigests, opts.checksum === 'when-supported') as never, {
    step: 'build',
    priority: 'high',
    name: 'sohoaKnownPartChecksums',
  });
  return client;
}
