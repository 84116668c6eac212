/**
 * better-sqlite3-multiple-ciphers keeps better-sqlite3's API (with the cipher pragmas) but its
 * package.json "exports" give TypeScript no types: it is typed as better-sqlite3 here. (A tsconfig
 * "paths" entry would also redirect tsx at run time, to the .d.ts file.)
 */
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
