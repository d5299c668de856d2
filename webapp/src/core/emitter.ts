// SPDX-License-Identifier: Apache-2.0
// A tiny typed event emitter: the model tells the views what changed, the views never poll.

export class Emitter<Events extends Record<string, unknown>> {
  private handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(name: K, fn: (payload: Events[K]) => void): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(fn as (payload: never) => void);
    return () => set?.delete(fn as (payload: never) => void);
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    for (const fn of this.handlers.get(name) ?? []) {
      try {
        (fn as (p: Events[K]) => void)(payload);
      } catch (e) {
        // One broken view must not stop the others from updating.
        console.error(e);
      }
    }
  }
}
