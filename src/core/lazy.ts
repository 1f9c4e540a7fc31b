/**
 * Loading on first use. Provider bindings are large (one resource type is one module of up to several MB), so
 * tierform loads a renderer's module, and with it the bindings it imports, when the renderer first runs: an
 * environment that has no Kubernetes cluster never loads EKS, and one without a platform stack never loads the
 * Kubernetes and Helm bindings.
 *
 * Write the loader as `() => require("./module") as typeof import("./module")` next to its use, with a relative
 * path: compiled to CommonJS this is Node's `require`; under vitest, which cannot `require` TypeScript, a plugin
 * in vitest.config.ts turns each such `require` into a static import.
 */

/** The function `name` of the module `load` returns, loaded on the first call. */
export function onFirstCall<M extends { readonly [P in K]: (...args: never[]) => unknown }, K extends keyof M>(load: () => M, name: K): M[K] {
  let fn: M[K] | undefined;
  const call = (...args: Parameters<M[K]>): ReturnType<M[K]> => (fn ??= load()[name])(...args) as ReturnType<M[K]>;
  return call as M[K];
}
