// One copy of the streaming loop per kernel. V8 keeps call-site feedback per function
// literal, so a single shared loop fed by every library's update call would turn
// megamorphic and slow down whichever kernel runs later; each kernel gets its own code,
// calling the library's own method directly (no wrapper closure in between).

/** `(values, target) => last`, calling `target[method](value)` for each value, compiled afresh. */
export function freshLoop(method) {
  if (!/^[A-Za-z_$][\w$]*$/.test(method)) throw new Error(`not a method name: ${method}`);
  return new Function('values', 'target', `let last; for (let i = 0; i < values.length; i++) last = target.${method}(values[i]); return last;`);
}

/** The timed function of a streaming kernel: a new indicator from `make()`, every value through `method`, the last result. */
export function streamed(values, make, method) {
  const loop = freshLoop(method);
  return () => loop(values, make());
}
