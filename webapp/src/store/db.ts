// SPDX-License-Identifier: Apache-2.0
// The browser's own storage (IndexedDB): the login, the inbox cursor, the Signal state, and
// the decrypted messages, which exist nowhere else once the server has delivered them.

export type StoreName = "kv" | "signal" | "messages" | "chats";

const VERSION = 1;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

export class Db {
  private constructor(
    private readonly db: IDBDatabase,
    readonly name: string,
  ) {}

  static async open(name = "switchboard"): Promise<Db> {
    const req = indexedDB.open(name, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      // Key-value stores keep their keys outside the values (strings or numbers).
      if (!db.objectStoreNames.contains("kv")) db.createObjectStore("kv");
      if (!db.objectStoreNames.contains("signal")) db.createObjectStore("signal");
      if (!db.objectStoreNames.contains("messages")) {
        const m = db.createObjectStore("messages", { keyPath: "id" });
        m.createIndex("chat", "chat");
      }
      if (!db.objectStoreNames.contains("chats")) db.createObjectStore("chats", { keyPath: "chat" });
    };
    const db = await request(req);
    // Another tab upgrading (a newer build) asks us to let go.
    db.onversionchange = () => db.close();
    return new Db(db, name);
  }

  async get<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
    const tx = this.db.transaction(store, "readonly");
    return (await request(tx.objectStore(store).get(key))) as T | undefined;
  }

  async put(store: StoreName, value: unknown, key?: IDBValidKey): Promise<void> {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).put(value, key);
    await done(tx);
  }

  async delete(store: StoreName, key: IDBValidKey | IDBKeyRange): Promise<void> {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).delete(key);
    await done(tx);
  }

  async all<T>(store: StoreName): Promise<T[]> {
    const tx = this.db.transaction(store, "readonly");
    return (await request(tx.objectStore(store).getAll())) as T[];
  }

  async byIndex<T>(store: StoreName, index: string, key: IDBValidKey): Promise<T[]> {
    const tx = this.db.transaction(store, "readonly");
    return (await request(tx.objectStore(store).index(index).getAll(key))) as T[];
  }

  async keys(store: StoreName, range?: IDBKeyRange): Promise<IDBValidKey[]> {
    const tx = this.db.transaction(store, "readonly");
    return request(tx.objectStore(store).getAllKeys(range));
  }

  // Several writes that must land together (a message and the cursor that delivered it).
  async batch(writes: Array<{ store: StoreName; value?: unknown; key?: IDBValidKey; del?: boolean }>): Promise<void> {
    const names = [...new Set(writes.map((w) => w.store))];
    const tx = this.db.transaction(names, "readwrite");
    for (const w of writes) {
      const s = tx.objectStore(w.store);
      if (w.del && w.key !== undefined) s.delete(w.key);
      else s.put(w.value, w.key);
    }
    await done(tx);
  }

  // Logging out forgets everything this browser kept for the account.
  async destroy(): Promise<void> {
    this.db.close();
    await request(indexedDB.deleteDatabase(this.name));
  }
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}
