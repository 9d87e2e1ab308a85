/** English texts of the province area (shared catalog: catalog, worker); keys are `area.what`. Merged into en.ts. */
export const provinceEn = {
  'catalog.description': 'the catalog itself: migrate a shared PostgreSQL catalog, copy a workstation\'s catalog into it',
  'catalog.migrate.description': 'bring the catalog\'s schema to this sohoa\'s version (safe to run again; one machine at a time, by lock)',
  'catalog.migrate.more': 'A shared catalog (catalog.url: postgres://…) is migrated only by this command, never as a side effect: workers on other machines refuse a schema that is not theirs (exit 3) until they are upgraded too. A SQLite catalog migrates itself when opened.',
  'catalog.migrated': 'Catalog {location}: schema version {from} → {to} ({applied})',
  'catalog.upToDate': 'Catalog {location}: schema version {to}, already up to date',
} as const;
