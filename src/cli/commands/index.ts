import type { Command } from 'commander';
import type { Define } from '../main.js';
import { registerDemo } from './demo.js';
import { registerUnits } from './units.js';
import { registerOcr } from './ocr.js';
import { registerIngest } from './ingest.js';
import { registerRegister } from './register.js';
import { registerReport } from './report.js';
import { registerArchive } from './archive.js';
import { registerFixity } from './fixity.js';
import { registerClassify } from './classify.js';
import { registerReview } from './review.js';
import { registerSchedule } from './schedule.js';
import { registerRun } from './run.js';
import { registerConfig } from './config.js';
import { registerSign } from './sign.js';
import { registerVerify } from './verify.js';
import { registerSearch } from './search.js';
import { registerDocuments } from './documents.js';
import { documentsGroup } from './documents.js';
import { registerDocumentsFind } from './documents-find.js';
import { registerStatus } from './status.js';
import { registerScan } from './scan.js';
import { registerCatalog } from './catalog.js';

/** Every command, in the order `sohoa --help` lists them. Add one line per command file. */
export const commands: Array<(program: Command, define: Define) => void> = [
  registerDemo,
  registerUnits,
  registerScan,
  registerIngest,
  registerOcr,
  registerRegister,
  registerReport,
  registerArchive,
  registerFixity,
  registerClassify,
  registerReview,
  registerRun,
  registerSchedule,
  registerConfig,
  registerSign,
  registerVerify,
  registerSearch,
  registerDocuments,
  (program, define) => registerDocumentsFind(documentsGroup(program), define),
  registerStatus,
  registerCatalog,
];
