import type { RunRecord, RunStore } from '../../ports/catalog.js';
import type { SqlDb } from './db.js';

export class SqlRunStore implements RunStore {
  constructor(private readonly db: SqlDb) {}

  start(command: string, pid: number): number {
    const id = this.db
      .prepare('INSERT INTO runs (command, pid, started_at) VALUES (?, ?, ?) RETURNING id')
      .pluck()
      .get(command, pid, new Date().toISOString());
    return Number(id);
  }

  finish(id: number, exitCode: number, summary: unknown): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, exit_code = ?, summary = ? WHERE id = ?')
      .run(new Date().toISOString(), exitCode, JSON.stringify(summary ?? null), id);
  }

  recent(limit: number): RunRecord[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number,
      command: r.command as string,
      pid: (r.pid as number | null) ?? null,
      startedAt: r.started_at as string,
      finishedAt: (r.finished_at as string | null) ?? null,
      exitCode: (r.exit_code as number | null) ?? null,
      summary: r.summary ? JSON.parse(r.summary as string) : null,
    }));
  }
}
