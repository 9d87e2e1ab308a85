import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { importUnitMap, importUnits } from '../../src/registry/units-import.js';
import { importRegister } from '../../src/registry/register-import.js';
import { tempDir } from '../helpers/cli.js';

export const TARGETS = { province: 50, district: 40, commune: 35 };

const UNITS = `code,name,type,level,parent_code
84,Tỉnh Trà Vinh,Tỉnh,province,
842,Thành phố Trà Vinh,Thành phố,district,84
844,Huyện Càng Long,Huyện,district,84
29236,Phường 4,Phường,commune,842
29239,Phường 1,Phường,commune,842
29266,Thị trấn Càng Long,Thị trấn,commune,844
`;

const MAP = `old_code,old_name,new_code,new_name,new_province_code,new_province_name
29236,Phường 4,29263,Phường Long Đức,86,Vĩnh Long
29239,Phường 1,29242,Phường Trà Vinh,86,Vĩnh Long
29266,Thị trấn Càng Long,29269,Xã Càng Long,86,Vĩnh Long
`;

// columns: code, unit, received, resolved, components flag, result flag
const ROWS: Array<[string, string, string, string, 0 | 1, 0 | 1]> = [
  ['P1', '84', '2022-01-10', '2022-01-20', 1, 1],
  ['P2', '84', '2022-02-10', '2022-02-11', 1, 0],
  ['P3', '84', '2022-03-10', '', 1, 0],
  ['P4', '84', '2022-04-10', '', 0, 0],
  ['D1', '842', '2022-01-05', '2022-01-06', 1, 1],
  ['D2', '842', '2022-06-05', '', 0, 0],
  ['C1', '29236', '2022-01-01', '2022-01-02', 1, 1],
  ['C2', '29236', '2022-02-01', '2022-02-02', 1, 0],
  ['C3', '29236', '2022-03-01', '2022-03-02', 0, 0],
  ['C4', '29236', '2022-04-01', '2022-04-02', 0, 0],
  ['C5', '29236', '2022-05-01', '', 0, 0],
  ['C6', '29239', '2022-05-01', '', 0, 0],
  ['C7', '29239', '2022-07-01', '', 0, 0],
  ['C8', '29266', '2023-03-01', '2023-03-05', 1, 1],
];

/** A small catalog: Trà Vinh units (3 districts' worth), the 2025 mapping, and the rows above. */
export async function openReportCatalog(extraRows: typeof ROWS = []): Promise<SqlCatalog> {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'units.csv'), UNITS);
  writeFileSync(path.join(dir, 'map.csv'), MAP);
  const header = 'dossier_code,procedure_code,unit_code,agency,received_date,resolved_date,components_digitized,result_digitized';
  writeFileSync(path.join(dir, 'reg.csv'), [header, ...[...ROWS, ...extraRows].map((r) => [r[0], 'X', r[1], 'A', r[2], r[3], r[4], r[5]].join(','))].join('\n'));
  const catalog = openSqliteCatalog(path.join(dir, 'ws'));
  await importUnits(catalog, path.join(dir, 'units.csv'));
  await importUnitMap(catalog, path.join(dir, 'map.csv'));
  await importRegister(catalog, path.join(dir, 'reg.csv'));
  return catalog;
}

