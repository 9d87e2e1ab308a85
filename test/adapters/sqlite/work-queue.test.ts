import path from 'node:path';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { tempDir } from '../../helpers/cli.js';
import { describeWorkQueueContract } from '../../contract/work-queue.js';

// Two connections to one catalog file, as two processes on one machine would have.
describeWorkQueueContract('sqlite', async () => {
  const ws = path.join(tempDir('sohoa-leases-'), 'ws');
  return [openSqliteCatalog(ws), openSqliteCatalog(ws)];
});
