/** Persistent key-value storage: declared in the core (which needs it), re-exported for the apps and adapters. */
export { STORE_LIMITS, checkStoreEntry, type Store, type StoreValue } from "../core/platform.ts";
