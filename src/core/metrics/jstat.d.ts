// jstat 1.9.6 ships no types and there is no @types/jstat; this declares the part the metrics core
// calls (normal and Student t distributions). The package is CommonJS: `module.exports = jStat`.
declare module 'jstat' {
  interface Distribution<Params extends unknown[]> {
    cdf(x: number, ...params: Params): number;
    inv(p: number, ...params: Params): number;
  }
  const jStat: {
    /** (mean, sd) */
    normal: Distribution<[mean: number, sd: number]>;
    /** (degrees of freedom) */
    studentt: Distribution<[dof: number]>;
  };
  export default jStat;
}
