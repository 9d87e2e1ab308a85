// pgpass (a dependency of pg) ships no types: looks up ~/.pgpass (or PGPASSFILE) like libpq.
declare module 'pgpass' {
  interface ConnInfo {
    host?: string;
    port?: string | number;
    database?: string;
    user?: string;
  }
  function pgpass(info: ConnInfo, cb: (password: string | undefined) => void): void;
  export default pgpass;
}
