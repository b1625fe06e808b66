/**
 * The shape of a message table without its Chinese words: every other language's table must have
 * exactly these keys, with any strings (the zh-CN tables are `as const`, so their own type would
 * demand the Chinese literals).
 */
export type MessageShape<T> = {
  -readonly [K in keyof T]: T[K] extends string ? string : T[K] extends readonly string[] ? readonly string[] : MessageShape<T[K]>;
};
