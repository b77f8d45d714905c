/**
 * The server's search structures saved inside the store, so that a start reads them instead
 * of rebuilding them: parsing the MiniSearch JSON, sorting its terms, indexing the pages and
 * grouping the chunk postings by page took most of the first search_docs of a process.
 * A cache is tied to the build it came from (meta.built_at); any other build ignores it.
 *
 * Layout: rows of the search_cache table, one per typed array ('search.1', 'search.2', …: the
 * array's bytes) and a header row ('search': JSON of the parts, with each typed array replaced by
 * {"$array": i}, and the arrays' types and lengths). An array is read on its own and used where
 * SQLite's copy of it lies, so loading holds one array twice at most, never the whole cache.
 */
import Database from 'better-sqlite3';
import type { CompactParts } from './compact-index.js';

export interface SearchCache {
  chunks: CompactParts;
  pageIndex: CompactParts;
  /** Shares the chunk index's vocabulary. */
  pageText: CompactParts;
}

const FORMAT = 2;
const ARRAY_TYPES = { Int32Array, Uint32Array, Uint16Array, Float64Array };
type ArrayType = keyof typeof ARRAY_TYPES;
type Part = keyof SearchCache;
const PARTS: Part[] = ['chunks', 'pageIndex', 'pageText'];
const HEADER_ROW = 'search';
const arrayRow = (i: number) => `${HEADER_ROW}.${i + 1}`;

/** The cache's rows: the header first, then each typed array's bytes (not copied). */
export function encodeSearchCache(cache: SearchCache): Uint8Array[] {
  const arrays: Array<{ type: ArrayType; length: number; bytes: Uint8Array }> = [];
  const parts: Record<string, Record<string, unknown>> = {};
  for (const name of PARTS) {
    parts[name] = Object.fromEntries(
      Object.entries(cache[name]).map(([key, value]) => {
        if (!ArrayBuffer.isView(value)) return [key, value];
        const typed = value as Int32Array;
        arrays.push({ type: typed.constructor.name as ArrayType, length: typed.length, bytes: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength) });
        return [key, { $array: arrays.length - 1 }];
      }),
    );
  }
  const header = Buffer.from(JSON.stringify({ format: FORMAT, arrays: arrays.map(({ type, length }) => ({ type, length })), parts }));
  return [header, ...arrays.map(({ bytes }) => bytes)];
}

/** `row(0)` is the header, `row(i + 1)` array i, as encodeSearchCache made them. Undefined for another format or a missing row. */
export function decodeSearchCache(row: (index: number) => Uint8Array | undefined): SearchCache | undefined {
  const headerBytes = row(0);
  if (!headerBytes) return undefined;
  const header = JSON.parse(Buffer.from(headerBytes.buffer, headerBytes.byteOffset, headerBytes.byteLength).toString('utf8')) as {
    format: number;
    arrays: Array<{ type: ArrayType; length: number }>;
    parts: Record<Part, Record<string, unknown>>;
  };
  if (header.format !== FORMAT) return undefined;
  const arrays: Array<InstanceType<(typeof ARRAY_TYPES)[ArrayType]>> = [];
  for (const [i, { type, length }] of header.arrays.entries()) {
    const Type = ARRAY_TYPES[type];
    const bytes = row(i + 1);
    if (!bytes || bytes.byteLength !== length * Type.BYTES_PER_ELEMENT) return undefined;
    // A view where the bytes are aligned for the element size (SQLite's copy has a buffer of its own), else a copy.
    arrays.push(bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0 ? new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, length) : new Type(new Uint8Array(bytes).buffer));
  }
  const part = (name: Part) =>
    Object.fromEntries(
      Object.entries(header.parts[name]).map(([key, value]) => {
        const ref = value as { $array?: number } | null;
        return [key, ref && typeof ref === 'object' && typeof ref.$array === 'number' ? arrays[ref.$array] : value];
      }),
    ) as unknown as CompactParts;
  return { chunks: part('chunks'), pageIndex: part('pageIndex'), pageText: part('pageText') };
}

/** The store's search cache for its build, if it has one (older stores have no table for it). */
export function readSearchCache(db: Database.Database, builtAt: string): SearchCache | undefined {
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_cache'").get();
    if (!table) return undefined;
    const statement = db.prepare('SELECT data FROM search_cache WHERE name = ? AND built_at = ?');
    return decodeSearchCache((index) => (statement.get(index === 0 ? HEADER_ROW : arrayRow(index - 1), builtAt) as { data: Uint8Array } | undefined)?.data);
  } catch {
    // An unreadable cache only costs the slower load.
    return undefined;
  }
}

/** Saves the cache into the store file (which must be writable), replacing any earlier one. */
export function writeSearchCache(dbPath: string, builtAt: string, cache: SearchCache): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    // The cache is written from a serving process: its pages go to the file, not into a 16 MB page cache (better-sqlite3's default).
    db.pragma('cache_size = -1024');
    db.exec('CREATE TABLE IF NOT EXISTS search_cache (name TEXT PRIMARY KEY, built_at TEXT NOT NULL, data BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO search_cache (name, built_at, data) VALUES (?, ?, ?)');
    db.transaction(() => {
      db.prepare("DELETE FROM search_cache WHERE name = ? OR name LIKE ? || '.%'").run(HEADER_ROW, HEADER_ROW);
      encodeSearchCache(cache).forEach((data, index) => insert.run(index === 0 ? HEADER_ROW : arrayRow(index - 1), builtAt, data));
    })();
  } finally {
    db.close();
  }
}
