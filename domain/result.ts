/**
 * Expected failures are values, not exceptions (architecture.md): a device that finds no card or a
 * card that is expired is an ordinary outcome the caller must handle, so it is typed.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
