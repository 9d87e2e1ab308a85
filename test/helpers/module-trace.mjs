// Records every module a process loads, one path a line, in the file named by MODULE_TRACE_FILE.
// Use: node --import ./test/helpers/module-trace.mjs bin/sohoa.js --help
// ES modules are seen by a loader hook (it runs in its own thread and appends synchronously, so
// nothing is lost when the CLI calls process.exit); CommonJS requires by wrapping Module._load.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.MODULE_TRACE_FILE;
if (file) {
  register('./module-trace-hooks.mjs', import.meta.url, { data: { file } });
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const loaded = load.call(this, request, parent, isMain);
    try {
      appendFileSync(file, `${Module._resolveFilename(request, parent, isMain)}\n`);
    } catch {
      appendFileSync(file, `${request}\n`);
    }
    return loaded;
  };
}
