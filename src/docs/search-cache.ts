/**
 * The server's search structures saved inside the store, so that a start reads them instead
 * of rebuilding them: parsing the MiniSearch JSON, sorting its terms, indexing the pages and
 * grouping the chunk postings by page took most of the first search_docs of a process.
 * A cache is tied to the build it came from (meta.built_at); any other build ignores it.
 *
 * Layout: a 4-byte header length, the header (JSON: the parts, with each typed array replaced
 * by {"$array": i}, and the arrays' types and lengths), then each array's bytes, 8-byte aligned.
 */
import Database from 'better-sqlite3';
import type { CompactParts } from './compact-index.js';

export interface SearchCache {
  chunks: CompactParts;
  pageIndex: CompactParts;
  /** Shares the chunk index's vocabulary. */
  pageText: CompactParts;
}

const FORMAT = 1;
const ARRAY_TYPES = { Int32Array, Uint32Array, Uint16Array, Float64Array };
type ArrayType = keyof typeof ARRAY_TYPES;
type Part = keyof SearchCache;
const PARTS: Part[] = ['chunks', 'pageIndex', 'pageText'];

const align = (offset: number) => Math.ceil(offset / 8) * 8;

export function encodeSearchCache(cache: SearchCache): Buffer {
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
  let size = align(4 + header.length);
  const offsets = arrays.map(({ bytes }) => {
    const at = size;
    size = align(size + bytes.byteLength);
    return at;
  });
  const out = Buffer.alloc(size);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  arrays.forEach(({ bytes }, i) => out.set(bytes, offsets[i]));
  return out;
}

/** Undefined for a blob of another format. */
export function decodeSearchCache(blob: Uint8Array): SearchCache | undefined {
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.toString('utf8', 4, 4 + headerLength)) as {
    format: number;
    arrays: Array<{ type: ArrayType; length: number }>;
    parts: Record<Part, Record<string, unknown>>;
  };
  if (header.format !== FORMAT) return undefined;
  let at = align(4 + headerLength);
  const arrays = header.arrays.map(({ type, length }) => {
    const Type = ARRAY_TYPES[type];
    const bytes = length * Type.BYTES_PER_ELEMENT;
    // A copy: the blob's offset in its buffer need not suit the element size.
    const copy = new Uint8Array(bytes);
    copy.set(data.subarray(at, at + bytes));
    const array = new Type(copy.buffer);
    at = align(at + bytes);
    return array;
  });
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
    const row = db.prepare("SELECT data FROM search_cache WHERE name = 'search' AND built_at = ?").get(builtAt) as { data: Uint8Array } | undefined;
    return row ? decodeSearchCache(row.data) : undefined;
  } catch {
    // An unreadable cache only costs the slower load.
    return undefined;
  }
}

/** Saves the cache into the store file (which must be writable). */
export function writeSearchCache(dbPath: string, builtAt: string, cache: SearchCache): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    // The cache is written from a serving process: its pages go to the file, not into a 16 MB page cache (better-sqlite3's default).
    db.pragma('cache_size = -1024');
    db.exec('CREATE TABLE IF NOT EXISTS search_cache (name TEXT PRIMARY KEY, built_at TEXT NOT NULL, data BLOB NOT NULL)');
    db.prepare("INSERT OR REPLACE INTO search_cache (name, built_at, data) VALUES ('search', ?, ?)").run(builtAt, encodeSearchCache(cache));
  } finally {
    db.close();
  }
}
