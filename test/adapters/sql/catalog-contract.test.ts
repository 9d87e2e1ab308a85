import path from 'node:path';
import { openSqliteCatalogFile } from '../../../src/adapters/sqlite/catalog.js';
import { migrations } from '../../../src/adapters/sqlite/migrations/index.js';
import { describeCatalogContract } from '../../contract/catalog.js';
import { tempDir } from '../../helpers/cli.js';

/** The catalog contract on SQLite; test/interop/postgres-catalog.test.ts runs the same on PostgreSQL. */
describeCatalogContract('sqlite', () => openSqliteCatalogFile(path.join(tempDir('sohoa-contract-'), 'catalog.sqlite')), Math.max(...migrations.map((m) => m.version)));
