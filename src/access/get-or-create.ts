/** What `getOrCreate` needs of a map: a `Map` or a `WeakMap`. */
interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value cached under `key`, made with `create` and cached the first time it is asked for. */
export function getOrCreate<K, V>(cache: Cache<K, V>, key: K, create: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}
