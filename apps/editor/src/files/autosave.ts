// Autosave to IndexedDB: one record, the graph as saved text plus the file name, written after
// every change (debounced by the caller). Text, not objects, so a restore goes through the same
// open path as a file and a half-written record cannot exist (one put is one transaction).
const DB = 'ffavatar-editor';
const STORE = 'autosave';
const KEY = 'current';

export interface AutosaveRecord {
  text: string;
  name: string | undefined;
  savedAt: number;
  /** Whether the graph had changes no file holds; records from before this field count as edited. */
  edited?: boolean;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

export function writeAutosave(record: AutosaveRecord): Promise<unknown> {
  return tx('readwrite', (s) => s.put(record, KEY));
}

export async function readAutosave(): Promise<AutosaveRecord | undefined> {
  return (
    (await tx<AutosaveRecord | undefined>(
      'readonly',
      (s) => s.get(KEY) as IDBRequest<AutosaveRecord | undefined>,
    )) ?? undefined
  );
}
