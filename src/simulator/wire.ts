/**
 * Type-level bridge from the official `@goauthentik/api` models (camelCase keys, `Date` values) to
 * the JSON authentik actually sends (snake_case keys, ISO strings). Response builders use
 * `satisfies Wire<Model>` so that a field the real server sends cannot be forgotten or misspelled
 * without the compiler noticing. Types only: nothing here exists at runtime.
 */

/**
 * `"usersObj"` → `"users_obj"`, `"numPk"` → `"num_pk"`. Written with an accumulator so TypeScript
 * can evaluate it tail-recursively for long keys (`assignedBackchannelApplicationSlug`).
 * A plain `string` (an index signature's key) stays `string`.
 */
export type SnakeCase<S extends string, Acc extends string = ""> = string extends S
  ? S
  : S extends `${infer Head}${infer Tail}`
    ? SnakeCase<Tail, `${Acc}${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}`>
    : Acc;

/**
 * The wire form of an official model: keys in snake_case (recursively), `Date` as an ISO string,
 * arrays and `null`s kept, optional keys still optional, `readonly` dropped (the simulator builds
 * these objects).
 */
export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer Item>
    ? Wire<Item>[]
    : T extends object
      ? { -readonly [K in keyof T as K extends string ? SnakeCase<K> : K]: Wire<T[K]> }
      : T;
